"""The page cache never serves a stale or private page: edits, drafts, schedules, sessions."""
import datetime as dt
import time

from app.pagecache import Entry, PageCache
from data.catalog.episode import DRAFT, PUBLISHED, SCHEDULED, Episode
from data.catalog.show import Show
from data.core import changes
from data.core.common import make_slug, utcnow

HYPOTHESIS = "/episodes/show/67/" + make_slug("Property-based testing with Hypothesis")


def _episode_67():
    show = Show.objects.get(slug="talkpython")
    return Episode.objects.get(show=show, number=67)


def test_a_repeat_anonymous_view_is_answered_from_memory_with_an_etag(testapp, app):
    cache = app.registry.page_cache
    first = testapp.get(HYPOTHESIS)
    hits = cache.hits
    second = testapp.get(HYPOTHESIS)
    assert cache.hits == hits + 1
    assert second.body == first.body and second.etag == first.etag and first.etag
    testapp.get(HYPOTHESIS, headers={"If-None-Match": f'"{first.etag}"'}, status=304)


def test_an_edit_saved_on_the_document_shows_at_once(testapp):
    assert "Property-based testing with Hypothesis" in testapp.get(HYPOTHESIS)
    assert "Property-based testing with Hypothesis" in testapp.get("/episodes")
    etag = testapp.get(HYPOTHESIS).etag
    episode = _episode_67()
    episode.title = "Hypothesis, revisited"
    episode.save()
    assert testapp.get(HYPOTHESIS).html.h1.text == "Hypothesis, revisited"
    assert "Hypothesis, revisited" in testapp.get("/episodes")
    # A browser revalidating with the old ETag gets the new page, not a 304.
    assert testapp.get(HYPOTHESIS, headers={"If-None-Match": f'"{etag}"'}, status=200).etag != etag


def test_a_deleted_guest_page_is_gone_at_once(testapp):
    from data.catalog.guest import Guest

    guest = Guest.objects.get(slug="david-maciver")
    testapp.get("/guests/david-maciver", status=200)
    Episode.objects(guests=guest).update(pull__guests=guest)
    guest.delete()
    testapp.get("/guests/david-maciver", status=404)


def test_a_write_by_another_process_is_seen_through_the_version_in_mongodb(testapp):
    """Another process changes the data and records it; this one has no in-memory hint."""
    assert "Talk Python To Me" in testapp.get("/")
    Show._get_collection().update_one({"slug": "talkpython"}, {"$set": {"title": "Talk Python Weekly"}})
    assert "Talk Python Weekly" not in testapp.get("/")  # no bump yet: the kept page is still served
    # What the other process's post_save signal writes to the shared database:
    changes.record("show", Show.objects.get(slug="talkpython").id)
    assert "Talk Python Weekly" in testapp.get("/")


def test_a_published_episode_turned_back_into_a_draft_disappears_everywhere(testapp):
    episode = _episode_67()
    for path in ("/", "/episodes", "/episodes/all", HYPOTHESIS, "/guests/david-maciver"):
        testapp.get(path)
    episode.state = DRAFT
    episode.save()
    testapp.get(HYPOTHESIS, status=404)
    for path in ("/episodes", "/episodes/all", "/guests/david-maciver"):
        assert "Property-based testing with Hypothesis" not in testapp.get(path), path


def test_a_new_draft_never_shows_and_a_404_is_never_kept(testapp):
    show = Show.objects.get(slug="talkpython")
    testapp.get("/episodes/all")
    draft = Episode(show=show, number=9001, slug="secret-plans", title="Secret plans", state=DRAFT)
    draft.save()
    testapp.get("/episodes/show/9001/secret-plans", status=404)
    assert "Secret plans" not in testapp.get("/episodes/all")
    draft.state = PUBLISHED
    draft.published_at = utcnow() - dt.timedelta(minutes=1)
    draft.save()
    testapp.get("/episodes/show/9001/secret-plans", status=200)
    assert "Secret plans" in testapp.get("/episodes/all")


