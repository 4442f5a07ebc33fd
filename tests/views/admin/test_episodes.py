"""Episodes in the admin: publishing states, unique numbers, preview, conflicts, audit, delete."""
import datetime as dt

import pytest

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core.common import utcnow
from data.editing import edit_service
from data.editing.audit import AuditEntry
from data.transcripts.transcript import Transcript
from tests.inert import script_vectors
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error, fill

__all__ = ["editor"]


def new_form(testapp, **values):
    form = edit_form(testapp.get("/admin/episodes/new"))
    form["show"] = str(Show.objects.get(slug="talkpython").pk)
    return fill(form, **values)


def create(testapp, **values):
    values.setdefault("number", "901")
    values.setdefault("title", "Packaging in the real world")
    return new_form(testapp, **values).submit("save", expect_errors=True)


def in_an_hour():
    return (utcnow() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def test_a_published_episode_is_public_with_its_guests_tags_and_links(editor):
    guest = Guest.objects.get(slug="david-maciver")
    form = new_form(editor, number="901", title="Packaging in the real world", state="published",
                    notes="## Topics\n\n* **wheels**", tags="packaging, python",
                    links="PyPA | https://www.pypa.io/", duration_s="1:02:03",
                    audio_url="https://example.com/901.mp3")
    form["guests"] = [str(guest.pk)]
    assert form.submit("save").status_int == 303
    episode = Episode.objects.get(number=901)
    assert episode.is_public() and episode.duration_s == 3723 and episode.slug == "packaging-in-the-real-world"
    page = editor.get("/episodes/show/901/packaging-in-the-real-world")
    assert "<strong>wheels</strong>" in page.text and "David MacIver" in page.text
    assert page.html.find("a", href="https://www.pypa.io/") is not None


def test_a_draft_stays_hidden_from_visitors(editor):
    assert create(editor, state="draft", summary="Zanzibarian packaging tales.",
                  audio_url="https://example.com/901.mp3").status_int == 303
    editor.get("/episodes/show/901/packaging-in-the-real-world", status=404)
    assert not any(visible_to_visitors(editor, "Packaging in the real world").values())
    assert "Packaging in the real world" in editor.get("/admin/episodes")


def visible_to_visitors(testapp, title):
    """Where a visitor, a podcast app and the search box would find an episode."""
    return {
        "archive": title in testapp.get("/episodes/all"),
        "home": title in testapp.get("/"),
        "feed": title in testapp.get("/episodes/rss").text,
        "search": title in testapp.get("/search", {"q": "Zanzibarian packaging"}).text,
    }


def test_a_scheduled_episode_is_hidden_until_its_time_then_appears(editor):
    title = "Packaging in the real world"
    assert create(editor, state="scheduled", published_at=in_an_hour(), summary="Zanzibarian packaging tales.",
                  audio_url="https://example.com/901.mp3", audio_bytes="1000").status_int == 303
    url = "/episodes/show/901/packaging-in-the-real-world"
    editor.get(url, status=404)
    editor.get("/901", status=404)
    assert visible_to_visitors(editor, title) == {"archive": False, "home": False, "feed": False, "search": False}
    assert Episode.objects.public().filter(number=901).count() == 0
    # Its time comes (moved into the past, as the clock would).
    episode = Episode.objects.get(number=901)
    episode.published_at = utcnow() - dt.timedelta(minutes=1)
    episode.save()
    assert editor.get(url).html.h1.text == title
    assert visible_to_visitors(editor, title) == {"archive": True, "home": True, "feed": True, "search": True}
    assert Episode.objects.public().filter(number=901).count() == 1


@pytest.mark.parametrize("state, when, expected", [
    ("scheduled", "", "needs a publish time"),
    ("scheduled", "2001-01-01T08:00", "already passed"),
    ("published", "2999-01-01T08:00", "choose Scheduled"),
    ("published", "soon", "2024-05-01T08:00"),
])
def test_publishing_mistakes_are_explained_beside_the_time(editor, state, when, expected):
    response = create(editor, state=state, published_at=when, notes="Keep *these* notes")
    assert response.status_int == 422
    assert expected in field_error(response, "published_at")
    form = edit_form(response)
    assert form["published_at"].value == when and form["notes"].value == "Keep *these* notes"
    assert form["state"].value == state


def test_episode_numbers_are_unique_within_a_show(editor):
    response = create(editor, number="67", title="A second sixty-seven", summary="kept")
    assert response.status_int == 422
    assert "already has an episode #67" in field_error(response, "number")
    assert edit_form(response)["title"].value == "A second sixty-seven"
    # The same number in the other show is fine.
    form = new_form(editor, number="67", title="Sixty-seven bytes")
    form["show"] = str(Show.objects.get(slug="pythonbytes").pk)
    assert form.submit("save").status_int == 303


@pytest.mark.parametrize("field, value, expected", [
    ("audio_url", "javascript:alert(1)", "http:// and https://"),
    ("audio_url", "data:audio/mpeg;base64,SUQz", "http:// and https://"),
    ("image_url", "JAVASCRIPT:alert(1)", "http:// and https://"),
    ("links", "Docs | data:text/html,<script>alert(1)</script>", "Line 1"),
    ("number", "sixty", "whole number"),
    ("number", "-3", "at least 0"),
    ("title", "", "fill in the title"),
    ("duration_s", "an hour", "1:02:03"),
    ("youtube_id", "<script>", "YouTube id"),
    ("season", "0", "at least 1"),
    ("audio_bytes", "12MB", "whole number"),
])
def test_invalid_input_is_kept_and_explained(editor, field, value, expected):
    response = create(editor, summary="Summary to keep", tags="kept, tags", **{field: value})
    assert response.status_int == 422
    assert expected in field_error(response, field)
    form = edit_form(response)
    assert form[field].value == value
    assert form["summary"].value == "Summary to keep" and form["tags"].value == "kept, tags"
    assert Episode.objects(number=901).count() == 0


def test_preview_renders_the_notes_without_saving(editor):
    form = new_form(editor, number="902", title="Preview me",
                    notes="## Heading\n\n<script>alert(1)</script> and [bad](javascript:alert(1))")
    page = form.submit("preview")
    assert page.status_int == 200
    preview = page.html.find("section", id="preview")
    assert preview.find("h2", string="Heading") is not None
    assert_inert(page)
    assert edit_form(page)["notes"].value.startswith("## Heading")
    assert Episode.objects(number=902).count() == 0


def test_the_preview_endpoint_renders_sanitized_markdown(editor, csrf):
    token = csrf(editor)
    fragment = editor.post("/admin/preview", {"csrf_token": token, "markdown": "**hi** <img src=x onerror=alert(1)>",
                                              "fragment": "1"})
    assert fragment.content_type == "text/html" and "<strong>hi</strong>" in fragment.text
    assert script_vectors(fragment.text) == [] and "&lt;img" in fragment.text  # shown as text
    page = editor.post("/admin/preview", {"csrf_token": token, "markdown": "*scratch*"})
    assert page.html.find("section", id="preview").find("em").text == "scratch"
    assert page.html.find("textarea", id="markdown").text == "*scratch*"


def test_edit_records_the_changed_fields_in_the_audit_log(editor):
    episode = Episode.objects.get(number=67, show=Show.objects.get(slug="talkpython"))
    form = edit_form(editor.get(f"/admin/episodes/{episode.pk}/edit"))
    assert form["state"].value == "published"
    form["title"] = "Property-based testing, revisited"
    form["tags"] = "testing, hypothesis, revisited"
    form.submit("save").follow()
    entry = AuditEntry.objects(action="update", target_type="episode").first()
    assert set(entry.changes) == {"title", "tags"}
    assert entry.changes["title"] == ["Property-based testing with Hypothesis", "Property-based testing, revisited"]


def test_concurrent_edits_conflict_and_overwrite_nothing(testapp, login, app):
    import webtest

    episode = Episode.objects.get(number=67, show=Show.objects.get(slug="talkpython"))
    alice, bob = testapp, webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    login(alice, role="editor")
    login(bob, role="editor")
    url = f"/admin/episodes/{episode.pk}/edit"
    alice_form, bob_form = edit_form(alice.get(url)), edit_form(bob.get(url))
    alice_form["title"] = "Alice's title"
    assert alice_form.submit("save").status_int == 303
    bob_form["title"] = "Bob's title"
    bob_form["summary"] = "Bob wrote a long summary he does not want to lose."
    page = bob_form.submit("save", status=409)
    episode.reload()
    assert episode.title == "Alice's title" and episode.version == 2  # Bob overwrote nothing
    conflict = page.html.find("section", class_="conflict")
    rows = {row.th.text: [cell.get_text() for cell in row.find_all("textarea")] for row in conflict.tbody.find_all("tr")}
    assert rows["Title"] == ["Bob's title", "Alice's title"]
    assert rows["Summary"][0] == "Bob wrote a long summary he does not want to lose."
    form = edit_form(page)
    assert form["title"].value == "Bob's title" and form["version"].value == "2"
    # Saving again, knowingly, now replaces the stored version.
    assert form.submit("save").status_int == 303
    assert episode.reload().title == "Bob's title"


def test_the_version_check_and_write_are_one_step(app):
    """Two saves that both passed the early check: the conditional write lets only one through."""
    show = Show.objects.get(slug="talkpython")
    first, second = Episode.objects.get(show=show, number=67), Episode.objects.get(show=show, number=67)
    edit_service.update(first, 1, lambda doc: setattr(doc, "title", "First"), ["title"])

    with pytest.raises(edit_service.VersionConflict) as caught:
        edit_service.update(second, 1, lambda doc: setattr(doc, "title", "Second"), ["title"])
    assert caught.value.stored.title == "First"
    assert Episode.objects.get(pk=first.pk).title == "First"


def test_deleting_an_episode_deletes_its_transcript(editor):
    episode = Episode.objects.get(number=67, show=Show.objects.get(slug="talkpython"))
    assert Transcript.objects(episode=episode.pk).count() == 1
    page = editor.get(f"/admin/episodes/{episode.pk}/delete")
    assert "transcript" in page.text
    page.forms["confirm-delete"].submit().follow()
    assert Episode.objects(pk=episode.pk).count() == 0
    assert Transcript.objects(episode=episode.pk).count() == 0
    editor.get("/episodes/show/67", status=404)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_text_is_shown_escaped_everywhere(editor, payload):
    guest = Guest(name=payload[:120], slug="hostile", bio=payload)
    guest.save()
    form = new_form(editor, number="903", title=payload, slug="hostile", summary=payload, notes=payload,
                    tags=payload.replace(",", ";")[:60], state="published",
                    links=f"{payload.replace('|', '/')} | https://example.com/")
    form["guests"] = [str(guest.pk)]
    assert form.submit("save").status_int == 303
    episode = Episode.objects.get(number=903)
    for url in ("/episodes/show/903/hostile", "/episodes/all", "/", "/guests/hostile",
                "/admin/episodes", f"/admin/episodes/{episode.pk}/edit", f"/admin/episodes/{episode.pk}/delete",
                "/admin"):
        assert_inert(editor.get(url))
    assert editor.get("/episodes/show/903/hostile").html.h1.get_text() == payload


def test_an_episode_stored_before_versions_existed_can_be_edited(editor):
    """Documents evolve through defaults: no stored ``version`` field still means version 1."""
    from bson import ObjectId

    show = Show.objects.get(slug="talkpython")
    Episode._get_collection().insert_one({"_id": ObjectId(), "show": show.pk, "number": 4, "slug": "old-one",
                                          "title": "An old one", "state": "published",
                                          "published_at": dt.datetime(2015, 5, 1)})
    episode = Episode.objects.get(show=show, number=4)
    form = edit_form(editor.get(f"/admin/episodes/{episode.pk}/edit"))
    assert form["version"].value == "1"
    form["title"] = "An old one, retitled"
    assert form.submit("save").status_int == 303
    stored = Episode._get_collection().find_one({"_id": episode.pk})
    assert stored["title"] == "An old one, retitled" and stored["version"] == 2


def test_episode_slugs_are_unique_within_a_show_when_typed(editor):
    response = create(editor, slug="property-based-testing-with-hypothesis")
    assert response.status_int == 422
    assert "already used by #67" in field_error(response, "slug")


def test_an_imported_repeated_slug_does_not_block_other_edits(editor):
    show = Show.objects.get(slug="talkpython")
    twin = Episode.objects.get(show=show, number=67)
    other = Episode.objects.get(show=show, number=49)
    other.slug = twin.slug  # as an imported feed might have it
    other.save()
    form = edit_form(editor.get(f"/admin/episodes/{other.pk}/edit"))
    form["summary"] = "Edited although its slug repeats another episode's."
    assert form.submit("save").status_int == 303


def test_pathological_notes_are_a_form_error_on_save_and_preview(editor, csrf):
    notes = "![[" * 30_000  # 90 KB that took markdown-it-py over a second
    for button in ("save", "preview"):
        page = new_form(editor, number="903", title="Brackets", notes=notes).submit(button, status=422)
        assert "nested more than 32 deep" in field_error(page, "notes")
        assert "Traceback" not in page.text
    huge = "![[" * 66_000
    page = new_form(editor, number="903", title="Brackets", notes=huge).submit("save", status=422)
    assert "at most 100,000" in field_error(page, "notes")
    assert Episode.objects(number=903).count() == 0
    token = csrf(editor)
    page = editor.post("/admin/preview", {"csrf_token": token, "markdown": huge}, status=413)
    assert "at most 100,000" in page.html.find(class_="form-error").text
    fragment = editor.post("/admin/preview", {"csrf_token": token, "markdown": notes, "fragment": "1"}, status=422)
    assert "nested more than 32 deep" in fragment.text
