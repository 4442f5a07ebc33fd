"""Key pages in Chromium, on a desktop and on a phone: no console errors, no CSP violations,
no sideways scrolling on the phone, a working menu and a usable player. Screenshots of every
page go to test-artifacts/ (desktop-*.png, phone-*.png)."""
import re

import pytest

from tests.browser.test_visitor import open_episode_from_home, play

KEY_PAGES = {
    "home": "/",
    "episodes": "/episodes",
    "archive-main-show": "/episodes/all",
    "archive-other-show": "/shows/pythonbytes/episodes/all?tag=python",
    "episode": "/episodes/show/67/property-based-testing-with-hypothesis",
    "transcript": "/episodes/transcript/67/property-based-testing-with-hypothesis",
    "guests": "/guests",
    "guest": "/guests/david-maciver",
    "courses": "/courses",
    "sponsors": "/sponsors",
    "search": "/search?q=testing",
    "login": "/admin/login",
}
NOT_FOUND = "/episodes/show/9999/no-such-episode"


def course_path(watched) -> str:
    """The first course on the courses page (slugs come from the demo data, not from this test)."""
    watched.visit("/courses")
    return watched.page.locator("main a[href*='/courses/']").first.get_attribute("href").split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_key_pages_are_clean_and_fit(request, device):
    watched = request.getfixturevalue(device)
    pages = dict(KEY_PAGES, course="/" + course_path(watched))
    overflowing = {}
    for name, path in pages.items():
        watched.visit(path)
        watched.screenshot(f"{device}-{name}")
        if device == "phone" and watched.overflow() > 0:
            overflowing[name] = watched.overflow()
        watched.collect_csp()
    watched.visit(NOT_FOUND, status=404)
    watched.screenshot(f"{device}-not-found")
    assert overflowing == {}, f"pages wider than a {watched.page.viewport_size['width']} px phone"
    watched.assert_clean()


def test_phone_menu_opens_and_navigates(phone):
    page = phone.page
    phone.visit("/")
    nav, toggle = page.locator("#site-nav"), page.locator(".menu-toggle")
    assert toggle.is_visible() and not nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    phone.screenshot("phone-menu-open")
    nav.get_by_role("link", name="Guests").click()
    page.wait_for_url(re.compile(r"/guests$"))
    assert page.locator("h1").is_visible()
    phone.assert_clean()


def test_phone_player_is_visible_and_plays(phone):
    page = phone.page
    open_episode_from_home(phone)
    player = page.locator("#player")
    player.scroll_into_view_if_needed()
    box = player.bounding_box()
    assert player.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert box["width"] >= 200, "the player is too narrow to use"
    play(page)
    phone.screenshot("phone-episode-playing")
    assert phone.overflow() <= 0
    phone.assert_clean()
