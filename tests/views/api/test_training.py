"""Courses through the API: what the course page shows, as data; unpublished courses never."""
from data.training.course import Course


def test_courses_list_published_ones_only(api):
    items = api.get("/api/v1/courses").json["items"]
    assert [c["slug"] for c in items] == [c.slug for c in Course.objects(published=True).order_by("title")]
    assert all(c["url"].endswith(f"/courses/{c['slug']}") for c in items)


def test_one_course_has_its_outline(api):
    course = Course.objects(published=True).order_by("title").first()
    body = api.get(f"/api/v1/courses/{course.slug}").json
    assert body["access_level"] == course.access_level
    assert body["duration_s"] == course.total_duration_s == sum(c["duration_s"] for c in body["chapters"])
    assert [[(lec["title"], lec["duration_s"], lec["free_preview"]) for lec in chapter["lectures"]]
            for chapter in body["chapters"]] == [
        [(lec.title, lec.duration_s, lec.free_preview) for lec in chapter.lectures] for chapter in course.chapters]
    assert body["lecture_count"] == course.lecture_count


def test_unpublished_course_is_404(api):
    course = Course.objects.first()
    course.published = False
    course.save()
    assert course.slug not in [c["slug"] for c in api.get("/api/v1/courses").json["items"]]
    assert api.get(f"/api/v1/courses/{course.slug}", status=404).content_type == "application/problem+json"