def test_a_scheduled_episode_appears_when_its_time_comes_without_any_write(testapp, monkeypatch):
    show = Show.objects.get(slug="talkpython")
    now = utcnow()
    Episode(show=show, number=9002, slug="from-the-future", title="From the future", state=SCHEDULED,
            published_at=now + dt.timedelta(hours=1)).save()
    assert "From the future" not in testapp.get("/episodes/all")
    assert "From the future" not in testapp.get("/")
    testapp.get("/episodes/show/9002/from-the-future", status=404)

    later = now + dt.timedelta(hours=2)
    monkeypatch.setattr("data.catalog.episode.utcnow", lambda: later)
    monkeypatch.setattr("data.core.changes.utcnow", lambda: later)
    assert "From the future" in testapp.get("/episodes/all")
    assert "From the future" in testapp.get("/")
    testapp.get("/episodes/show/9002/from-the-future", status=200)


def test_requests_with_a_session_cookie_always_get_a_fresh_page(testapp, app):
    assert "Talk Python To Me" in testapp.get("/")
    Show._get_collection().update_one({"slug": "talkpython"}, {"$set": {"title": "Talk Python Weekly"}})
    assert "Talk Python Weekly" not in testapp.get("/")  # what anonymous visitors see until a bump
    hits = app.registry.page_cache.hits
    testapp.set_cookie("onair_session", "anything")
    assert "Talk Python Weekly" in testapp.get("/")
    assert app.registry.page_cache.hits == hits


def test_health_checks_and_responses_that_set_cookies_are_never_kept(testapp, app):
    cache = app.registry.page_cache
    testapp.get("/healthz")
    testapp.get("/healthz")
    assert not any("/healthz" in key for key in cache._entries)
    testapp.get("/no-such-page-here", status=404)
    assert not any("no-such-page" in key for key in cache._entries)


def test_an_admin_save_retires_the_page_anonymous_visitors_were_served(app, testapp, login):
    import webtest

    visitor = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    assert "Talk Python To Me" in visitor.get("/")
    hits = app.registry.page_cache.hits
    assert "Talk Python To Me" in visitor.get("/") and app.registry.page_cache.hits == hits + 1

    login(testapp, role="editor")
    show = Show.objects.get(slug="talkpython")
    form = testapp.get(f"/admin/shows/{show.id}/edit").forms["edit-form"]
    form["title"] = "Talk Python Weekly"
    assert form.submit("save").status_int == 303
    assert "Talk Python Weekly" in visitor.get("/")


def test_a_page_rendered_before_a_newer_write_is_not_kept():
    cache = PageCache(max_bytes=1_000_000, max_age=60)
    entry = Entry("200 OK", (("Content-Type", "text/html"),), b"old", time.monotonic())
    assert cache.get("http://x/", 5) is None
    cache.get("http://y/", 6)  # another request saw version 6
    cache.put("http://x/", 5, entry)  # the slow render that started at version 5
    assert cache.get("http://x/", 6) is None and len(cache) == 0


def test_the_cache_keeps_to_its_memory_budget():
    cache = PageCache(max_bytes=10_000, max_age=60)
    for n in range(10):
        cache.put(f"http://x/{n}", 1, Entry("200 OK", (), b"x" * 3000, time.monotonic()))
    assert cache._bytes <= 10_000 and len(cache) == 3
    assert cache.get("http://x/9", 1) is not None and cache.get("http://x/0", 1) is None


def test_the_cache_can_be_turned_off(settings):
    import mongoengine

    from app import main

    application = main({}, **{**settings, "onair.page_cache": "false"})
    try:
        assert application.registry.page_cache is None
    finally:
        if application.registry.store is not None:
            application.registry.store.close()
        mongoengine.disconnect()


def test_a_database_outage_still_gets_the_503_page_not_a_crash(testapp, monkeypatch):
    from pymongo.errors import ServerSelectionTimeoutError

    def down(*args, **kwargs):
        raise ServerSelectionTimeoutError("no servers")

    monkeypatch.setattr(changes, "freshness", down)
    monkeypatch.setattr("views.home.show_service.all_shows", down)
    page = testapp.get("/", status=503)
    assert "right back" in page
