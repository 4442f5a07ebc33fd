from pyramid.view import view_config

from data.training import course_service
from views.params import not_found


@view_config(route_name="courses.index", renderer="templates:courses/index.pt")
def course_list(request):
    return {"courses": course_service.published()}


@view_config(route_name="courses.show", renderer="templates:courses/show.pt")
def course_page(request):
    course = course_service.public_by_slug(request.matchdict["slug"]) or not_found("There is no course by that name.")
    return {"course": course}
