"""Where each student is in each lecture: the player reports, the pages resume.

One small document per (student, course, lecture), updated in place: a report is one
``update_one`` with upsert, whatever the number of students. A lecture is finished at
``FINISHED_SHARE`` of its length watched, or when the student says so; it stays finished
when they rewatch the beginning.
"""
from __future__ import annotations

import mongoengine as me

from data.accounts.user import User
from data.core.common import utcnow
from data.training.course import Course

FINISHED_SHARE = 0.9


class LectureProgress(me.Document):
    user = me.ReferenceField(User, required=True)
    course = me.ReferenceField(Course, required=True)
    lecture = me.StringField(required=True, max_length=80)  # the lecture's slug
    position_s = me.IntField(default=0, min_value=0)
    finished_at = me.DateTimeField()
    updated_at = me.DateTimeField(default=utcnow)

    meta = {"collection": "lecture_progress",
            "indexes": [{"fields": ["user", "course", "lecture"], "unique": True}, ("course", "lecture")]}


class ProgressRefused(ValueError):
    """A report that cannot be right (a negative or absurd position)."""


def report(user: User, course: Course, lecture, slug: str, position_s: float, *, finished: bool = False) -> dict:
    """Store the playing position; finished at 90 % of the lecture's length or when asked."""
    try:
        position = int(float(position_s))
    except (TypeError, ValueError, OverflowError):
        raise ProgressRefused("The position must be a number of seconds.") from None
    length = int(lecture.duration_s or 0)
    if position < 0 or position > max(length, 1) * 2 + 60:
        raise ProgressRefused(f"A position of {position} s does not fit a lecture of {length} s.")
    now = utcnow()
    done = finished or (length > 0 and position >= FINISHED_SHARE * length)
    updates = {"set__position_s": min(position, length) if length else position, "set__updated_at": now}
    LectureProgress.objects(user=user, course=course, lecture=slug).update_one(upsert=True, **updates)
    if done:
        # Only the first finish counts as the date: rewatching does not move it.
        LectureProgress.objects(user=user, course=course, lecture=slug, finished_at=None).update_one(
            set__finished_at=now)
    return {"position_s": updates["set__position_s"], "finished": done or is_finished(user, course, slug)}


def is_finished(user: User, course: Course, slug: str) -> bool:
    return LectureProgress.objects(user=user, course=course, lecture=slug, finished_at__ne=None).count() > 0


def for_course(user: User | None, course: Course) -> dict[str, LectureProgress]:
    """lecture slug -> progress, for one student and course (an empty dict for a visitor)."""
    if user is None:
        return {}
    return {p.lecture: p for p in LectureProgress.objects(user=user, course=course)
            .only("lecture", "position_s", "finished_at", "updated_at")}


def summary(course: Course, progress: dict[str, LectureProgress]) -> dict:
    """Share finished, where to resume (the latest unfinished lecture touched, else the next
    one not started) and when the course was finished."""
    outline = course.lecture_slugs()
    finished = [slug for _, slug in outline if slug in progress and progress[slug].finished_at]
    resume = None
    touched = sorted((p for p in progress.values() if not p.finished_at), key=lambda p: p.updated_at, reverse=True)
    titles = {slug: lecture.title for lecture, slug in outline}
    if touched and touched[0].lecture in titles:
        resume = {"slug": touched[0].lecture, "title": titles[touched[0].lecture], "position_s": touched[0].position_s}
    elif progress:
        upcoming = next((slug for _, slug in outline if slug not in progress), None)
        if upcoming:
            resume = {"slug": upcoming, "title": titles[upcoming], "position_s": 0}
    done_at = None
    if outline and len(finished) == len(outline):
        done_at = max(progress[slug].finished_at for slug in finished)
    last = max(progress.values(), key=lambda p: p.updated_at) if progress else None
    return {"total": len(outline), "finished": len(finished),
            "percent": round(100 * len(finished) / len(outline)) if outline else 0,
            "resume": resume, "finished_at": done_at,
            "last": titles.get(last.lecture) if last is not None else None}


def my_courses(user: User) -> list[dict]:
    """The courses this student started, most recently used first, each with its summary."""
    by_course: dict = {}
    for p in LectureProgress.objects(user=user).only("course", "lecture", "position_s", "finished_at",
                                                     "updated_at").no_dereference():
        by_course.setdefault(p.course.id, {})[p.lecture] = p
    courses = Course.objects(id__in=list(by_course), published=True)
    found = [{"course": course, **summary(course, by_course[course.id])} for course in courses]
    return sorted(found, key=lambda row: max(p.updated_at for p in by_course[row["course"].id].values()),
                  reverse=True)
