"""Transcripts in the admin: upload or paste, preview the segments, save; errors name the line."""
import pytest
from webtest import Upload

from data.catalog.episode import Episode
from data.transcripts.transcript import Transcript
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert, edit_form, editor, field_error

__all__ = ["editor"]

SRT = """1
00:00:01,000 --> 00:00:04,000
Michael Kennedy: Welcome to the show.

2
00:00:04,500 --> 00:00:09,000
Guest: Thanks for having me.

3
00:00:09,000 --> 00:00:12,500
Michael Kennedy: Let's talk about packaging.
"""

BROKEN_SRT = SRT.replace("00:00:04,500 --> 00:00:09,000", "00:00:04,500 -> 00:00:09,000")


def episode_without_transcript():
    return Episode.objects.public().filter(has_transcript__ne=True).order_by("-number").first()


def transcript_path(episode):
    prefix = "" if episode.show.slug == "talkpython" else f"/shows/{episode.show.slug}"
    return f"{prefix}/episodes/transcript/{episode.number}/{episode.slug}"


def new_form(testapp, episode):
    form = edit_form(testapp.get("/admin/transcripts/new"))
    form["episode"] = str(episode.pk)
    return form


def test_upload_preview_then_save(editor):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    form["upload"] = Upload("episode.srt", SRT.encode("utf-8"), "application/x-subrip")
    page = form.submit("preview")
    assert page.status_int == 200
    preview = page.html.find("section", class_="segment-preview")
    assert "3 segments" in preview.h2.text
    items = preview.select("ol.segments li")
    assert items[0].find(class_="speaker").text == "Michael Kennedy"
    assert items[1].find(class_="text").text == "Thanks for having me."
    assert Transcript.objects(episode=episode.pk).count() == 0  # a preview saves nothing
    form = edit_form(page)
    assert "Welcome to the show." in form["text"].value  # the file's text is in the box now
    assert form.submit("save").status_int == 303
    transcript = Transcript.objects.get(episode=episode.pk)
    assert [s.text for s in transcript.segments][-1] == "Let's talk about packaging."
    assert episode.reload().has_transcript is True
    public = editor.get(transcript_path(episode))
    assert "Thanks for having me." in public.text


def test_a_malformed_file_names_the_line_and_its_text_stays(editor):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    form["upload"] = Upload("episode.srt", BROKEN_SRT.encode("utf-8"))
    page = form.submit("preview", status=422)
    message = field_error(page, "text")
    assert "Line 6" in message and "00:00:04,500 -> 00:00:09,000" in message
    assert edit_form(page)["text"].value.replace("\r\n", "\n") == BROKEN_SRT
    assert Transcript.objects(episode=episode.pk).count() == 0


def test_pasted_text_with_an_error_stays_in_the_box(editor):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    pasted = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello there\n\n00:00:03.000 --> nonsense\nBroken cue\n"
    form["text"] = pasted
    page = form.submit("save", status=422)
    assert "Line 6" in field_error(page, "text")
    assert edit_form(page)["text"].value.replace("\r\n", "\n") == pasted


def test_pasted_timestamped_text_is_saved_directly(editor):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    form["text"] = "[00:00:02] Michael: Hello and welcome.\n[00:00:05] Guest: Glad to be here.\n"
    assert form.submit("save").status_int == 303
    assert len(Transcript.objects.get(episode=episode.pk).segments) == 2


def test_a_binary_upload_is_refused_clearly(editor):
    form = new_form(editor, episode_without_transcript())
    form["upload"] = Upload("episode.vtt", b"\x00\x01\x02PK\x03\x04" * 50)
    page = form.submit("preview", status=422)
    assert "binary" in field_error(page, "upload")


def test_edit_shows_the_stored_transcript_and_saves_changes(editor):
    transcript = Transcript.objects.first()
    form = edit_form(editor.get(f"/admin/transcripts/{transcript.pk}/edit"))
    assert form["text"].value.startswith("WEBVTT")
    assert "episode" not in form.fields  # a transcript stays with its episode
    form["text"] = form["text"].value.replace(transcript.segments[0].text, "A corrected first line.", 1)
    assert form.submit("save").status_int == 303
    transcript.reload()
    assert transcript.segments[0].text == "A corrected first line." and transcript.version == 2


def test_edit_conflict_keeps_the_typed_transcript(editor):
    transcript = Transcript.objects.first()
    form = edit_form(editor.get(f"/admin/transcripts/{transcript.pk}/edit"))
    transcript.language = "de"
    transcript.touch()
    transcript.save()
    form["text"] = "[00:00:01] Mine: my version of the text"
    page = form.submit("save", status=409)
    assert "my version of the text" in edit_form(page)["text"].value
    assert transcript.reload().language == "de" and "my version" not in transcript.segments[0].text


def test_deleting_a_transcript_clears_the_episode_flag(editor):
    transcript = Transcript.objects.first()
    episode = transcript.episode
    editor.get(f"/admin/transcripts/{transcript.pk}/delete").forms["confirm-delete"].submit().follow()
    assert Transcript.objects(pk=transcript.pk).count() == 0
    assert episode.reload().has_transcript is False


def test_an_episode_has_one_transcript(editor, csrf):
    taken = Transcript.objects.first().episode
    response = editor.post("/admin/transcripts/new", {"csrf_token": csrf(editor), "episode": str(taken.pk),
                                                      "text": "[00:00:01] A line"}, status=422)
    assert "Choose one of the options" in field_error(response, "episode")  # not offered in the list


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_transcript_text_is_shown_escaped(editor, payload):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    line = payload.replace("\n", " ")
    form["text"] = f"[00:00:01] Host: {line}\n[00:00:04] {line}\n"
    page = form.submit("preview")
    assert_inert(page)
    assert form.submit("save").status_int == 303
    transcript = Transcript.objects.get(episode=episode.pk)
    for url in (transcript_path(episode), f"/admin/transcripts/{transcript.pk}/edit",
                "/admin/transcripts"):
        assert_inert(editor.get(url))


DEEP_JSON = '{"version": "1.0.0", "segments": ' + "[" * 1000 + "]" * 1000 + "}"


@pytest.mark.parametrize("how", ["upload", "paste"])
def test_json_nested_a_thousand_levels_deep_is_refused_in_words(editor, how):
    episode = episode_without_transcript()
    form = new_form(editor, episode)
    if how == "upload":
        form["upload"] = Upload("episode.json", DEEP_JSON.encode(), "application/json")
    else:
        form["text"] = DEEP_JSON
    page = form.submit("preview", status=422)
    field = "upload" if page.html.find(id="upload-errors") else "text"
    assert "nested more than 32 levels deep" in field_error(page, field)
    assert "Traceback" not in page.text
    assert Transcript.objects(episode=episode.pk).count() == 0
