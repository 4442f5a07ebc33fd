"""onair.public_url: a Host header (or a proxy's X-Forwarded-Host) cannot choose the URLs onair
writes; hosts that are not this site's get a 400 page."""
import re
import threading
import xml.etree.ElementTree as ET

import feedparser
import pytest
import webtest

from app import main
from app.serve import make_server
from tests.app.test_proxy import fetch, production_server_settings

PUBLIC = "https://talkpython.example"
URL_ATTRIBUTE = re.compile(r'(?:href|src|action|content)="(https?://[^"]*)"')


@pytest.fixture
def settings(settings):
    return dict(settings, **{"onair.public_url": PUBLIC + "/", "onair.allowed_hosts": "localhost, .cdn.example"})


def client(app, host):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": host})


def own_urls(text: str) -> list[str]:
    """Absolute URLs in a page that point to this site under any name it was asked by."""
    return [url for url in URL_ATTRIBUTE.findall(text)
            if re.match(r"https?://(talkpython\.example|localhost|evil\.example|[\w.]*cdn\.example)", url)]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:443", "talkpython.example.evil.example",
                                  "localhost.evil.example", "[::1]:6543"])
def test_a_host_that_is_not_this_site_gets_a_400_page_of_the_site(app, host):
    page = client(app, host).get("/", status=400)
    assert "That request could not be understood" in page.text
    assert "does not answer to that host name" in page.text
    assert page.html.find("header", class_="site-header") is not None
    assert page.headers["Content-Security-Policy"]
    assert "evil.example" not in page.text
    links = own_urls(page.text)
    assert links and all(url.startswith(PUBLIC + "/") for url in links)


@pytest.mark.parametrize("host", ["talkpython.example", "TalkPython.example:8443", "localhost", "localhost:6543",
                                  "cdn.example", "eu.cdn.example"])
def test_an_allowed_host_gets_pages_whose_links_all_use_the_public_url(app, host):
    page = client(app, host).get("/", status=200)
    links = own_urls(page.text)
    assert len(links) > 10
    assert all(url.startswith(PUBLIC + "/") for url in links), [u for u in links if not u.startswith(PUBLIC)]
    assert "localhost" not in page.text and "cdn.example" not in page.text


def test_a_request_without_a_host_header_is_judged_by_the_server_name(app):
    """HTTP/1.0 without Host: waitress names its own listen address."""
    response = webtest.TestRequest.blank("/", environ={"SERVER_NAME": "10.0.0.21", "SERVER_PORT": "6543"})
    response.environ.pop("HTTP_HOST", None)
    assert response.get_response(app).status_int == 400


def test_the_login_form_posts_to_the_public_url(app):
    page = client(app, "localhost").get("/admin/login")
    assert page.html.find("form", id="login-form")["action"] == PUBLIC + "/admin/login"


def test_redirects_name_the_public_url(app):
    response = client(app, "localhost").get("/67", status=301)
    assert response.location.startswith(PUBLIC + "/episodes/show/67/")
    assert client(app, "localhost").get("/admin", status=303).location.startswith(PUBLIC + "/admin/login?next=")


def test_feed_urls_use_the_public_url(app):
    body = client(app, "localhost").get("/episodes/rss").text
    assert "localhost" not in body
    feed = feedparser.parse(body)
    assert feed.entries
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [PUBLIC + "/episodes/rss"]
    for entry in feed.entries:
        assert entry.link.startswith(PUBLIC + "/")
        for enclosure in entry.enclosures:
            assert not re.match(r"https?://localhost", enclosure.href)


def test_sitemap_and_robots_use_the_public_url(app):
    xml = client(app, "localhost").get("/sitemap.xml").body
    locations = [el.text for el in ET.fromstring(xml).iter() if el.tag.endswith("loc")]
    assert len(locations) > 10 and all(loc.startswith(PUBLIC + "/") for loc in locations)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in client(app, "localhost").get("/robots.txt").text


def test_without_a_public_url_every_host_works_as_before(settings, monkeypatch):
    monkeypatch.delenv("ONAIR_PUBLIC_URL", raising=False)
    settings = {k: v for k, v in settings.items() if k not in ("onair.public_url", "onair.allowed_hosts")}
    application = main({}, **settings)
    try:
        page = client(application, "dev.example:6543").get("/")
        assert 'href="http://dev.example:6543/episodes"' in page.text
    finally:
        application.registry.store.close()


def test_a_path_prefix_and_the_environment_override(settings, monkeypatch):
    monkeypatch.setenv("ONAIR_PUBLIC_URL", "https://example.net/podcast")
    application = main({}, **settings)
    try:
        page = client(application, "example.net").get("/")   # the proxy passes the path without the prefix
        links = [url for url in URL_ATTRIBUTE.findall(page.text) if "example.net" in url]
        assert links and all(url.startswith("https://example.net/podcast/") for url in links)
        client(application, "talkpython.example").get("/", status=400)  # the ini's URL is overridden
    finally:
        application.registry.store.close()


@pytest.mark.parametrize("bad", ["talkpython.example", "ftp://talkpython.example", "https://",
                                 "https://talkpython.example/?a=1", "https://talkpython.example:port"])
def test_a_public_url_that_is_not_one_stops_start_up(settings, bad):
    with pytest.raises(ValueError, match="onair.public_url"):
        main({}, **dict(settings, **{"onair.public_url": bad}))


def test_mail_links_use_the_public_url_with_its_prefix_once(settings, monkeypatch, tmp_path):
    """Links in mail come from the same setting, through the same function."""
    from pyramid.request import Request

    from app.urls import mail_link

    monkeypatch.setenv("ONAIR_PUBLIC_URL", "https://example.net/podcast")
    application = main({}, **settings)
    try:
        request = Request.blank("/account/reset", base_url="http://evil.example:8080")
        request.registry = application.registry
        # as the tween leaves a request: the script name is the public URL's path
        request.environ["SCRIPT_NAME"] = "/podcast"
        assert mail_link(request, "account.verify", _query={"token": "t"}) == \
            "https://example.net/podcast/account/verify?token=t"
        assert application.registry.mail.url("/account/verify") == "https://example.net/podcast/account/verify"
    finally:
        application.registry.store.close()


@pytest.fixture
def served(app):
    """Under waitress with production.ini's proxy settings (the proxy is this machine)."""
    server_settings = production_server_settings()
    server_settings["listen"] = "127.0.0.1:0"
    server = make_server(app, **server_settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://{server.effective_host}:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


def test_behind_the_proxy_a_forwarded_host_cannot_choose_the_urls(served):
    """nginx passes on whatever Host the client sent (its default server): the tween decides."""
    status, _, body = fetch(served + "/", {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert status == 400 and "evil.example" not in body
    status, headers, _ = fetch(served + "/67", {"X-Forwarded-Host": "talkpython.example",
                                                "X-Forwarded-Proto": "https"})
    assert status == 301 and headers["Location"].startswith(PUBLIC + "/episodes/show/67/")
