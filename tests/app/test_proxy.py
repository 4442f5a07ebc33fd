"""production.ini behind a reverse proxy: waitress trusts the proxy's headers, so every URL
onair builds (links, redirects) is https on the public host."""
import configparser
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import waitress

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
    server = waitress.create_server(app, **settings)
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
