"""Every visitor page renders with the demo content and shows what it is for."""
import re

from data.core.common import make_slug

HYPOTHESIS = "/episodes/show/67/" + make_slug("Property-based testing with Hypothesis")


def test_home_lists_each_show_courses_and_subscribe_links(testapp):
    page = testapp.get("/")
    assert "Talk Python To Me" in page and "Python Bytes" in page
    from data.catalog.episode import Episode
    from data.catalog.show import Show

    main_show = Show.objects.get(slug="talkpython")
    assert Episode.objects.public().filter(show=main_show).order_by("-published_at").first().title in page
    assert "WebAssembly comes to Python" in page  # newest Python Bytes episode
    assert "Featured courses" in page
    assert page.html.find("a", href=re.compile(r"/courses/")) is not None
    assert page.html.find("a", href=re.compile(r"/episodes/all$")) is not None


def test_all_shows_archive_has_rows_from_both_shows(testapp):
    page = testapp.get("/episodes")
    rows = page.html.select("table.episodes tbody tr")
    titles = [row.select("td")[2].get_text(strip=True) for row in rows]
    assert "WebAssembly comes to Python" in titles
    assert "Property-based testing with Hypothesis" in titles
    dates = [row.select_one("time")["datetime"] for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_show_archive_shows_number_date_title_guests_duration(testapp):
    page = testapp.get("/episodes/all")
    row = next(r for r in page.html.select("table.episodes tbody tr") if r.select("td")[0].text == "67")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[1] and "Hypothesis" in cells[2] and "David MacIver" in cells[3]
    assert re.fullmatch(r"(\d+:)?\d{1,2}:\d{2}", cells[4])
    assert "WebAssembly" not in page.text  # the other show is not in this archive


def test_archive_filters_by_tag(testapp):
    everything = testapp.get("/episodes/all").html.select("table.episodes tbody tr")
    testing = testapp.get("/episodes/all", {"tag": "testing"}).html.select("table.episodes tbody tr")
    assert 0 < len(testing) < len(everything)
    assert any("Hypothesis" in row.text for row in testing)


def test_other_show_archive_lives_under_its_prefix(testapp):
    page = testapp.get("/shows/pythonbytes/episodes/all")
    assert "WebAssembly comes to Python" in page


def test_episode_page_has_everything_a_listener_needs(testapp):
    page = testapp.get(HYPOTHESIS)
    assert page.html.h1.text == "Property-based testing with Hypothesis"
    audio = page.html.find("audio")
    assert audio["src"].startswith("https://")
    notes = page.html.find("section", class_="notes")
    assert notes.find(["p", "li"]) is not None
    assert page.html.find("a", href="http://localhost/guests/david-maciver") is not None
    assert page.html.find("a", rel="prev") is not None or page.html.find("a", rel="next") is not None
    assert page.html.find("a", href=re.compile(r"/episodes/transcript/67/")) is not None


def test_episode_page_has_youtube_link_and_sponsors_where_set(testapp, app):
    from data.catalog.episode import Episode

    episode = Episode.objects.public().filter(youtube_id__ne=None, sponsors__ne=[]).first()
    page = testapp.get(f"/{episode.number}").follow() if episode.show.slug == "talkpython" else None
    if page is None:
        page = testapp.get(f"/shows/{episode.show.slug}/episodes/show/{episode.number}/{episode.slug}")
    assert page.html.find("a", href=f"https://www.youtube.com/watch?v={episode.youtube_id}")
    sponsor_links = page.html.select("ul.sponsors a")
    assert sponsor_links and all(a["href"].startswith("http://localhost/") for a in sponsor_links)


def test_prev_and_next_link_neighbouring_public_episodes(testapp):
    page = testapp.get(HYPOTHESIS)
    previous = page.html.find("a", rel="prev")["href"]
    following = page.html.find("a", rel="next")["href"]
    assert "/episodes/show/49/" in previous
    assert "/episodes/show/100/" in following


def test_t_deep_link_reaches_the_player(testapp):
    assert testapp.get(HYPOTHESIS, {"t": "90"}).html.find("audio")["data-start"] == "90"
    assert testapp.get(HYPOTHESIS, {"t": "1:02:03"}).html.find("audio")["data-start"] == "3723"
    assert not testapp.get(HYPOTHESIS, {"t": "soon"}).html.find("audio").get("data-start")


def test_wrong_slug_redirects_permanently_to_the_canonical_url(testapp):
    response = testapp.get("/episodes/show/67/some-old-title?t=30", status=301)
    assert response.location == "http://localhost" + HYPOTHESIS + "?t=30"
    assert testapp.get("/episodes/show/67", status=301).location == "http://localhost" + HYPOTHESIS


def test_main_show_under_its_prefix_redirects_to_the_short_paths(testapp):
    response = testapp.get("/shows/talkpython" + HYPOTHESIS, status=301)
    assert response.location == "http://localhost" + HYPOTHESIS


def test_short_link_redirects_to_the_main_show_episode(testapp):
    assert testapp.get("/67", status=301).location == "http://localhost" + HYPOTHESIS


def test_transcript_page_has_timestamps_that_drive_the_player(testapp):
    page = testapp.get("/episodes/transcript/67/" + make_slug("Property-based testing with Hypothesis"))
    segments = page.html.select("ol.segments li")
    assert len(segments) >= 20
    stamp = segments[3].find("a", class_="ts")
    assert stamp["href"].endswith(f"{HYPOTHESIS}?t={stamp['data-t']}")
    assert re.fullmatch(r"(\d+:)?\d{1,2}:\d{2}", stamp.text)
    assert page.html.select_one(".speaker").text.endswith(":")
    assert page.html.find("audio", id="player") is not None


def test_guest_list_and_guest_page_with_appearances_newest_first(testapp):
    listing = testapp.get("/guests")
    assert listing.html.find("a", href="http://localhost/guests/david-maciver") is not None
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest

    repeat_guest = next(g for g in Guest.objects if Episode.objects.public().filter(guests=g).count() >= 2)
    page = testapp.get(f"/guests/{repeat_guest.slug}")
    assert page.html.h1.text == repeat_guest.name
    dates = [t["datetime"] for t in page.html.select("table.episodes time")]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)


