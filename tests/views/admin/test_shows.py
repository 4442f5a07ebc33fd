"""Shows in the admin: create, validation, and deleting only a show without episodes."""
import pytest

from data.catalog.show import Show
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error, fill

__all__ = ["editor"]


def new_show(testapp, **values):
    return fill(edit_form(testapp.get("/admin/shows/new")), **values).submit("save", expect_errors=True)


def test_create_a_show_and_find_its_archive(editor):
    response = new_show(editor, title="Test & Code", hosts="Brian Okken", website_url="https://testandcode.com/",
                        owner_email="brian@example.com")
    assert response.status_int == 303
    show = Show.objects.get(slug="test-code")
    assert show.hosts == ["Brian Okken"] and show.owner_email == "brian@example.com"
    editor.get("/shows/test-code/episodes/all", status=200)


@pytest.mark.parametrize("field, value, expected", [
    ("title", "", "fill in the title"),
    ("slug", "talkpython", "already used by the show “Talk Python To Me”"),
    ("owner_email", "not-an-email", "email address"),
    ("artwork_url", "javascript:alert(1)", "http:// and https://"),
    ("funding_url", "data:text/html,x", "http:// and https://"),
    ("sort_order", "first", "whole number"),
])
def test_invalid_input_is_kept_and_explained(editor, field, value, expected):
    values = {"title": "A show", "description": "Kept description", field: value}
    response = new_show(editor, **values)
    assert response.status_int == 422
    assert expected in field_error(response, field)
    form = edit_form(response)
    assert form[field].value == value and form["description"].value == "Kept description"


def test_a_show_with_episodes_cannot_be_deleted(editor):
    show = Show.objects.get(slug="pythonbytes")
    page = editor.get(f"/admin/shows/{show.pk}/delete")
    assert "still has" in page.text and page.html.select("ul.blockers li")
    assert page.html.find("form", class_="confirm-delete") is None


def test_an_empty_show_is_deleted(editor):
    new_show(editor, title="Short lived")
    show = Show.objects.get(slug="short-lived")
    editor.get(f"/admin/shows/{show.pk}/delete").forms["confirm-delete"].submit().follow()
    assert Show.objects(slug="short-lived").count() == 0


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_text_is_shown_escaped(editor, payload):
    assert new_show(editor, title=payload[:200], slug="hostile", description=payload, hosts=payload.replace(",", ";"),
                    owner_name=payload[:120], funding_text=payload[:200]).status_int == 303
    show = Show.objects.get(slug="hostile")
    for url in ("/", "/shows/hostile/episodes/all", "/admin/shows", f"/admin/shows/{show.pk}/edit"):
        assert_inert(editor.get(url))
