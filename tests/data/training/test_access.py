"""Access levels, free previews and grants (one course or all, an optional end, revoking,
and a repeated webhook delivery that creates one grant)."""
import datetime as dt

import pytest

from data.accounts import user_service
from data.training.access import Grant, grant, needs, revoke
from data.training.course import Chapter, Course, Lecture

PASSWORD = "a long student password 42"


@pytest.fixture
def course(store):
    return Course(slug="paid-course", title="Paid", access_level="paid", chapters=[Chapter(
        title="One", lectures=[Lecture(title="Intro", free_preview=True), Lecture(title="Deep")])]).save()


@pytest.fixture
def student(store):
    return user_service.create("learner@example.com", "Learner", PASSWORD, role="student")


def test_levels_and_free_previews(course, student):
    intro, deep = course.chapters[0].lectures
    assert needs(None, course, intro) is None  # a preview is open to anyone
    assert needs(None, course, deep) == "account"
    assert needs(student, course, deep) == "grant"
    course.access_level = "account"
    assert needs(student, course, deep) is None and needs(None, course, deep) == "account"
    course.access_level = "free"
    assert needs(None, course, deep) is None


def test_grants_for_one_course_or_all_with_an_end(course, student):
    deep = course.chapters[0].lectures[1]
    other = Course(slug="other", title="Other").save()
    one = grant(student, course)
    assert needs(student, course, deep) is None and needs(student, other) == "grant"
    revoke(one)
    assert needs(student, course, deep) == "grant"
    grant(student, None, ends_at=dt.datetime.utcnow() - dt.timedelta(days=1))  # ended
    assert needs(student, other) == "grant"
    grant(student, None, ends_at=dt.datetime.utcnow() + dt.timedelta(days=30))
    assert needs(student, other) is None and needs(student, course, deep) is None


def test_a_repeated_webhook_event_creates_one_grant(course, student):
    first = grant(student, course, source="payment:test", source_ref="evt_1")
    again = grant(student, course, source="payment:test", source_ref="evt_1")
    assert first.id == again.id and Grant.objects(source="payment:test").count() == 1
    grant(student, course)
    grant(student, course)  # plain admin grants have no source_ref and do not collide
    assert Grant.objects(source="admin").count() == 2
