"""import-feed: a back catalog from RSS, re-runnable, all or nothing, and round trips onair's own feed."""
from pathlib import Path

import pytest

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.feeds.importer import FeedImportError, import_feed, read_source
from tests.inert import script_vectors

FIXTURES = Path(__file__).parents[2] / "fixtures" / "feeds"


@pytest.fixture
def snake_oil(app):
    show = Show(slug="snakeoil", title="Snake Oil Radio", hosts=["Pat Host"])
    show.save()
    return show


def _episodes(show):
    return {e.number: e for e in Episode.objects(show=show)}


def test_imports_episodes_numbers_dates_enclosures_notes_guests_transcripts(snake_oil):
    report = import_feed(read_source(str(FIXTURES / "other_host.xml")), "snakeoil")
    assert (len(report.created), len(report.updated), report.transcript_links) == (2, 0, 2)
    assert sorted(report.guests_created) == ["Ana Packager", "Ben Wheelwright"]
    episodes = _episodes(snake_oil)
    three, two = episodes[3], episodes[2]  # number from itunes:episode, and from "Episode 2:" in the title
    assert three.guid == "snake-oil-0003" and two.guid == "https://snakeoil.example.com/2"
    assert three.published_at.isoformat() == "2024-03-05T08:00:00"
    assert (three.audio_url, three.audio_bytes, three.duration_s) == \
        ("https://cdn.example.com/snake-oil/003.mp3", 48213000, 3725)
    assert two.duration_s == 1900 and three.is_public()
    assert [g.name for g in three.guests] == ["Ana Packager", "Ben Wheelwright"]
    assert Guest.objects(name="Ana Packager").first().photo_url == "https://example.com/ana.jpg"
    assert [(t.url, t.type) for t in three.transcript_links] == [
        ("https://cdn.example.com/snake-oil/003.vtt", "text/vtt"),
        ("https://cdn.example.com/snake-oil/003.json", "application/json")]
    # Notes: Markdown, with the script, the handler and the javascript: link gone.
    assert "**wheels**" in three.notes and "[lock files](https://packaging.python.org/)" in three.notes
    assert "alert" not in three.notes and "steal" not in three.notes and "javascript" not in three.notes
    assert not script_vectors(three.notes_html)
    assert "[00:12:30] Why wheels exist" in three.notes  # chapters survive as notes lines


def test_rerun_updates_instead_of_duplicating(snake_oil):
    raw = read_source(str(FIXTURES / "other_host.xml"))
    import_feed(raw, "snakeoil")
    again = import_feed(raw, "snakeoil")
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 2)
    assert Episode.objects(show=snake_oil).count() == 2
    changed = import_feed(raw.replace(b"Packaging without tears", b"Packaging, with fewer tears"), "snakeoil")
    assert len(changed.updated) == 1 and _episodes(snake_oil)[3].title == "Packaging, with fewer tears"
    assert Episode.objects(show=snake_oil).count() == 2


