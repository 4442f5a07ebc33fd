from pyramid.view import view_config

from data.catalog import episode_service, guest_service
from views.params import not_found


@view_config(route_name="guests.index", renderer="templates:guests/index.pt")
def guest_list(request):
    return {"guests": guest_service.all_with_appearances()}


@view_config(route_name="guests.show", renderer="templates:guests/show.pt")
def guest_page(request):
    guest = guest_service.by_slug(request.matchdict["slug"]) or not_found("There is no guest by that name.")
    return {"guest": guest, "episodes": episode_service.for_guest(guest.id)}
