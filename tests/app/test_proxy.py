"""production.ini behind a reverse proxy: waitress trusts the proxy's headers, so every URL
onair builds (links, redirects) is https on the public host; nobody else's headers are believed."""
import configparser
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import webtest

from app.serve import make_server, trusted_proxies
from data.accounts import user_service
from tests.conftest import TEST_PASSWORD

PRODUCTION_INI = Path(__file__).resolve().parents[2] / "production.ini"
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "onair.example.org",
             "X-Forwarded-Port": "443", "X-Forwarded-For": "203.0.113.9"}


def production_server_settings() -> dict:
    parser = configparser.RawConfigParser()
    parser.read(PRODUCTION_INI)
    settings = dict(parser["server:main"])
    settings.pop("use")
    return settings


@pytest.fixture
def served(app):
    """The app under waitress, with production.ini's [server:main] (on a free local port)."""
    settings = production_server_settings()
    settings["listen"] = "127.0.0.1:0"
    server = make_server(app, **settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    host, port = server.effective_host, server.effective_port
    yield f"http://{host}:{port}"
    server.close()
    thread.join(timeout=5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    return response.status, dict(response.headers), response.read().decode()


def test_production_ini_trusts_only_the_local_proxy():
    settings = production_server_settings()
    assert settings["trusted_proxy"] == "127.0.0.1"
    assert set(settings["trusted_proxy_headers"].split()) >= {"x-forwarded-proto", "x-forwarded-host"}
    assert settings["clear_untrusted_proxy_headers"] == "yes"


def test_links_and_redirects_use_the_public_https_host_behind_the_proxy(served):
    status, headers, body = fetch(served + "/67", FORWARDED)
    assert status == 301
    assert headers["Location"].startswith("https://onair.example.org/episodes/show/67/")

    status, _, body = fetch(served + "/", FORWARDED)
    assert status == 200
    assert 'href="https://onair.example.org/episodes"' in body
    assert "http://onair.example.org" not in body and "127.0.0.1" not in body


def test_without_the_proxy_headers_urls_name_the_server_itself(served):
    status, headers, _ = fetch(served + "/67")
    assert status == 301 and headers["Location"].startswith(served + "/episodes/show/67/")


def test_the_page_cache_keeps_the_public_and_the_direct_pages_apart(served):
    """The cache key is the full URL as the visitor sees it: scheme and host included."""
    _, _, public = fetch(served + "/", FORWARDED)
    _, _, direct = fetch(served + "/")
    _, _, public_again = fetch(served + "/", FORWARDED)
    assert "https://onair.example.org/" in public and "https://onair.example.org/" in public_again
    assert "https://onair.example.org/" not in direct


def seen_by_app(settings: dict, **environ) -> dict:
    """The environ the app gets once ``trusted_proxies`` has handled ``environ``."""
    seen = {}

    def app(env, start_response):
        seen.update(env)
        start_response("200 OK", [])
        return [b""]

    base = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "6543",
            "HTTP_HOST": "onair.example.org", "wsgi.url_scheme": "http"}
    trusted_proxies(app, **settings)({**base, **environ}, lambda *args: None)
    return seen


SPOOFED = {"HTTP_X_FORWARDED_FOR": "10.9.9.9", "HTTP_X_FORWARDED_HOST": "evil.example",
           "HTTP_X_FORWARDED_PROTO": "https", "HTTP_FORWARDED": "for=10.9.9.9"}


def test_a_peer_not_listed_cannot_choose_the_client_address_or_host():
    seen = seen_by_app(production_server_settings(), REMOTE_ADDR="203.0.113.50", **SPOOFED)
    assert seen["REMOTE_ADDR"] == "203.0.113.50" and seen["HTTP_HOST"] == "onair.example.org"
    assert seen["wsgi.url_scheme"] == "http"
    assert not {"HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED"} & set(seen)


def test_the_listed_proxy_names_the_client_it_connected_for():
    """nginx appends the address it saw; the client's own prefix is not believed (count = 1)."""
    seen = seen_by_app(production_server_settings(), REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.20", HTTP_X_FORWARDED_PROTO="https")
    assert seen["REMOTE_ADDR"] == "198.51.100.20" and seen["wsgi.url_scheme"] == "https"


@pytest.mark.parametrize("peer, believed", [("10.0.0.10", True), ("10.0.0.11", True), ("10.0.0.12", False),
                                            ("10.0.1.77", True), ("10.0.2.1", False), ("::1", True),
                                            ("fe80::1", False), ("localhost", False)])
def test_several_proxies_and_networks_can_be_listed(peer, believed):
    settings = {**production_server_settings(), "trusted_proxy": "10.0.0.10 10.0.0.11, 10.0.1.0/24 ::1"}
    seen = seen_by_app(settings, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert (seen["REMOTE_ADDR"] == "198.51.100.20") is believed


def test_the_address_limit_counts_the_connection_not_its_claims(app):
    """Through app/serve.py's proxy handling: a direct client naming a new X-Forwarded-For on each
    guess is still one address; clients the proxy speaks for are counted one by one."""
    wrapped = trusted_proxies(app, **production_server_settings())
    direct = webtest.TestApp(wrapped, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "203.0.113.50"})
    via_proxy = webtest.TestApp(wrapped, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    user_service.create("victim@example.com", "Victim", TEST_PASSWORD)

    def attempt(client, email, password, forwarded_for, status):
        client.extra_environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
        form = client.get("/admin/login").forms["login-form"]
        form["email"], form["password"] = email, password
        return form.submit(status=status)

    for number in range(20):
        attempt(direct, f"guess{number}@example.com", "a wrong guess", f"10.0.0.{number}", 400)
    attempt(direct, "victim@example.com", TEST_PASSWORD, "10.0.0.99", 429)
    for number in range(20):
        attempt(via_proxy, f"guess{number}@example.com", "a wrong guess", "198.51.100.1", 400)
    attempt(via_proxy, "victim@example.com", TEST_PASSWORD, "198.51.100.1", 429)
    attempt(via_proxy, "victim@example.com", TEST_PASSWORD, "198.51.100.2", 303)
