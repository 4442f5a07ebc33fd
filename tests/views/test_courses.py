"""Lectures: who may watch, the locked page, and the player's progress reports."""
import pytest

from data.accounts.user import User
from data.training import access
from data.training.course import Course
from data.training.progress import LectureProgress


def course_of(level: str) -> Course:
    return Course.objects(access_level=level, published=True).first()


def lecture_url(course: Course, index: int = 1) -> str:
    return f"/courses/{course.slug}/lectures/{course.lecture_slugs()[index][1]}"


def csrf_of(page) -> str:
    return page.html.find("input", attrs={"name": "csrf_token"})["value"]


def test_a_free_course_plays_for_everyone_without_reporting(testapp):
    page = testapp.get(lecture_url(course_of("free")), status=200)
    video = page.html.find("video", id="lecture-video")
    assert video is not None and video["src"].startswith("https://")
    assert not video.get("data-progress-url") and "lecture.js" not in page.text
    assert page.html.find("aside", class_="outline").find("a", attrs={"aria-current": "page"}) is not None


@pytest.mark.parametrize("level, says", [("account", "Sign in to watch"), ("paid", "Sign in")])
def test_a_locked_lecture_says_what_it_needs_to_a_visitor(testapp, level, says):
    page = testapp.get(lecture_url(course_of(level)), status=403)
    locked = page.html.find("section", class_="locked")
    assert says in locked.text and page.html.find("video") is None
    assert locked.find("a", href=lambda h: h and "/account/login?next=" in h) is not None


def test_a_free_preview_opens_in_a_paid_course(testapp):
    course = course_of("paid")
    preview = next(i for i, (lecture, _) in enumerate(course.lecture_slugs()) if lecture.free_preview)
    assert testapp.get(lecture_url(course, preview), status=200).html.find("video") is not None


def test_a_student_needs_a_grant_for_a_paid_course(testapp, login):
    student = login(testapp, "student")
    course = course_of("paid")
    page = testapp.get(lecture_url(course), status=403)
    assert "paid course" in page.text and page.html.find("a", href=lambda h: h and h.endswith("/account/redeem"))
    access.grant(User.objects.get(id=student.id), course)
    assert testapp.get(lecture_url(course), status=200).html.find("video") is not None


def test_an_account_course_opens_for_any_student(testapp, login):
    login(testapp, "student")
    testapp.get(lecture_url(course_of("account")), status=200)


def test_the_player_reports_and_the_pages_resume(testapp, login):
    login(testapp, "student")
    course = course_of("account")
    lecture, slug = course.lecture_slugs()[1]
    page = testapp.get(lecture_url(course))
    video = page.html.find("video", id="lecture-video")
    answer = testapp.post(video["data-progress-url"], {"position": "75"},
                          headers={"X-CSRF-Token": video["data-csrf"]}, status=200)
    assert answer.json == {"position_s": 75, "finished": False}
    again = testapp.get(lecture_url(course)).html.find("video", id="lecture-video")
    assert again["data-start"] == "75"
    resume = testapp.get(f"/courses/{course.slug}").html.find("a", string=lambda s: s and "Resume" in s)
    assert lecture.title in resume.text and "1:15" in resume.text and resume["href"].endswith(slug)


def test_ninety_percent_watched_finishes_the_lecture(testapp, login):
    login(testapp, "student")
    course = course_of("account")
    lecture, slug = course.lecture_slugs()[0]
    video = testapp.get(lecture_url(course, 0)).html.find("video", id="lecture-video")
    position = int(lecture.duration_s * 0.9) + 1
    answer = testapp.post(video["data-progress-url"], {"position": str(position)},
                          headers={"X-CSRF-Token": video["data-csrf"]})
    assert answer.json["finished"] is True
    page = testapp.get(lecture_url(course, 0))
    assert "You finished this lecture" in page.text and page.html.find("span", class_="tick")
    mine = testapp.get("/account/courses")
    total = len(course.lecture_slugs())
    assert f"1 of {total} lectures" in mine.text and course.title in mine.text


def test_mark_as_finished_goes_on_to_the_next_lecture(testapp, login):
    login(testapp, "student")
    course = course_of("account")
    form = testapp.get(lecture_url(course, 0)).forms["finish-form"]
    moved = form.submit(status=303)
    assert moved.location.endswith(course.lecture_slugs()[1][1])
    assert LectureProgress.objects(course=course, lecture=course.lecture_slugs()[0][1]).get().finished_at


def test_reports_are_refused_without_token_account_or_sense(testapp, login):
    course = course_of("account")
    url = lecture_url(course) + "/progress"
    testapp.post(url, {"position": "5"}, status=400)  # no CSRF token: refused before anything is stored
    login(testapp, "student")
    video = testapp.get(lecture_url(course)).html.find("video", id="lecture-video")
    headers = {"X-CSRF-Token": video["data-csrf"]}
    assert "does not fit" in testapp.post(url, {"position": "999999"}, headers=headers, status=400).json["error"]
    assert "number" in testapp.post(url, {"position": "soon"}, headers=headers, status=400).json["error"]
    paid = course_of("paid")
    testapp.post(lecture_url(paid) + "/progress", {"position": "5"}, headers=headers, status=403)
    assert LectureProgress.objects.count() == 0


def test_an_unknown_lecture_is_a_404(testapp):
    testapp.get(f"/courses/{course_of('free').slug}/lectures/no-such-lecture", status=404)


def test_my_courses_asks_a_visitor_to_sign_in(testapp):
    assert "/account/login" in testapp.get("/account/courses", status=303).location
