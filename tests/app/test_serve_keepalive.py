"""A 304 keeps the HTTP/1.1 connection open (app/serve.py KeepAliveTask), on a real waitress."""
from __future__ import annotations

import http.client
import threading

import pytest
from waitress import create_server
from webob import Request, Response

from app.serve import keep_alive_on_bodiless

ETAG = "v1"


def conditional_app(environ, start_response):
    # webob answers 304 itself when If-None-Match matches, as onair's feeds and pages do.
    response = Response(b"<rss>feed</rss>", content_type="application/rss+xml", etag=ETAG,
                        conditional_response=True)
    return response(environ, start_response)


@pytest.fixture
def server():
    server = create_server(conditional_app, host="127.0.0.1", port=0, threads=2)
    keep_alive_on_bodiless(server)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server
    server.close()
    thread.join(timeout=5)


def test_two_conditional_gets_share_one_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=5)
    try:
        conn.request("GET", "/feed.rss")
        first = conn.getresponse()
        assert first.status == 200 and first.read() == b"<rss>feed</rss>"
        sock = conn.sock
        for _ in range(2):
            conn.request("GET", "/feed.rss", headers={"If-None-Match": f'"{ETAG}"'})
            answer = conn.getresponse()
            assert answer.status == 304
            assert answer.read() == b""
            assert (answer.getheader("Connection") or "").lower() != "close"
            assert conn.sock is sock, "the 304 closed the connection"
    finally:
        conn.close()


def test_client_asking_to_close_still_closes(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=5)
    try:
        conn.request("GET", "/feed.rss", headers={"If-None-Match": f'"{ETAG}"', "Connection": "close"})
        answer = conn.getresponse()
        assert answer.status == 304
        assert answer.getheader("Connection").lower() == "close"
    finally:
        conn.close()


def test_plain_waitress_closes_after_304_which_is_why_onair_patches_it():
    server = create_server(conditional_app, host="127.0.0.1", port=0, threads=1)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=5)
        conn.request("GET", "/", headers={"If-None-Match": f'"{ETAG}"'})
        answer = conn.getresponse()
        assert answer.status == 304
        # If waitress fixes this upstream, KeepAliveTask can go.
        assert (answer.getheader("Connection") or "").lower() == "close"
        conn.close()
    finally:
        server.close()
        thread.join(timeout=5)
