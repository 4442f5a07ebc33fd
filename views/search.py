"""/search?q=: episodes, transcripts (to the second), guests and courses."""
from pyramid.view import view_config

from app import urls
from views.params import text_param

KIND_TITLES = {"episodes": "Episodes", "transcripts": "Said on the show", "guests": "Guests", "courses": "Courses"}


def _href(request, hit) -> str:
    data = hit.data
    if hit.kind == "episode":
        return urls.episode(request, data["show_slug"], data["number"], data["slug"])
    if hit.kind == "transcript":
        seconds = hit.start_ms // 1000 if hit.start_ms is not None else None
        return urls.episode(request, data["show_slug"], data["number"], data["slug"], t=seconds)
    if hit.kind == "guest":
        return request.route_url("guests.show", slug=data["slug"])
    return request.route_url("courses.show", slug=data["slug"])


def result_groups(request, results) -> list[dict]:
    """The non-empty groups of a search, each hit with its link; the page and the API show these."""
    groups = []
    for kind, hits in results.groups.items():
        if hits:
            groups.append({"kind": kind, "title": KIND_TITLES[kind],
                           "hits": [{"hit": hit, "href": _href(request, hit)} for hit in hits]})
    return groups


@view_config(route_name="search", renderer="templates:search/results.pt")
def search(request):
    query = text_param(request, "q", 2000)
    results = request.registry.search_index.search(query) if query else None
    groups = result_groups(request, results) if results is not None else []
    return {"query": query, "results": results, "groups": groups,
            "page_title": f"Search: {query[:60]}" if query else "Search"}
