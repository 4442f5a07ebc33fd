"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright, against a real
onair server (pserve in a subprocess, tests/live.py) on a fresh copy of the demo store.

Skipped when Chromium or Playwright is missing, unless ONAIR_REQUIRE_BROWSER=1 (set by .ci/run),
which makes their absence a failure. Never `playwright install`: the browser is the distro's.
"""
import os
import re

import bson
import pytest

from tests.live import MEDIA_PREFIX, REPO, LiveServer, copy_store, create_account, write_silent_wav

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
AUDIO_SECONDS = 600  # ten minutes of silence: the tests seek within it
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

ADMIN_EMAIL = "browser-admin@example.com"  # an admin account the site fixture creates
ADMIN_PASSWORD = "a long browser test passphrase"

# Collects what the page reports: securitypolicyviolation events never reach the console API.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""
# Test machines have no internet: demo images on example.com get a local placeholder instead.
PLACEHOLDER_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"><rect width="160" height="160" fill="#dde2e7"/></svg>'
EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


def _missing() -> list[str]:
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    return missing


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("ONAIR_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (ONAIR_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(demo_snapshot, tmp_path_factory):
    """The live server, its episodes' audio pointing at a real WAV file it serves itself."""
    work = tmp_path_factory.mktemp("browser-site")
    media = work / "media"
    media.mkdir()
    write_silent_wav(media / "episode.wav", AUDIO_SECONDS)
    store_dir = copy_store(demo_snapshot, work / "store")
    server = LiveServer(work, store_dir, media_dir=media)
    audio_url = f"{server.url}{MEDIA_PREFIX}episode.wav"
    episodes_file = store_dir / "onair" / "episodes.bson"
    episodes = bson.decode_all(episodes_file.read_bytes())
    for episode in episodes:
        if episode.get("audio_url"):
            episode["audio_url"] = audio_url
            episode["audio_type"] = "audio/wav"
    episodes_file.write_bytes(b"".join(bson.encode(doc) for doc in episodes))
    create_account(store_dir, ADMIN_EMAIL, ADMIN_PASSWORD, role="admin")
    server.audio_url = audio_url
    with server:
        yield server


class Watched:
    """A page plus everything it reported: console errors, uncaught exceptions, CSP violations."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"pageerror: {exc}"))

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console: {message.text} ({message.location.get('url', '')})")

    def visit(self, path, status=200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: {response.status}"
        self.page.wait_for_load_state("load")
        if status != 200:  # Chromium logs an error page's own status; that one is expected
            expected = f"console: Failed to load resource: the server responded with a status of {status}"
            self.problems = [p for p in self.problems if not (p.startswith(expected) and p.endswith(f"({response.url})"))]
        return response

    def collect_csp(self):
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"CSP: {violation} on {self.page.url}")

    def assert_clean(self):
        self.collect_csp()
        assert self.problems == []

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def overflow(self) -> int:
        """How far the page is wider than the viewport (0 = no horizontal scrolling)."""
        return self.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def _context(browser, site, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_WATCH)
    context.route(EXTERNAL, lambda route: route.fulfill(status=200, content_type="image/svg+xml",
                                                        body=PLACEHOLDER_SVG))
    return context


@pytest.fixture
def desktop(browser, site):
    context = _context(browser, site, DESKTOP)
    yield Watched(context.new_page(), site.url)
    context.close()


@pytest.fixture
def phone(browser, site):
    context = _context(browser, site, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield Watched(context.new_page(), site.url)
    context.close()

