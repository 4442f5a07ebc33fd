"""The site's public URL, and links to pages whose URL depends on the show (main show unprefixed)."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

# Where links in mail point when no public URL is set (development: `make run`).
LOCAL_URL = "http://localhost:6543"


def public_url(registry_or_settings) -> str:
    """``onair.public_url`` (ONAIR_PUBLIC_URL in the environment wins), without a trailing slash;
    "" when unset. The one source of every absolute URL that must not come from the request."""
    settings = getattr(registry_or_settings, "settings", registry_or_settings) or {}
    value = (os.environ.get("ONAIR_PUBLIC_URL") or settings.get("onair.public_url") or "").strip()
    return value.rstrip("/")


def split_public_url(value: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path prefix) of a public URL; ValueError saying what is wrong."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"onair.public_url must look like https://podcast.example.org, not {value!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"onair.public_url is a scheme, a host and at most a path: {value!r}")
    try:
        parts.port
    except ValueError:
        raise ValueError(f"onair.public_url has a port that is not a number: {value!r}") from None
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def mail_link(request, route_name: str, **kw) -> str:
    """An absolute link for a message: the public URL, never the request's Host."""
    return request.route_url(route_name, _app_url=public_url(request.registry) or LOCAL_URL, **kw)


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
