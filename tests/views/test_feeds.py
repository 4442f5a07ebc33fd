"""Feeds as podcast apps read them: podcastparser and feedparser, the real clients."""
import io
import json
import xml.etree.ElementTree as ET

import feedparser
import podcastparser
import pytest

from data.catalog.episode import SCHEDULED, Episode
from data.catalog.show import Show
from data.feeds.rss import PODCAST, podcast_guid

FEEDS = ["/episodes/rss", "/episodes/rss_full_history",
         "/shows/pythonbytes/episodes/rss", "/shows/pythonbytes/episodes/rss_full_history"]


def _public_with_audio(slug):
    show = Show.objects(slug=slug).first()
    return [e for e in Episode.objects(show=show) if e.is_public() and e.audio_url]


@pytest.mark.parametrize("path", FEEDS)
def test_both_clients_see_titles_enclosures_durations_guids_transcripts(testapp, path):
    response = testapp.get(path)
    assert response.content_type == "application/rss+xml"
    slug = "pythonbytes" if "pythonbytes" in path else "talkpython"
    expected = {e.guid: e for e in _public_with_audio(slug)}

    parsed = podcastparser.parse(f"http://localhost{path}", io.BytesIO(response.body))
    assert parsed["title"] == Show.objects(slug=slug).first().title
    assert {ep["guid"] for ep in parsed["episodes"]} == set(expected)
    for ep in parsed["episodes"]:
        episode = expected[ep["guid"]]
        assert ep["title"] == episode.title
        assert ep["total_time"] == episode.duration_s
        assert ep["number"] == episode.number
        [enclosure] = ep["enclosures"]
        assert (enclosure["url"], enclosure["file_size"], enclosure["mime_type"]) == \
            (episode.audio_url, episode.audio_bytes, "audio/mpeg")
        if episode.has_transcript:
            assert ep["transcript_url"].startswith("http://localhost/")
        assert {p["role"] for p in ep["persons"]} >= {"host"}
        assert ep["published"] == int(episode.published_at.timestamp()) or ep["published"] > 0

    feed = feedparser.parse(response.body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == parsed["title"]
    # feedparser maps only "yes" to True; Apple asks for true/false, and "false" reads as not explicit.
    assert not feed.feed.itunes_explicit
    assert {entry.id for entry in feed.entries} == set(expected)
    for entry in feed.entries:
        episode = expected[entry.id]
        assert entry.title == episode.title
        assert entry.itunes_duration == str(episode.duration_s)
        assert entry.enclosures[0].href == episode.audio_url
        assert int(entry.enclosures[0].length) == episode.audio_bytes
        assert entry.published_parsed is not None
        if episode.has_transcript:
            assert entry.podcast_transcript["url"].startswith("http://localhost/")


def test_channel_has_apple_and_podcast_namespace_tags(testapp):
    root = ET.fromstring(testapp.get("/episodes/rss").body)
    channel = root.find("channel")
    it = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    for tag in ("title", "description", "language", "link", f"{it}image", f"{it}category", f"{it}explicit",
                f"{it}owner", f"{it}author"):
        assert channel.find(tag) is not None, tag
    assert channel.find(f"{it}explicit").text in ("true", "false")
    assert channel.find(f"{{{PODCAST}}}guid").text == podcast_guid("http://localhost/episodes/rss")
    assert channel.find(f"{{{PODCAST}}}locked").text == "yes"
    assert channel.find(f"{{{PODCAST}}}funding") is not None
    assert channel.find(f"{{{PODCAST}}}person[@role='host']") is not None
    item = channel.find("item")
    for tag in ("guid", "pubDate", "enclosure", f"{it}duration", f"{it}episode", f"{it}episodeType"):
        assert item.find(tag) is not None, tag
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.find(f"{{{PODCAST}}}person[@role='host']") is not None  # restated per item


def test_podcast_guid_follows_the_spec():
    # The spec's own example: podcastindex.org/namespace/1.0's documented value for this feed.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://example.com/feed/") == podcast_guid("https://example.com/feed")


def test_transcripts_and_chapters_are_linked_per_format(testapp):
    root = ET.fromstring(testapp.get("/episodes/rss").body)
    item = next(i for i in root.iter("item") if i.find(f"{{{PODCAST}}}transcript") is not None)
    types = {t.get("type"): t.get("url") for t in item.findall(f"{{{PODCAST}}}transcript")}
    assert set(types) == {"text/vtt", "application/x-subrip", "application/json", "text/plain"}
    for media_type, url in types.items():
        served = testapp.get(url.replace("http://localhost", ""))
        assert served.content_type == media_type
        assert served.headers["Access-Control-Allow-Origin"] == "*"
        assert served.charset == "utf-8"
    chapters = item.find(f"{{{PODCAST}}}chapters")
    assert chapters is not None and chapters.get("type") == "application/json+chapters"
    doc = json.loads(testapp.get(chapters.get("url").replace("http://localhost", "")).text)
    assert doc["version"] and doc["chapters"][0]["startTime"] >= 0 and doc["chapters"][0]["title"]


def test_guid_never_follows_title_slug_or_number(testapp):
    episode = _public_with_audio("talkpython")[0]
    guid = episode.guid
    before = {e["guid"] for e in podcastparser.parse("x", io.BytesIO(testapp.get("/episodes/rss").body))["episodes"]}
    episode.title, episode.slug, episode.number = "A new title", "a-new-title", 9999
    episode.touch()
    episode.save()
    after = podcastparser.parse("x", io.BytesIO(testapp.get("/episodes/rss").body))["episodes"]
    assert before == {e["guid"] for e in after}
    assert next(e for e in after if e["guid"] == guid)["title"] == "A new title"


def test_drafts_and_future_episodes_never_appear(testapp):
    hidden = [e for e in Episode.objects if not e.is_public()]
    assert any(e.state == SCHEDULED for e in hidden) and any(e.state == "draft" for e in hidden)
    for path in FEEDS:
        body = testapp.get(path).text
        for episode in hidden:
            assert episode.guid not in body


def test_conditional_get_answers_304_until_content_changes(testapp):
    first = testapp.get("/episodes/rss")
    assert first.etag and first.last_modified
    again = testapp.get("/episodes/rss", headers={"If-None-Match": f'"{first.etag}"'}, status=304)
    assert again.body == b""
    testapp.get("/episodes/rss", headers={"If-Modified-Since": first.headers["Last-Modified"]}, status=304)
    episode = _public_with_audio("talkpython")[0]
    episode.summary = "Changed."
    episode.save()
    changed = testapp.get("/episodes/rss", headers={"If-None-Match": f'"{first.etag}"'}, status=200)
    assert changed.etag != first.etag


def test_pages_carry_validators_and_answer_304(testapp):
    page = testapp.get("/episodes/all")
    assert page.etag and page.last_modified and page.headers["Cache-Control"] == "no-cache"
    testapp.get("/episodes/all", headers={"If-None-Match": f'"{page.etag}"'}, status=304)
    testapp.get("/episodes/all", headers={"If-None-Match": '"something-else"'}, status=200)


def test_unknown_transcript_or_episode_is_404(testapp):
    testapp.get("/episodes/99999/transcript.vtt", status=404)
    testapp.get("/episodes/1/transcript.docx", status=404)
    testapp.get("/shows/nope/episodes/rss", status=404)


def test_home_and_archives_offer_subscribe_links_and_alternates(testapp):
    home = testapp.get("/")
    for href in ("http://localhost/episodes/rss", "http://localhost/episodes/rss_full_history",
                 "http://localhost/shows/pythonbytes/episodes/rss"):
        assert home.html.find("a", href=href) is not None
        assert home.html.head.find("link", rel="alternate", href=href.replace("_full_history", "")) is not None
    archive = testapp.get("/shows/pythonbytes/episodes/all")
    alternate = archive.html.head.find("link", rel="alternate", type="application/rss+xml")
    assert alternate["href"] == "http://localhost/shows/pythonbytes/episodes/rss"
    assert archive.html.find("a", href="http://localhost/shows/pythonbytes/episodes/rss_full_history")


def test_transcript_page_links_every_format(testapp):
    page = testapp.get("/episodes/rss")
    url = next(t.get("url") for t in ET.fromstring(page.body).iter(f"{{{PODCAST}}}transcript"))
    number = url.split("/episodes/")[1].split("/")[0]
    episode = Episode.objects(number=int(number), show=Show.objects(slug="talkpython").first()).first()
    transcript_page = testapp.get(f"/episodes/transcript/{episode.number}/{episode.slug}")
    links = {a["href"] for a in transcript_page.html.select(".transcript-files a")}
    assert links == {f"http://localhost/episodes/{number}/transcript.{fmt}" for fmt in ("vtt", "srt", "json", "txt")}
