from pyramid.view import view_config

from data.catalog import episode_service, show_service
from data.training import course_service


@view_config(route_name="home", renderer="templates:home/index.pt")
def home(request):
    shows = show_service.all_shows()
    for show in shows:
        show["latest"] = episode_service.latest(show.id, limit=5)
    return {"shows": shows, "courses": course_service.featured(limit=3)}
