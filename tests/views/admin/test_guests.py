"""Guests in the admin: create, edit, slug rules, links, deleting one that episodes still list."""
import pytest

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.editing.audit import AuditEntry
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error, fill

__all__ = ["editor"]


def new_guest(testapp, **values):
    form = fill(edit_form(testapp.get("/admin/guests/new")), **values)
    return form.submit("save", expect_errors=True)


def test_create_makes_the_slug_from_the_name_and_audits_it(editor):
    response = new_guest(editor, name="Anthony Shaw", bio="Works on **CPython** performance.",
                         links="Blog | https://tonybaloney.github.io/")
    assert response.status_int == 303
    guest = Guest.objects.get(slug="anthony-shaw")
    assert guest.links[0].url == "https://tonybaloney.github.io/" and guest.version == 1
    page = editor.get("/guests/anthony-shaw")
    assert "<strong>CPython</strong>" in page.text
    entry = AuditEntry.objects(action="create", target_type="guest").order_by("-at").first()
    assert entry.target_id == str(guest.pk) and entry.changes["name"] == [None, "Anthony Shaw"]
    assert entry.actor_email.startswith("editor")


def test_a_taken_slug_is_explained_and_everything_typed_stays(editor):
    response = new_guest(editor, name="Another Mike", slug="mike-bayer", bio="Kept *bio*",
                         photo_url="https://example.com/p.jpg", links="Site | https://example.com/")
    assert response.status_int == 422
    assert "already used by the guest “Mike Bayer”" in field_error(response, "slug")
    form = edit_form(response)
    assert form["name"].value == "Another Mike" and form["bio"].value == "Kept *bio*"
    assert form["photo_url"].value == "https://example.com/p.jpg"
    assert form["links"].value == "Site | https://example.com/"
    assert Guest.objects(name="Another Mike").count() == 0


def test_a_generated_slug_that_is_taken_is_shown_for_editing(editor):
    response = new_guest(editor, name="Mike Bayer")
    assert response.status_int == 422
    assert "mike-bayer" in field_error(response, "slug")
    assert edit_form(response)["slug"].value == "mike-bayer"


@pytest.mark.parametrize("field, value, expected", [
    ("name", "", "fill in the name"),
    ("photo_url", "javascript:alert(1)", "http:// and https://"),
    ("photo_url", "data:image/png;base64,iVBORw0KGgo=", "http:// and https://"),
    ("links", "Home | javascript:alert(document.cookie)", "Line 1"),
    ("slug", "Not A Slug", "lower-case"),
    ("name", "x" * 121, "121"),
])
def test_invalid_input_is_kept_and_explained(editor, field, value, expected):
    values = {"name": "Valid Name", "bio": "Some bio", field: value}
    response = new_guest(editor, **values)
    assert response.status_int == 422
    message = field_error(response, field)
    assert expected in message or (expected == "121" and "120" in message)
    form = edit_form(response)
    assert form[field].value == value
    assert form["bio"].value == "Some bio"


def test_edit_saves_and_bumps_the_version(editor):
    guest = Guest.objects.get(slug="david-maciver")
    form = edit_form(editor.get(f"/admin/guests/{guest.pk}/edit"))
    assert form["version"].value == str(guest.version)
    form["bio"] = "Author of Hypothesis. Rewritten."
    assert form.submit("save").status_int == 303
    guest.reload()
    assert guest.bio == "Author of Hypothesis. Rewritten." and guest.version == 2
    entry = AuditEntry.objects(action="update", target_id=str(guest.pk)).first()
    assert list(entry.changes) == ["bio"]


def test_an_unchanged_form_writes_nothing(editor):
    guest = Guest.objects.get(slug="david-maciver")
    edit_form(editor.get(f"/admin/guests/{guest.pk}/edit")).submit("save").follow()
    assert guest.reload().version == 1
    assert AuditEntry.objects(action="update").count() == 0


def test_a_guest_on_episodes_cannot_be_deleted_and_the_episodes_are_listed(editor):
    guest = Guest.objects.get(slug="david-maciver")
    episodes = Episode.objects(guests=guest.pk)
    assert episodes.count() >= 1
    page = editor.get(f"/admin/guests/{guest.pk}/delete")
    assert "still list this guest" in page.text
    for episode in episodes:
        assert page.html.find("a", href=f"http://localhost/admin/episodes/{episode.pk}/edit") is not None
    assert page.html.find("form", class_="confirm-delete") is None
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    refused = editor.post(f"/admin/guests/{guest.pk}/delete", {"csrf_token": token}, status=409)
    assert "still list this guest" in refused.text
    assert Guest.objects(pk=guest.pk).count() == 1


def test_an_unused_guest_is_deleted_after_confirming(editor):
    guest = Guest(name="Temporary Guest", slug="temporary-guest")
    guest.save()
    page = editor.get(f"/admin/guests/{guest.pk}/delete")
    assert "cannot be undone" in page.text
    result = page.forms["confirm-delete"].submit().follow()
    assert "Deleted the guest" in result.text
    assert Guest.objects(pk=guest.pk).count() == 0
    entry = AuditEntry.objects(action="delete", target_type="guest").first()
    assert entry.changes["name"] == ["Temporary Guest", None]


def test_unknown_ids_are_404(editor):
    editor.get("/admin/guests/000000000000000000000000/edit", status=404)
    editor.get("/admin/guests/not-an-id/edit", status=404)
    editor.get("/admin/guests/not-an-id/delete", status=404)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_text_is_shown_escaped_on_public_and_admin_pages(editor, payload):
    response = new_guest(editor, name=payload[:120], slug="hostile-guest", bio=payload,
                         links=f"{payload.replace('|', '/')} | https://example.com/")
    assert response.status_int == 303, response.text
    guest = Guest.objects.get(slug="hostile-guest")
    for url in ("/guests/hostile-guest", "/guests", f"/admin/guests/{guest.pk}/edit", "/admin/guests",
                f"/admin/guests/{guest.pk}/delete"):
        page = editor.get(url)
        assert_inert(page)
    page = editor.get("/guests/hostile-guest")
    assert page.html.h1.get_text() == payload[:120]  # shown as the text it is
