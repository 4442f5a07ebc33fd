"""Documents evolve through defaults: one stored in an older, thinner shape still loads and renders."""
import datetime as dt

from bson import ObjectId

from data.catalog.episode import Episode
from data.catalog.show import Show


def test_episode_stored_before_newer_fields_existed_still_renders(app, testapp):
    show = Show.objects.get(slug="talkpython")
    # Written straight to the collection, as an early version of onair would have:
    # no summary, notes_html, guests, sponsors, tags, links, guid, has_transcript, version...
    Episode._get_collection().insert_one({
        "_id": ObjectId(),
        "show": show.id,
        "number": 3,
        "slug": "an-early-episode",
        "title": "An early episode",
        "notes": "Notes written **before** rendering was stored.",
        "state": "published",
        "published_at": dt.datetime(2015, 4, 1),
    })
    episode = Episode.objects.get(show=show, number=3)
    assert episode.guests == [] and episode.tags == [] and episode.version == 1
    assert episode.audio_type == "audio/mpeg" and episode.episode_type == "full"

    page = testapp.get("/episodes/show/3/an-early-episode")
    assert page.html.h1.text == "An early episode"
    assert "<strong>before</strong>" in page.text  # rendered on the fly since notes_html is missing
    assert "An early episode" in testapp.get("/episodes/all")


def test_show_stored_with_only_slug_and_title_renders_on_home(app, testapp):
    Show._get_collection().insert_one({"_id": ObjectId(), "slug": "oldshow", "title": "An Old Show"})
    assert "An Old Show" in testapp.get("/")
    testapp.get("/shows/oldshow/episodes/all")


def test_episode_without_guid_gets_one_stable_guid_in_the_feed(app, testapp):
    """Stored before guids (and transcript links) existed: the feed settles one guid and keeps it."""
    show = Show.objects.get(slug="talkpython")
    Episode._get_collection().insert_one({
        "_id": ObjectId(), "show": show.id, "number": 4, "slug": "guidless", "title": "Guidless",
        "state": "published", "published_at": dt.datetime(2015, 5, 1),
        "audio_url": "https://example.com/audio/4.mp3", "audio_bytes": 1000, "duration_s": 60,
    })
    import io

    import podcastparser

    def guid_of_guidless():
        feed = podcastparser.parse("x", io.BytesIO(testapp.get("/episodes/rss_full_history").body))
        return next(e["guid"] for e in feed["episodes"] if e["title"] == "Guidless")

    first = guid_of_guidless()
    assert first and guid_of_guidless() == first == Episode.objects.get(number=4, show=show).guid
