"""Sponsors in the admin: the short link must be reachable and lead to an http(s) address."""
import pytest

from data.catalog.episode import Episode
from data.catalog.sponsor import Sponsor
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error, fill

__all__ = ["editor"]


def new_sponsor(testapp, **values):
    values.setdefault("name", "Posit")
    values.setdefault("target_url", "https://posit.co/")
    return fill(edit_form(testapp.get("/admin/sponsors/new")), **values).submit("save", expect_errors=True)


def test_a_new_sponsor_gets_a_working_short_link(editor):
    assert new_sponsor(editor, description="Open source **data science**.").status_int == 303
    assert editor.get("/posit", status=302).location == "https://posit.co/"
    assert "<strong>data science</strong>" in editor.get("/sponsors")


@pytest.mark.parametrize("field, value, expected", [
    ("target_url", "", "sponsor's address"),
    ("target_url", "javascript:alert(1)", "http:// and https://"),
    ("target_url", "data:text/html,<script>alert(1)</script>", "http:// and https://"),
    ("logo_url", "vbscript:msgbox(1)", "http:// and https://"),
    ("slug", "episodes", "already a page of the site"),
    ("slug", "admin", "already a page of the site"),
    ("slug", "67", "already a page of the site"),
    ("slug", "datadog", "already used by the sponsor “Datadog”"),
])
def test_invalid_input_is_kept_and_explained(editor, field, value, expected):
    response = new_sponsor(editor, description="Kept text", **{field: value})
    assert response.status_int == 422
    assert expected in field_error(response, field)
    form = edit_form(response)
    assert form[field].value == value and form["description"].value == "Kept text"


def test_a_sponsor_on_episodes_cannot_be_deleted(editor):
    sponsor = Sponsor.objects.get(slug="digitalocean")
    assert Episode.objects(sponsors=sponsor.pk).count() >= 1
    page = editor.get(f"/admin/sponsors/{sponsor.pk}/delete")
    assert "still list this sponsor" in page.text and page.html.select("ul.blockers a")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_text_is_shown_escaped(editor, payload):
    assert new_sponsor(editor, name=payload[:120], slug="hostile", description=payload).status_int == 303
    sponsor = Sponsor.objects.get(slug="hostile")
    for url in ("/sponsors", "/admin/sponsors", f"/admin/sponsors/{sponsor.pk}/edit"):
        assert_inert(editor.get(url))
