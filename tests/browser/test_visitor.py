"""A visitor in Chromium: home -> episode -> play -> transcript -> timestamp, and ?t= deep links.

Page-side checks are written as functions ("() => ..."): a bare expression would make Playwright
eval() a string, which the site's CSP (no 'unsafe-eval') rightly refuses."""
import re

EPISODE_TITLE = "WebAssembly comes to Python"  # the newest Python Bytes episode: on the home page, with a transcript
CLOSE = 2.5  # seconds: playing on after a seek moves currentTime a little


def player_time(page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def wait_for_position(page, seconds: float) -> None:
    page.wait_for_function(
        "([t, close]) => { const p = document.getElementById('player');"
        " return p && p.readyState >= 1 && Math.abs(p.currentTime - t) < close; }",
        arg=[seconds, CLOSE])


def open_episode_from_home(watched) -> str:
    """Home page -> the episode's link, as a visitor clicks it; returns the episode's path."""
    watched.visit("/")
    watched.page.get_by_role("link", name=EPISODE_TITLE).first.click()
    watched.page.wait_for_url(re.compile(r"/shows/pythonbytes/episodes/show/\d+/"))
    return "/" + watched.page.url.split("://", 1)[1].split("/", 1)[1]


def play(page) -> None:
    """Click the audio element's own play button, as a person would (a real user gesture),
    and wait until the audio really advances."""
    page.wait_for_function("() => document.getElementById('player').readyState >= 1")  # metadata loaded
    box = page.locator("#player").bounding_box()
    page.mouse.click(box["x"] + min(24, box["width"] / 2), box["y"] + box["height"] / 2)
    page.wait_for_function("() => !document.getElementById('player').paused")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.2")


def test_home_episode_play_transcript_timestamp(desktop):
    page = desktop.page
    open_episode_from_home(desktop)
    assert page.locator("h1").inner_text() == EPISODE_TITLE
    play(page)
    desktop.collect_csp()

    page.get_by_role("link", name="Read the transcript").click()
    page.wait_for_url(re.compile(r"/episodes/transcript/"))
    stamps = page.locator("a.ts[data-t]")
    assert stamps.count() > 10
    # A timestamp well inside the ten-minute test file, not the first one.
    target = next(int(t) for t in stamps.evaluate_all("links => links.map(a => a.dataset.t)") if 60 <= int(t) <= 500)
    page.locator(f"a.ts[data-t='{target}']").click()
    wait_for_position(page, target)
    assert not page.evaluate("document.getElementById('player').paused")
    assert page.url.endswith(f"#t-{target}")
    desktop.assert_clean()


def test_t_parameter_and_timestamp_links_start_the_player_there(desktop):
    page = desktop.page
    episode_path = open_episode_from_home(desktop)

    desktop.visit(f"{episode_path}?t=125")
    wait_for_position(page, 125)
    desktop.visit(f"{episode_path}?t=4:05")
    wait_for_position(page, 245)
    desktop.collect_csp()

    # The href of a transcript timestamp (what a shared link or a no-JS click opens).
    page.get_by_role("link", name="Read the transcript").click()
    page.wait_for_url(re.compile(r"/episodes/transcript/"))
    link = page.locator("a.ts[data-t]").nth(3)
    target, href = int(link.get_attribute("data-t")), link.get_attribute("href")
    assert href.endswith(f"?t={target}")
    desktop.collect_csp()
    page.goto(href)
    wait_for_position(page, target)
    assert abs(player_time(page) - target) < CLOSE
    desktop.assert_clean()
