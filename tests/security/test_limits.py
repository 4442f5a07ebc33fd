"""Oversized, overstuffed and malformed input: 413 for bodies over the limit, a clear 400 for
forms with thousands of fields or nested names, a clear error for broken transcripts and feeds,
and in every case nothing stored."""
import http.client

import pytest
from webtest import Upload

from app.tweens import MAX_FIELD_NAME, MAX_FIELDS
from tests.live import LiveServer
from tests.views.admin.content_helpers import editor, field_error

__all__ = ["editor"]

GOOD_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Host>Hello there.\n\n00:00:05.000 --> 00:00:09.000\n<v Guest>Hi.\n"
BROKEN_TRANSCRIPTS = {
    "truncated": GOOD_VTT.encode()[:30],
    "binary": bytes(range(256)) * 40,
    "utf-16 without a byte order mark": GOOD_VTT.encode("utf-16-le"),
    "one 7 MB line": b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n" + b"word " * 1_400_000,
    "times backwards": b"WEBVTT\n\n00:00:09.000 --> 00:00:01.000\nbackwards\n",
    "empty": b"",
    "json, broken": b'{"version": "1.0.0", "segments": [{"startTime": 1, "body": "x"',
    "json, wrong shape": b'{"segments": {"$ne": null}}',
}


def counts():
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.transcripts.transcript import Transcript

    return Episode.objects.count(), Guest.objects.count(), Transcript.objects.count()


def guest_form(testapp, csrf, extra: str) -> str:
    return f"csrf_token={csrf(testapp)}&name=Overstuffed&save=1&{extra}"


def test_a_form_with_thousands_of_fields_is_a_clear_400(editor, csrf):
    before = counts()
    body = guest_form(editor, csrf, "&".join(f"f{i}=x" for i in range(MAX_FIELDS + 10)))
    page = editor.post("/admin/guests/new", body, content_type="application/x-www-form-urlencoded", status=400)
    assert f"accepts at most {MAX_FIELDS}" in page.text and page.html.find("header", class_="site-header")
    multipart = editor.post("/admin/guests/new", [("name", "x")] * (MAX_FIELDS + 10),
                            upload_files=[("upload", "x.txt", b"x")], status=400)
    assert f"accepts at most {MAX_FIELDS}" in multipart.text
    editor.get("/episodes?" + "&".join(f"tag={i}" for i in range(MAX_FIELDS + 10)), status=400)
    assert counts() == before


@pytest.mark.parametrize("name", ["a" + "[b]" * 100, "x" * (MAX_FIELD_NAME + 1), "links" + "[0]" * 70])
def test_nested_or_absurd_field_names_are_a_clear_400(editor, csrf, name):
    before = counts()
    page = editor.post("/admin/guests/new", guest_form(editor, csrf, f"{name}=1"),
                       content_type="application/x-www-form-urlencoded", status=400)
    assert "nested names" in page.text and "Traceback" not in page.text
    editor.get(f"/episodes?{name}=1", status=400)
    assert counts() == before


# Files in another encoding that says so (a byte order mark) or is a legacy 8-bit one are not
# errors: they are decoded, and the words arrive as written.
DECODED_TRANSCRIPTS = {
    "utf-16 with a byte order mark": ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCafé talk\n".encode("utf-16"), "Café talk"),
    "windows-1252": ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCafé “talk”\n".encode("cp1252"), "Café “talk”"),
}


@pytest.mark.parametrize("kind", sorted(DECODED_TRANSCRIPTS))
def test_a_transcript_in_another_encoding_is_decoded_as_written(editor, kind):
    from data.catalog.episode import Episode
    from data.transcripts.transcript import Transcript

    raw, words = DECODED_TRANSCRIPTS[kind]
    episode = Episode.objects(has_transcript=False).first()
    form = editor.get(f"/admin/transcripts/new?episode={episode.pk}").forms["edit-form"]
    form["upload"] = Upload("episode.vtt", raw)
    assert form.submit("save").status_int == 303
    assert Transcript.objects.get(episode=episode.pk).segments[0].text == words


