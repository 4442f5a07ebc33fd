"""Courses: the catalogue, a course's outline, its lectures, and the player's progress reports."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from data.training import access, course_service, progress
from views.params import not_found

NEEDS = {
    "account": ("Sign in to watch", "This lecture is free for anyone with an account. Sign in, or create "
                "an account in a minute; no payment is needed."),
    "grant": ("This lecture is part of a paid course", "Your account does not have access to this course yet. "
              "If you have an access code (for example from your team's licence), redeem it; "
              "otherwise ask us about access."),
}


@view_config(route_name="courses.index", renderer="templates:courses/index.pt")
def course_list(request):
    return {"courses": course_service.published()}


def course_from_path(request):
    return course_service.public_by_slug(request.matchdict["slug"]) or not_found("There is no course by that name.")


@view_config(route_name="courses.show", renderer="templates:courses/show.pt")
def course_page(request):
    course = course_from_path(request)
    mine = progress.for_course(request.identity, course)
    return {"course": course, "progress": mine, "summary": progress.summary(course, mine) if mine else None,
            "slugs": {id(lecture): slug for lecture, slug in course.lecture_slugs()}}


@view_config(route_name="courses.lecture", renderer="templates:courses/lecture.pt")
def lecture_page(request):
    course = course_from_path(request)
    found = course_service.lecture_in(course, request.matchdict["lecture"]) or not_found(
        "This course has no lecture by that name.")
    user = request.identity
    missing = access.needs(user, course, found["lecture"])
    mine = progress.for_course(user, course) if missing is None else {}
    here = mine.get(found["slug"])
    if missing is not None:
        request.response.status = 403
    return {"course": course, **found, "missing": missing, "needs": NEEDS.get(missing),
            "progress": mine, "start_s": here.position_s if here and not here.finished_at else 0,
            "slugs": {id(lecture): slug for lecture, slug in course.lecture_slugs()},
            "page_title": f"{found['lecture'].title} · {course.title}"}


@view_config(route_name="courses.progress", request_method="POST", renderer="json")
def lecture_progress(request):
    """The player reports its position (JSON answer); "Mark as finished" posts here too (redirect)."""
    course = course_from_path(request)
    found = course_service.lecture_in(course, request.matchdict["lecture"]) or not_found(
        "This course has no lecture by that name.")
    user = request.identity
    if user is None or access.needs(user, course, found["lecture"]) is not None:
        request.response.status = 403
        return {"error": "Sign in with access to this course to keep your place."}
    finished = request.POST.get("finished") == "1"
    try:
        result = progress.report(user, course, found["lecture"], found["slug"],
                                 request.POST.get("position", found["lecture"].duration_s if finished else ""),
                                 finished=finished)
    except progress.ProgressRefused as exc:
        request.response.status = 400
        return {"error": str(exc)}
    if request.POST.get("from") == "page":
        request.session.flash("Marked as finished.", queue="success")
        target = found["next"][1] if found["next"] else None
        url = (request.route_url("courses.lecture", slug=course.slug, lecture=target) if target
               else request.route_url("courses.show", slug=course.slug))
        return HTTPSeeOther(url)
    return result