def test_course_list_and_course_page_with_total_length(testapp):
    from data.training.course import Course

    course = Course.objects(published=True).first()
    listing = testapp.get("/courses")
    assert course.title in listing
    page = testapp.get(f"/courses/{course.slug}")
    total_minutes = round(sum(l.duration_s for c in course.chapters for l in c.lectures) / 60)
    hours, minutes = divmod(total_minutes, 60)
    expected = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    assert expected in page.html.select_one("p.meta").text
    assert len(page.html.select("section.chapter")) == len(course.chapters)
    assert "Free preview" in page


def test_unpublished_course_is_not_shown(testapp):
    from data.training.course import Course

    hidden = Course.objects(published=False).first()
    if hidden is not None:
        assert hidden.title not in testapp.get("/courses")
        testapp.get(f"/courses/{hidden.slug}", status=404)


def test_sponsor_list_and_tracked_redirect(testapp):
    from data.catalog.sponsor import Sponsor

    sponsor = Sponsor.objects.first()
    assert sponsor.name in testapp.get("/sponsors")
    before = sponsor.clicks
    response = testapp.get(f"/{sponsor.slug}", status=302)
    assert response.location == sponsor.target_url
    assert Sponsor.objects.get(id=sponsor.id).clicks == before + 1


def test_drafts_and_scheduled_episodes_are_invisible(testapp):
    from data.catalog.episode import Episode

    for episode in Episode.objects(state__in=["draft", "scheduled"]):
        testapp.get(f"/episodes/show/{episode.number}/{episode.slug}", status=404)
        assert episode.title not in testapp.get("/episodes")
        assert episode.title not in testapp.get("/")


def test_static_assets_have_hashed_urls_and_long_cache(testapp):
    css = testapp.get("/").html.find("link", rel="stylesheet")["href"]
    assert re.search(r"/static/css/site\.css\?v=[0-9a-f]{12}$", css)
    response = testapp.get(css.replace("http://localhost", ""))
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_healthz_reports_the_store(testapp):
    assert testapp.get("/healthz").json == {"status": "ok", "store": "embedded"}
