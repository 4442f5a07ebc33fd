"""sitemap.xml, robots.txt, link previews, JSON-LD, chapters and "learn more" on episode pages."""
import json
import xml.etree.ElementTree as ET

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.core.common import make_slug
from data.training.course import Course

HYPOTHESIS = "/episodes/show/67/" + make_slug("Property-based testing with Hypothesis")
LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def test_sitemap_lists_every_public_page_and_nothing_else(testapp):
    response = testapp.get("/sitemap.xml")
    assert response.content_type == "application/xml"
    locs = {loc.text for loc in ET.fromstring(response.body).iter(LOC)}
    assert f"http://localhost{HYPOTHESIS}" in locs
    assert "http://localhost/shows/pythonbytes/episodes/all" in locs
    assert "http://localhost/guests/david-maciver" in locs
    for episode in Episode.objects:
        page = f"/episodes/show/{episode.number}/{episode.slug}"
        assert any(loc.endswith(page) for loc in locs) == episode.is_public(), episode.title
    for course in Course.objects:
        assert (f"http://localhost/courses/{course.slug}" in locs) == course.published
    for loc in locs:  # every listed page answers
        testapp.get(loc.replace("http://localhost", ""), status=200)
    testapp.get("/sitemap.xml", headers={"If-None-Match": f'"{response.etag}"'}, status=304)


def test_robots_points_at_the_sitemap(testapp):
    text = testapp.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in text and "Disallow: /admin" in text


def _json_ld(page):
    return json.loads(page.html.head.find("script", type="application/ld+json").string)


def _meta(page, key):
    tag = page.html.head.find("meta", attrs={"property": key}) or page.html.head.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_episode_page_has_previews_and_podcast_episode_json_ld(testapp):
    page = testapp.get(HYPOTHESIS)
    assert _meta(page, "og:title") == "Property-based testing with Hypothesis"
    assert _meta(page, "og:url") == f"http://localhost{HYPOTHESIS}"
    assert _meta(page, "twitter:card") == "summary" and _meta(page, "og:image").startswith("https://")
    data = _json_ld(page)
    assert data["@type"] == "PodcastEpisode" and data["episodeNumber"] == 67
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["partOfSeries"]["webFeed"] == "http://localhost/episodes/rss"


def test_guest_course_and_series_pages_have_json_ld(testapp):
    assert _json_ld(testapp.get("/guests/david-maciver"))["@type"] == "Person"
    course = Course.objects(published=True).first()
    page = testapp.get(f"/courses/{course.slug}")
    assert _json_ld(page)["@type"] == "Course" and _meta(page, "og:title") == course.title
    assert _json_ld(testapp.get("/episodes/all"))["@type"] == "PodcastSeries"


def test_json_ld_cannot_be_broken_out_of(testapp):
    guest = Guest.objects(slug="david-maciver").first()
    guest.name = "</script><script>alert(1)</script> & co"
    guest.save()
    page = testapp.get("/guests/david-maciver")
    scripts = page.html.find_all("script")
    assert [s.get("type") for s in scripts if not s.get("src")] == ["application/ld+json"]
    assert _json_ld(page)["name"] == "</script><script>alert(1)</script> & co"
    assert "\\u003c/script\\u003e" in page.text


def test_episode_page_lists_chapters_linked_to_the_player(testapp):
    page = testapp.get(HYPOTHESIS)
    links = page.html.select(".chapters-list a.ts")
    assert links and all(a["href"].startswith("?t=") and a["data-t"].isdigit() for a in links)


def test_learn_more_links_matching_course_lectures(testapp):
    found = None
    for episode in Episode.objects(state="published"):
        page = testapp.get(f"/episodes/show/{episode.number}/{episode.slug}" if episode.show.slug == "talkpython"
                           else f"/shows/{episode.show.slug}/episodes/show/{episode.number}/{episode.slug}")
        found = page.html.select_one(".learn-more a")
        if found:
            break
    assert found is not None and "/courses/" in found["href"]
    testapp.get(found["href"].replace("http://localhost", ""), status=200)