@pytest.mark.parametrize("fixture,message", [
    ("broken_xml.xml", "not well-formed XML at line"),
    ("missing_enclosure.xml", "strict: nothing was imported, because item 2 ('Episode 2: Type hints at scale'): "
                              "no enclosure or media:content"),
])
def test_a_broken_feed_leaves_nothing_behind_when_strict(snake_oil, fixture, message):
    episodes, guests = Episode.objects.count(), Guest.objects.count()
    with pytest.raises(FeedImportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_feed(read_source(str(FIXTURES / fixture)), "snakeoil", strict=True)
    assert (Episode.objects.count(), Guest.objects.count()) == (episodes, guests)


def test_without_strict_the_good_items_come_in_and_the_bad_one_is_listed(snake_oil):
    report = import_feed(read_source(str(FIXTURES / "missing_enclosure.xml")), "snakeoil")
    assert len(report.created) == 1
    assert report.skipped == [("item 2 ('Episode 2: Type hints at scale')",
                               "no enclosure or media:content (no audio or video to play)")]


@pytest.mark.parametrize("raw,message", [
    (b'<rss version="2.0"><channel><item><title>x</title></channel></rss>',
     "not well-formed XML at line 1, column 52 .near 'annel><item><title>x</title></channel></rss>': mismatched tag"),
    (b"<rss><channel><item><enclosure url='a.mp3' type='audio/mpeg'/></item></channel></rss>", None),
])
def test_messages_name_the_place_and_the_url(snake_oil, raw, message):
    if message:
        with pytest.raises(FeedImportError, match=message):
            import_feed(raw, "snakeoil")
    else:
        report = import_feed(raw, "snakeoil")
        assert "'a.mp3' is relative" in report.skipped[0][1]


def test_read_source_names_a_url_it_refuses(app):
    with pytest.raises(FeedImportError, match="ftp://example.com/feed.xml is not an http or https URL"):
        read_source("ftp://example.com/feed.xml")


@pytest.mark.parametrize("raw,message", [
    (b"", "not well-formed"), (b"<html><body>hi</body></html>", "not an RSS or Atom feed .the root element is <html>"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>', "refuses"),
    (b"<rss><channel><title>x</title></channel></rss>", "no items"),
])
def test_not_a_feed_is_a_clear_error(snake_oil, raw, message):
    with pytest.raises(FeedImportError, match=message):
        import_feed(raw, "snakeoil")


def test_unknown_show_and_missing_file(app, tmp_path):
    with pytest.raises(FeedImportError, match="no show 'nope'"):
        import_feed(b"<rss/>", "nope")
    with pytest.raises(FeedImportError, match="could not read"):
        read_source(str(tmp_path / "missing.xml"))


def test_round_trip_of_onairs_own_feed(testapp):
    """Serve the full-history feed, wipe the show's episodes, import the feed back: the same
    episodes return with their guids, numbers, dates, audio, guests and notes."""
    show = Show.objects(slug="pythonbytes").first()
    raw = testapp.get("/shows/pythonbytes/episodes/rss_full_history").body
    originals = {e.guid: e for e in Episode.objects(show=show) if e.is_public() and e.audio_url}
    assert originals
    for episode in Episode.objects(show=show):
        episode.delete()
    report = import_feed(raw, "pythonbytes")
    assert len(report.created) == len(originals)
    for guid, original in originals.items():
        copy = Episode.objects(guid=guid).first()
        assert (copy.number, copy.title, copy.published_at.replace(microsecond=0), copy.audio_url,
                copy.audio_bytes, copy.duration_s, copy.episode_type) == \
            (original.number, original.title, original.published_at.replace(microsecond=0),
             original.audio_url, original.audio_bytes, original.duration_s, original.episode_type)
        assert sorted(g.name for g in copy.guests) == sorted(g.name for g in original.guests)
        if original.has_transcript:
            assert {t.type for t in copy.transcript_links} == {"text/vtt", "application/x-subrip",
                                                                "application/json", "text/plain"}
        assert copy.notes.split()[:3] == original.notes.split()[:3]
    # And the re-imported catalog serves a feed the clients read the same way.
    again = testapp.get("/shows/pythonbytes/episodes/rss_full_history").body
    import feedparser

    assert [e.id for e in feedparser.parse(again).entries] == [e.id for e in feedparser.parse(raw).entries]


def test_an_item_the_document_refuses_is_skipped_with_the_field_named(snake_oil):
    long_url = "https://cdn.example.com/" + "a" * 2100 + ".mp3"
    raw = (b'<rss><channel><item><title>Too long</title><guid>t-1</guid>'
           b'<enclosure url="' + long_url.encode() + b'" type="audio/mpeg"/></item>'
           b'<item><title>Fine</title><guid>t-2</guid><enclosure url="https://cdn.example.com/f.mp3"/></item>'
           b'</channel></rss>')
    report = import_feed(raw, "snakeoil")
    assert [label for label, _ in report.skipped] == ["item 1 ('Too long')"]
    assert "audio_url" in report.skipped[0][1]
    assert [e.audio_type for e in Episode.objects(show=snake_oil)] == ["audio/mpeg"]  # from the .mp3