@pytest.mark.parametrize("kind", sorted(BROKEN_TRANSCRIPTS))
def test_a_broken_transcript_upload_is_refused_clearly_and_nothing_is_stored(editor, kind):
    from data.catalog.episode import Episode
    from data.transcripts.transcript import Transcript

    episode = Episode.objects(has_transcript=False).first()
    form = editor.get(f"/admin/transcripts/new?episode={episode.pk}").forms["edit-form"]
    form["upload"] = Upload("episode.vtt", BROKEN_TRANSCRIPTS[kind])
    page = form.submit("save", expect_errors=True)
    assert page.status_int in (400, 413, 422), page.status
    assert "Traceback" not in page.text
    if page.status_int == 422:
        message = field_error(page, "upload") if page.html.find(id="upload-errors") else field_error(page, "text")
        assert len(message) > 10
    assert Transcript.objects(episode=episode.pk).count() == 0
    assert not Episode.objects.get(pk=episode.pk).has_transcript


def test_an_oversized_upload_over_a_real_socket_is_a_413_page(tmp_path, demo_snapshot):
    """waitress takes the whole body, then the body limit answers before anything parses it."""
    from tests.live import copy_store

    with LiveServer(tmp_path, copy_store(demo_snapshot, tmp_path / "store")) as server:
        boundary = "----onairlimit"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.vtt\"\r\n"
                "Content-Type: text/vtt\r\n\r\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\n").encode()
        body = head + b"x" * (9 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("POST", "/admin/transcripts/new", body=body,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = connection.getresponse()
        page = response.read().decode()
        connection.close()
        assert response.status == 413
        assert 'class="site-header"' in page and "Traceback" not in page
        assert server.request("/healthz")[0] == 200


MALFORMED_FEEDS = {
    "truncated": lambda feed: feed[: len(feed) // 2],
    "binary": lambda feed: bytes(range(256)) * 100,
    "utf-16 without a declaration": lambda feed: feed.decode().replace('encoding="UTF-8"', "").encode("utf-16-le"),
    "a 10 MB single line": lambda feed: b"<rss><channel><title>" + b"x" * (10 * 1024 * 1024) + b"</title></channel></rss>",
    "billion laughs": lambda feed: (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                                    b"<rss><channel><title>&lol2;</title></channel></rss>"),
    "external entity": lambda feed: (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                     b"<rss><channel><title>&x;</title></channel></rss>"),
    "not rss": lambda feed: b"<html><body>hello</body></html>",
    "empty": lambda feed: b"",
}
# Faults podcast apps read past: imported too, and the report says what was repaired. (The
# feed is the show's own, so its items match their episodes and nothing new is stored.)
REPAIRED_FEEDS = {
    "wrong declared encoding": (lambda feed: feed.replace(b"UTF-8", b"UTF-32", 1), None),  # expat sees UTF-8
    "Latin-1 labelled UTF-8": (lambda feed: feed.decode().replace("Python", "Pythön").encode("latin-1", "replace"),
                               "the feed says it is utf-8 but is not (read as Windows-1252)"),
    "items without numbers": (lambda feed: feed.replace(b"<itunes:episode>", b"<itunes:notepisode>")
                              .replace(b"</itunes:episode>", b"</itunes:notepisode>")
                              .replace(b"#", b"No. "), None),
}


@pytest.mark.parametrize("kind", sorted(REPAIRED_FEEDS))
def test_a_feed_apps_read_past_is_repaired_and_says_so(testapp, store, kind):
    from data.feeds.importer import import_feed

    feed = testapp.get("/shows/pythonbytes/episodes/rss_full_history").body
    before = counts()
    damage, warning = REPAIRED_FEEDS[kind]
    report = import_feed(damage(feed), show_slug="pythonbytes")
    assert not report.created and not report.skipped
    assert warning is None or warning in report.warnings
    assert counts() == before


@pytest.mark.parametrize("kind", sorted(MALFORMED_FEEDS))
def test_a_malformed_feed_is_refused_clearly_and_nothing_is_stored(testapp, store, kind):
    from data.feeds.importer import FeedImportError, import_feed

    feed = testapp.get("/episodes/rss").body
    before = counts()
    with pytest.raises(FeedImportError) as refused:
        import_feed(MALFORMED_FEEDS[kind](feed), show_slug="pythonbytes")
    assert len(str(refused.value)) > 10 and "Traceback" not in str(refused.value)
    assert counts() == before
