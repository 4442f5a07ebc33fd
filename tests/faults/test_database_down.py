"""MongoDB unreachable: real pymongo against a localhost port where nothing listens.

What is exercised here: start-up does not touch the database, every page answers 503 in the
layout in under a second (server selection gives up after 0.4 s), /healthz says unhealthy, and each
request tries the server again instead of failing from a cached broken state.

What is NOT exercised: a real MongoDB coming back. No MongoDB server can be installed on this
project's machines, and a fake server would prove nothing about pymongo's reconnection. Recovery
rests on pymongo's documented behaviour (its monitor keeps re-checking the seed list; the next
operation after the server answers succeeds) plus ``forget_collections`` below, which makes
MongoEngine redo its index creation on the first request that reaches the server.
"""
import json
import time

import pytest

from tests.live import LiveServer

PAGES = ["/", "/episodes", "/episodes/all", "/episodes/show/67/x", "/guests", "/guests/david-maciver",
         "/courses", "/sponsors", "/67", "/digitalocean", "/shows/pythonbytes/episodes/all"]


@pytest.fixture
def dead_db_server(tmp_path, closed_port):
    server = LiveServer(tmp_path, mongodb_uri=f"mongodb://127.0.0.1:{closed_port}/onair")
    with server:
        yield server


def test_start_up_and_shut_down_do_not_need_the_database(dead_db_server):
    # start() waited for an HTTP answer; the process is up and said which storage it uses.
    assert dead_db_server.process.poll() is None
    assert "MongoDB server at mongodb://127.0.0.1:" in dead_db_server.log()
    # And SIGTERM ends it promptly (limits' MongoDB storage used to hang the exit: app/throttle.py).
    assert dead_db_server.stop(timeout=10) == 0


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_a_quick_503_page_without_a_traceback(dead_db_server, path):
    started = time.monotonic()
    status, headers, body = dead_db_server.request(path, timeout=5)
    elapsed = time.monotonic() - started
    page = body.decode()
    assert status == 503, page[:300]
    # The bound: a dead database is a page within a second, not a 30 s hang.
    assert elapsed < 1.0, f"{path} took {elapsed:.2f} s"
    assert headers["retry-after"] == "10"
    assert "We'll be right back" in page and 'class="site-header"' in page
    assert "Traceback" not in page and "ServerSelectionTimeoutError" not in page


def test_healthz_is_unhealthy_and_every_probe_tries_the_server_again(dead_db_server):
    for _ in range(3):
        started = time.monotonic()
        status, _, body = dead_db_server.request("/healthz", timeout=5)
        elapsed = time.monotonic() - started
        assert status == 503 and elapsed < 1.0
        # A closed or discarded client would fail at once with InvalidOperation; a timeout
        # means this probe went through server selection again, so a returning server is found.
        assert json.loads(body) == {"status": "unhealthy", "database": "ServerSelectionTimeoutError"}
    assert "Traceback" not in dead_db_server.log()


def test_a_failed_request_leaves_no_half_initialised_collection(closed_port, monkeypatch):
    """MongoEngine caches a collection handle before creating its indexes; if the server is down,
    the indexes would never be created once it is back. The 503 view forgets those handles."""
    import mongoengine
    import webtest

    from app import main
    from data.catalog.episode import Episode
    from tests.conftest import BASE_SETTINGS

    monkeypatch.delenv("ONAIR_MONGODB_URI", raising=False)
    app = main({}, **BASE_SETTINGS, **{"mongodb.uri": f"mongodb://127.0.0.1:{closed_port}/onair"})
    try:
        testapp = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
        client = mongoengine.get_connection()
        for _ in range(2):
            testapp.get("/episodes", status=503)
            assert Episode._collection is None  # the next request re-runs index creation
            assert mongoengine.get_connection() is client  # same client, which keeps re-trying
    finally:
        mongoengine.disconnect()
