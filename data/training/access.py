"""Who may open a course's lectures: access levels, free previews and grants.

A grant is one student's access to one course, or to all courses when ``course`` is empty, with
an optional end. ``source`` says where it came from ("admin", "code", and later e.g.
"payment:stripe"); ``source_ref`` is that source's own id (a code, a payment id), unique, so a
payment provider's webhook can call ``grant(..., source="payment:stripe", source_ref=event_id)``
and a repeated delivery of the same event creates nothing twice.
"""
from __future__ import annotations

import mongoengine as me
from mongoengine.errors import NotUniqueError

from data.accounts.user import User
from data.core.common import utcnow
from data.training.course import Course


class Grant(me.Document):
    user = me.ReferenceField(User, required=True)
    course = me.ReferenceField(Course)  # None: every course
    ends_at = me.DateTimeField()  # None: no end
    source = me.StringField(required=True, max_length=40, default="admin")
    source_ref = me.StringField(max_length=240)  # "<source>:<its id>", so one index covers all sources
    created_at = me.DateTimeField(default=utcnow)
    revoked_at = me.DateTimeField()

    meta = {"collection": "grants", "indexes": [
        ("user", "course"),
        {"fields": ["source_ref"], "unique": True, "sparse": True},  # absent for a plain admin grant
    ]}


def grant(user: User, course: Course | None = None, *, ends_at=None, source: str = "admin",
          source_ref: str | None = None) -> Grant:
    """A new grant; with a ``source_ref`` already used by ``source``, the existing one."""
    ref = f"{source}:{source_ref}" if source_ref else None
    try:
        return Grant(user=user, course=course, ends_at=ends_at, source=source, source_ref=ref).save()
    except NotUniqueError:
        return Grant.objects(source_ref=ref).get()


def revoke(grant_doc: Grant) -> None:
    Grant.objects(id=grant_doc.id).update_one(set__revoked_at=utcnow())


def has_grant(user: User, course: Course, now=None) -> bool:
    now = now or utcnow()
    for candidate in Grant.objects(user=user, revoked_at=None).only("course", "ends_at").no_dereference():
        # a student has a handful of grants: read them by the (user, course) index, decide here
        course_id = candidate.course.id if candidate.course is not None else None
        if course_id in (None, course.id) and (candidate.ends_at is None or candidate.ends_at > now):
            return True
    return False


def needs(user: User | None, course: Course, lecture=None) -> str | None:
    """None when ``user`` (None: a visitor) may open the lecture, else what is missing:
    "account" (sign in; free for anyone signed in) or "grant" (a grant or an access code)."""
    if course.access_level == "free" or (lecture is not None and lecture.free_preview):
        return None
    if user is None:
        return "account"
    if user.role in ("admin", "editor") or course.access_level == "account":
        return None
    return None if has_grant(user, course) else "grant"


class AccessCode(me.Document):
    """One code of a batch (e.g. a team licence) for one course; it works once."""
    code = me.StringField(required=True, max_length=40)
    course = me.ReferenceField(Course, required=True)
    batch = me.StringField(required=True, max_length=80)
    redeemed_by = me.ReferenceField(User)
    redeemed_at = me.DateTimeField()

    meta = {"collection": "access_codes", "indexes": [{"fields": ["code"], "unique": True}, "batch"]}


def normalize_code(code) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def create_codes(course: Course, count: int, batch: str) -> list[AccessCode]:
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread
    codes = [AccessCode(code="".join(secrets.choice(alphabet) for _ in range(12)), course=course, batch=batch)
             for _ in range(count)]
    AccessCode.objects.insert(codes)
    return codes


def redeem(user: User, code: str) -> Grant | None:
    """The grant a valid, unused code gives ``user``; None for an unknown or used code.
    The code is taken atomically, so two students racing for it cannot both win."""
    code = normalize_code(code)
    taken = AccessCode.objects(code=code, redeemed_by=None).update_one(
        set__redeemed_by=user, set__redeemed_at=utcnow()) if code else 0
    if not taken:
        return None
    access_code = AccessCode.objects(code=code).get()
    return grant(user, access_code.course, source="code", source_ref=code)
