"""Courses as data: the outline a visitor sees on a course page (chapters, lectures, durations,
access level, free previews), never the lectures themselves."""
from pyramid.view import view_config

from data.training import course_service
from views.api import _fresh, _json, problem


def _outline(chapters) -> list[dict]:
    out = []
    for chapter in chapters or ():
        lectures = [{"title": lec.get("title") or "", "duration_s": int(lec.get("duration_s") or 0),
                     "free_preview": bool(lec.get("free_preview"))} for lec in chapter.get("lectures") or ()]
        out.append({"title": chapter.get("title") or "", "duration_s": sum(lec["duration_s"] for lec in lectures),
                    "lectures": lectures})
    return out


def _course(request, row, with_outline: bool) -> dict:
    chapters = _outline(row.get("chapters"))
    body = {"slug": row["slug"], "title": row.get("title") or "", "summary": row.get("summary") or "",
            "instructor": row.get("instructor") or "", "access_level": row.get("access_level") or "paid",
            "price": f"{float(row.get('price') or 0):.2f}",  # a decimal string: no float rounding in clients
            "duration_s": int(row.get("total_duration_s") or 0), "chapter_count": len(chapters),
            "lecture_count": sum(len(chapter["lectures"]) for chapter in chapters),
            "url": request.route_url("courses.show", slug=row["slug"])}
    if with_outline:
        body["chapters"] = chapters
    return body


@view_config(route_name="api.courses", request_method="GET")
def courses(request):
    validators = _fresh(request)
    return _json(validators, {"items": [_course(request, row, False) for row in course_service.published_outlines()]})


@view_config(route_name="api.course", request_method="GET")
def course(request):
    validators = _fresh(request)
    found = course_service.public_by_slug(request.matchdict["slug"][:80])
    if found is None:
        return problem(404, "Not Found", "There is no published course with that slug.")
    return _json(validators, _course(request, found.to_mongo().to_dict(), True))
