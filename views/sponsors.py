from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from data.catalog import sponsor_service
from data.core.common import clean_url
from views.params import not_found


@view_config(route_name="sponsors.index", renderer="templates:sponsors/index.pt")
def sponsor_list(request):
    return {"sponsors": sponsor_service.active()}


@view_config(route_name="sponsors.redirect")
def sponsor_redirect(request):
    """/<sponsor-slug>: count the click, then send the visitor on (302: the target may change)."""
    sponsor = sponsor_service.by_slug(request.matchdict["slug"]) or not_found()
    try:  # stored before addresses were cleaned on save: a Location header must be ASCII
        target = clean_url(sponsor.target_url)
    except ValueError:
        not_found()
    sponsor_service.record_click(sponsor)
    response = HTTPFound(target)
    response.cache_control = "no-store"
    return response
