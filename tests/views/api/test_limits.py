"""Rate limits per address: the standard headers on every counted answer, 429 past the limit."""
import mongoengine
import pytest
from limits.storage import MemoryStorage

from views.api.limits import ApiLimiter

LIMIT = 3


@pytest.fixture
def settings(settings):
    return settings | {"onair.api_limit_ip": f"{LIMIT}/minute"}


def test_headers_count_down_then_429_with_retry_after(api):
    for remaining in range(LIMIT - 1, -1, -1):
        response = api.get("/api/v1/shows")
        assert response.headers["RateLimit-Limit"] == str(LIMIT)
        assert response.headers["RateLimit-Remaining"] == str(remaining)
        assert 1 <= int(response.headers["RateLimit-Reset"]) <= 60
    refused = api.testapp.get("/api/v1/episodes", status=429)
    assert refused.content_type == "application/problem+json" and refused.json["status"] == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Remaining"] == "0"
    # The limit is the address's, across endpoints and for unknown ones too.
    assert api.testapp.get("/api/v1/nothing-here", status=429).json["status"] == 429


def test_each_address_has_its_own_count(testapp):
    for _ in range(LIMIT):
        testapp.get("/api/v1/shows", extra_environ={"REMOTE_ADDR": "192.0.2.1"})
    testapp.get("/api/v1/shows", extra_environ={"REMOTE_ADDR": "192.0.2.1"}, status=429)
    # X-Forwarded-For is not believed: the proxy's trusted settings put the client in REMOTE_ADDR.
    testapp.get("/api/v1/shows", extra_environ={"REMOTE_ADDR": "192.0.2.1"},
                headers={"X-Forwarded-For": "198.51.100.7"}, status=429)
    assert testapp.get("/api/v1/shows", extra_environ={"REMOTE_ADDR": "192.0.2.2"}).status_int == 200


def test_a_304_is_counted_and_carries_the_headers(testapp):
    first = testapp.get("/api/v1/shows")
    again = testapp.get("/api/v1/shows", headers={"If-None-Match": f'"{first.etag}"'}, status=304)
    assert again.headers["RateLimit-Remaining"] == str(LIMIT - 2)


def test_site_pages_and_preflights_are_not_counted(testapp):
    for _ in range(LIMIT + 2):
        testapp.get("/episodes")
        testapp.options("/api/v1/shows", status=204)
    assert testapp.get("/api/v1/shows").headers["RateLimit-Remaining"] == str(LIMIT - 1)


def test_the_window_ends():
    now = [1_000_000.0]
    limiter = ApiLimiter(MemoryStorage(), "2/minute", clock=lambda: now[0])
    assert limiter.hit("a")[0] and limiter.hit("a")[0]
    allowed, headers = limiter.hit("a")
    assert not allowed and int(headers["Retry-After"]) >= 1


def test_off_turns_it_off():
    assert ApiLimiter.from_settings({"onair.api_limit_ip": "off"}) is None


@pytest.fixture
def uncached_app(settings):
    from app import main

    application = main({}, **(settings | {"onair.page_cache": "false"}))
    yield application
    application.registry.store.close()
    mongoengine.disconnect()


def test_headers_on_a_raised_304_and_a_503(uncached_app, monkeypatch):
    import webtest
    from pymongo.errors import ServerSelectionTimeoutError

    from data.core import changes

    testapp = webtest.TestApp(uncached_app, extra_environ={"HTTP_HOST": "localhost"})
    first = testapp.get("/api/v1/shows")
    again = testapp.get("/api/v1/shows", headers={"If-None-Match": f'"{first.etag}"'}, status=304)
    assert again.headers["RateLimit-Remaining"] == str(LIMIT - 2)

    def down(*args, **kwargs):
        raise ServerSelectionTimeoutError("no servers")

    monkeypatch.setattr(changes, "freshness", down)
    assert testapp.get("/api/v1/shows", status=503).headers["RateLimit-Remaining"] == "0"
