"""Links to pages whose URL depends on the show (main show unprefixed)."""


def _show_route(request, name: str, show_slug: str, **parts) -> str:
    if show_slug == request.registry.settings["onair.main_show"]:
        return request.route_url(name, **parts)
    return request.route_url(f"shows.{name}", show=show_slug, **parts)


def episode(request, show_slug: str, number: int, slug: str, **query) -> str:
    url = _show_route(request, "episodes.show", show_slug, number=number, slug=slug)
    return url + (f"?t={int(query['t'])}" if query.get("t") is not None else "")


def transcript(request, show_slug: str, number: int, slug: str) -> str:
    return _show_route(request, "episodes.transcript", show_slug, number=number, slug=slug)


def archive(request, show_slug: str, **query) -> str:
    return _show_route(request, "episodes.all", show_slug, _query=query)


# --- feeds, transcript files and chapters ---
def feed(request, show_slug: str, full_history: bool = False) -> str:
    return _show_route(request, "episodes.rss_full_history" if full_history else "episodes.rss", show_slug)


def transcript_file(request, show_slug: str, number: int, fmt: str) -> str:
    return _show_route(request, "episodes.transcript_file", show_slug, number=number, fmt=fmt)


def chapters(request, show_slug: str, number: int) -> str:
    return _show_route(request, "episodes.chapters", show_slug, number=number)
