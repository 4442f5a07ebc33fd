"""Courses in the admin: building and reordering the outline without JavaScript."""
import pytest

from data.training.course import Course
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error, fill

__all__ = ["editor"]


def press(page, op):
    """Press an outline button (Add / Move / Remove) and get the rearranged, unsaved form back."""
    response = edit_form(page).submit("op", value=op)
    assert response.status_int == 200 and "Nothing is saved until you press Save" in response.text
    return response


def outline(page):
    form = edit_form(page)
    chapters = sorted({key.split("-")[1] for key in form.fields if key and key.startswith("chapters-") and key.endswith("-title")
                       and "lectures" not in key}, key=int)
    return [(form[f"chapters-{c}-title"].value,
             [form[k].value for k in sorted((k for k in form.fields if k and k.startswith(f"chapters-{c}-lectures-")
                                             and k.endswith("-title")), key=lambda k: int(k.split("-")[3]))])
            for c in chapters]


def test_build_reorder_and_save_an_outline(editor):
    page = editor.get("/admin/courses/new")
    fill(edit_form(page), title="Testing with pytest", price="49", description="Learn **pytest**.")
    page = press(page, "chapters:add")
    edit_form(page)["chapters-0-title"] = "Fixtures"
    page = press(page, "chapters:add")
    edit_form(page)["chapters-1-title"] = "Getting started"
    page = press(page, "chapters-1-lectures:add")
    edit_form(page)["chapters-1-lectures-0-title"] = "Installing"
    page = press(page, "chapters-1-lectures:add")
    form = edit_form(page)
    form["chapters-1-lectures-1-title"] = "Your first test"
    form["chapters-1-lectures-1-duration_s"] = "4:30"
    assert form["title"].value == "Testing with pytest"  # typed text survives each button
    page = press(page, "chapters-1:up")
    assert outline(page) == [("Getting started", ["Installing", "Your first test"]), ("Fixtures", [])]
    page = press(page, "chapters-0-lectures-1:up")
    assert outline(page) == [("Getting started", ["Your first test", "Installing"]), ("Fixtures", [])]
    assert edit_form(page)["chapters-0-lectures-0-duration_s"].value == "4:30"
    assert Course.objects(title="Testing with pytest").count() == 0  # nothing saved yet
    assert edit_form(page).submit("save").status_int == 303
    course = Course.objects.get(slug="testing-with-pytest")
    assert [c.title for c in course.chapters] == ["Getting started", "Fixtures"]
    assert [lecture.title for lecture in course.chapters[0].lectures] == ["Your first test", "Installing"]
    assert course.total_duration_s == 270 and str(course.price) == "49.00"


def test_reordering_an_existing_course_is_saved_with_a_version_check(editor):
    course = Course.objects(chapters__1__exists=True).first()
    titles = [c.title for c in course.chapters]
    page = press(editor.get(f"/admin/courses/{course.pk}/edit"), "chapters-1:up")
    edit_form(page).submit("save").follow()
    course.reload()
    assert [c.title for c in course.chapters] == [titles[1], titles[0], *titles[2:]]
    assert course.version == 2


def test_removing_a_lecture(editor):
    course = Course.objects(chapters__0__lectures__1__exists=True).first()
    lectures = [lecture.title for lecture in course.chapters[0].lectures]
    page = press(editor.get(f"/admin/courses/{course.pk}/edit"), "chapters-0-lectures-0:remove")
    edit_form(page).submit("save").follow()
    assert [lecture.title for lecture in course.reload().chapters[0].lectures] == lectures[1:]


@pytest.mark.parametrize("field, value, expected", [
    ("price", "free", "like 49 or 49.99"),
    ("price", "-5", "like 49 or 49.99"),
    # Decimal() reads these; they used to crash the range check or the rounding.
    ("price", "Infinity", "like 49 or 49.99"),
    ("price", "sNaN", "like 49 or 49.99"),
    ("price", "NaN", "like 49 or 49.99"),
    ("price", "1e999999", "like 49 or 49.99"),
    ("price", "9" * 29, "like 49 or 49.99"),
    ("price", "49.999", "at most two decimals"),
    ("price", "٤٩", "like 49 or 49.99"),
    ("title", "", "fill in the title"),
    ("image_url", "javascript:alert(1)", "http:// and https://"),
    ("chapters-0-title", "", "fill in the chapter title"),
    ("chapters-0-lectures-0-duration_s", "long", "1:02:03"),
])
def test_invalid_input_is_kept_and_explained(editor, field, value, expected):
    page = editor.get("/admin/courses/new")
    fill(edit_form(page), title="A course", summary="Kept summary")
    page = press(page, "chapters:add")
    edit_form(page)["chapters-0-title"] = "Chapter one"
    page = press(page, "chapters-0-lectures:add")
    form = fill(edit_form(page), **{"chapters-0-lectures-0-title": "Lecture one", field: value})
    response = form.submit("save", expect_errors=True)
    assert response.status_int == 422
    assert expected in field_error(response, field)
    form = edit_form(response)
    assert form[field].value == value and form["summary"].value == "Kept summary"
    assert form["chapters-0-lectures-0-title"].value == "Lecture one"


def test_edit_conflict_on_a_course(editor):
    course = Course.objects.first()
    form = edit_form(editor.get(f"/admin/courses/{course.pk}/edit"))
    course.summary = "Changed by someone else."
    course.touch()
    course.save()
    form["summary"] = "My summary."
    page = form.submit("save", status=409)
    assert "Changed by someone else." in page.html.find("section", class_="conflict").text
    assert course.reload().summary == "Changed by someone else."


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_text_is_shown_escaped(editor, payload):
    page = editor.get("/admin/courses/new")
    fill(edit_form(page), title=payload[:200], slug="hostile", summary=payload, description=payload,
         instructor=payload[:120], published=True)
    page = press(page, "chapters:add")
    edit_form(page)["chapters-0-title"] = payload[:200]
    page = press(page, "chapters-0-lectures:add")
    edit_form(page)["chapters-0-lectures-0-title"] = payload[:200]
    assert_inert(page)
    assert edit_form(page).submit("save").status_int == 303
    course = Course.objects.get(slug="hostile")
    for url in ("/courses/hostile", "/courses", "/admin/courses", f"/admin/courses/{course.pk}/edit"):
        assert_inert(editor.get(url))
