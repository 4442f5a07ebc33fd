"""Every error under /api/ is a problem+json answer the document describes, never an HTML page."""
import pytest
from pymongo.errors import ServerSelectionTimeoutError

from data.core import changes

READ_PATHS = ["/api/v1/shows", "/api/v1/episodes", "/api/v1/shows/talkpython/episodes/67",
              "/api/v1/shows/talkpython/episodes/67/transcript", "/api/v1/guests", "/api/v1/guests/mike-bayer",
              "/api/v1/courses", "/api/v1/courses/python-jumpstart-by-building-10-apps", "/api/v1/search?q=x",
              "/api/v1/openapi.json"]


def _is_problem(response, status):
    assert response.status_int == status
    assert response.content_type == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["title"] and body["detail"] and body["type"] == "about:blank"
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize("path", ["/api/", "/api/v2/shows", "/api/v1/nothing-here", "/api/v1/shows/x/episodes/y",
                                  "/api/v1/shows/talkpython/episodes/67/transcript/extra"])
def test_unknown_addresses_are_404_problems(testapp, path):
    _is_problem(testapp.get(path, status=404), 404)


@pytest.mark.parametrize("path", READ_PATHS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_problems(testapp, path, method):
    response = getattr(testapp, method)(path, status=405)
    _is_problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", READ_PATHS)
def test_preflight_and_head(testapp, path):
    response = testapp.options(path, headers={"Origin": "https://elsewhere.example",
                                              "Access-Control-Request-Method": "GET"}, status=204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert testapp.head(path).status_int == 200


@pytest.mark.parametrize("query", ["limit=x", "limit=0", "limit=51", "limit=1.5", "limit=-1", "cursor=yesterday",
                                   "since=2024-13-01", "since=", "cursor=%00", "tag=" + "x" * 61,
                                   "show=" + "x" * 81])
def test_bad_episode_parameters_are_400_problems(api, query):
    _is_problem(api.get(f"/api/v1/episodes?{query}", status=400, valid_request=False), 400)


def test_unreadable_addresses_and_queries_are_400_problems(testapp):
    _is_problem(testapp.get("/api/v1/guests/%80", status=400), 400)
    _is_problem(testapp.get("/api/v1/episodes?show=%ff", status=400), 400)
    _is_problem(testapp.get("/api/v1/search", status=400), 400)
    _is_problem(testapp.get("/api/v1/search", params={"q": "x" * 2001}, status=400), 400)
    # The site's pages keep their HTML error pages.
    assert testapp.get("/guests/%80", status=400).content_type == "text/html"


def test_oversized_body_is_a_413_problem(testapp):
    response = testapp.post("/api/v1/episodes", params=b"x" * (11 * 1024 * 1024),
                            content_type="application/json", status=413)
    _is_problem(response, 413)


def test_a_database_outage_is_a_503_problem(testapp, monkeypatch):
    def down(*args, **kwargs):
        raise ServerSelectionTimeoutError("no servers")

    monkeypatch.setattr(changes, "freshness", down)
    for path in READ_PATHS[:-1]:
        response = testapp.get(path, status=503)
        _is_problem(response, 503)
        assert response.headers["Retry-After"] == "10"
        assert "no servers" not in response.text


def test_a_crash_is_a_500_problem(testapp, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("views.api.show_service.all_shows", broken)
    response = testapp.get("/api/v1/shows", status=500)
    _is_problem(response, 500)
    assert "secret internals" not in response.text
