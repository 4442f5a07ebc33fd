from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from data.catalog import sponsor_service
from views.params import not_found


@view_config(route_name="sponsors.index", renderer="templates:sponsors/index.pt")
def sponsor_list(request):
    return {"sponsors": sponsor_service.active()}


@view_config(route_name="sponsors.redirect")
def sponsor_redirect(request):
    """/<sponsor-slug>: count the click, then send the visitor on (302: the target may change)."""
    sponsor = sponsor_service.by_slug(request.matchdict["slug"]) or not_found()
    sponsor_service.record_click(sponsor)
    response = HTTPFound(sponsor.target_url)
    response.cache_control = "no-store"
    return response
