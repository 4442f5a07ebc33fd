"""Search as data: the same index, groups and moments as the /search page (views/search.py)."""
from pyramid.view import view_config

from views.api import BadParameter, _fresh, _json, problem, text_query
from views.search import result_groups

MAX_QUERY = 2000


def _hit(item) -> dict:
    hit, data = item["hit"], item["hit"].data
    body = {"kind": hit.kind, "title": hit.title, "snippet_html": hit.snippet_html, "url": item["href"]}
    if hit.kind in ("episode", "transcript"):
        body |= {"show": data.get("show_slug"), "number": data.get("number"), "slug": data.get("slug"),
                 "start_s": hit.start_ms // 1000 if hit.start_ms is not None else None}
    else:
        body["slug"] = data.get("slug")
    return body


@view_config(route_name="api.search", request_method="GET")
def search(request):
    try:
        query = text_query(request, "q", MAX_QUERY).strip()
    except BadParameter as exc:
        return problem(400, "Bad Request", str(exc))
    if not query:
        return problem(400, "Bad Request", "q is required: the words to search for.")
    validators = _fresh(request)
    results = request.registry.search_index.search(query)
    return _json(validators, {
        "query": query,
        "groups": [{"kind": group["kind"], "title": group["title"], "hits": [_hit(item) for item in group["hits"]]}
                   for group in result_groups(request, results)],
    })
