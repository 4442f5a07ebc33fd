"""An editor in Chromium: log in -> create a guest -> create an episode -> upload its transcript
-> publish; the episode is then on the home page, in the feed and in search. Log out."""
import re

import feedparser

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

TITLE = "Observability for small teams"
GUEST = "Ada Testwright"
VTT = """WEBVTT

00:00:05.000 --> 00:00:12.000
<v Michael Kennedy>Welcome to the show. Today we talk about zebrafish dashboards.

00:01:30.000 --> 00:01:41.000
<v Ada Testwright>Start with one graph that wakes nobody up at night, then add the next.
"""


def save(page):
    with page.expect_navigation():  # the POST, then the redirect to the saved item
        page.locator("button[name=save]").click()  # (the form also starts with a default button)
    assert page.locator(".errors, .form-error").count() == 0, page.locator("main").inner_text()[:500]


def test_admin_publishes_an_episode_that_visitors_find_everywhere(desktop, site):
    page = desktop.page
    desktop.visit("/admin")  # not logged in: sent to the login page
    assert "/admin/login" in page.url
    log_in(desktop)
    page.wait_for_url(re.compile(r"/admin$"))
    desktop.collect_csp()

    desktop.visit("/admin/guests/new")
    page.get_by_label("Name", exact=True).fill(GUEST)
    page.get_by_label("Biography").fill("Runs **observability** for a team of four.")
    save(page)
    desktop.collect_csp()

    desktop.visit("/admin/episodes/new")
    page.get_by_label("Show", exact=True).select_option(label="Talk Python To Me")
    page.get_by_label("Episode number").fill("950")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary").fill("Dashboards, alerts and traces when nobody is on call full time.")
    page.get_by_label("Show notes").fill("## What we covered\n\n* one **useful** graph\n* alerts that matter")
    page.get_by_label("Audio file address").fill(site.audio_url)
    page.get_by_label("Guests").select_option(label=GUEST)
    page.get_by_label(re.compile(r"^Published")).check()
    save(page)
    desktop.collect_csp()

    desktop.visit("/admin/transcripts/new")
    episode = page.get_by_label("Episode", exact=True)
    episode.select_option(episode.locator("option", has_text=TITLE).get_attribute("value"))
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "episode-950.vtt", "mimeType": "text/vtt", "buffer": VTT.encode()}])
    save(page)
    desktop.collect_csp()

    # What visitors see: the home page, the episode with its guest and transcript, the feed, search.
    desktop.visit("/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    page.wait_for_url(re.compile(r"/episodes/show/950/"))
    assert page.get_by_role("link", name=GUEST).first.is_visible()
    assert page.locator("section.notes strong", has_text="useful").is_visible()
    desktop.collect_csp()
    page.get_by_role("link", name="Read the transcript").click()
    assert page.get_by_text("zebrafish dashboards").is_visible()
    desktop.collect_csp()

    feed = feedparser.parse(page.request.get(site.url + "/episodes/rss").body())
    entry = next(e for e in feed.entries if e.title == TITLE)
    assert entry.enclosures[0].href == site.audio_url

    desktop.visit("/search?q=zebrafish")
    assert page.get_by_role("link", name=re.compile(TITLE)).first.is_visible()
    desktop.collect_csp()

    desktop.visit("/admin")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    desktop.visit("/admin")
    assert "/admin/login" in page.url  # the session is gone
    desktop.assert_clean()


ADMIN_PAGES = ["/admin", "/admin/episodes", "/admin/episodes/new", "/admin/guests", "/admin/guests/new",
               "/admin/shows", "/admin/sponsors", "/admin/courses", "/admin/courses/new", "/admin/transcripts",
               "/admin/transcripts/new", "/admin/users", "/admin/audit", "/admin/account"]


def log_in(watched):
    watched.visit("/admin/login")
    watched.page.get_by_label("Email").fill(ADMIN_EMAIL)
    watched.page.get_by_label("Password").fill(ADMIN_PASSWORD)
    with watched.page.expect_navigation():
        watched.page.get_by_role("button", name="Log in").click()


def test_admin_pages_on_a_phone_fit_and_are_clean(phone):
    log_in(phone)
    overflowing = {}
    for path in ADMIN_PAGES:
        phone.visit(path)
        phone.screenshot("phone-admin" + path.replace("/admin", "").replace("/", "-"))
        if phone.overflow() > 0:
            overflowing[path] = phone.overflow()
        phone.collect_csp()
    assert overflowing == {}, "admin pages wider than the phone"
    phone.assert_clean()
