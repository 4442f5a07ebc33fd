"""SIGKILL in the middle of a burst of acknowledged writes: nothing acknowledged is lost.

The server is the real one (pserve, waitress, four worker threads) on the embedded store. The
write is the sponsor click (/<slug> counts the click; the store is flushed before the redirect
goes out), so every 302 a client received is a write the server acknowledged.
"""
import http.client
import signal
import threading
import time

import bson
import mongoengine

from app.store import EmbeddedStore
from tests.live import LiveServer

ROUNDS = 3
CLIENTS = 6


def clicks_on_disk(store_dir, slug):
    """Load the store the way start-up does (a corrupt file raises StoreCorrupt) and read the count."""
    from data.sponsor import Sponsor

    store = EmbeddedStore(store_dir).open()
    try:
        return Sponsor.objects(slug=slug).first().clicks
    finally:
        store.close()
        mongoengine.disconnect()


class ClickBurst:
    """Client threads clicking as fast as they can; counts what was sent and what was acknowledged."""

    def __init__(self, port, slug):
        self.port, self.slug = port, slug
        self.sent = self.acknowledged = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(CLIENTS)]

    def _run(self):
        while not self.stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                with self.lock:
                    self.sent += 1
                connection.request("GET", f"/{self.slug}")
                response = connection.getresponse()
                response.read()
                if response.status == 302:
                    with self.lock:
                        self.acknowledged += 1
            except OSError:  # the server is gone: this click may or may not have been counted
                return
            finally:
                connection.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(10)


def test_every_acknowledged_click_survives_sigkill(tmp_path, store_copy):
    sponsors = bson.decode_all((store_copy / "onair" / "sponsors.bson").read_bytes())
    slug = next(doc["slug"] for doc in sponsors if doc.get("active", True))
    clicks = clicks_on_disk(store_copy, slug)
    report = []
    for round_number in range(ROUNDS):
        server = LiveServer(tmp_path / f"round{round_number}", store_copy).start()
        try:
            with ClickBurst(server.port, slug) as burst:
                # Kill at a different point of the burst each round.
                deadline = time.monotonic() + 10
                target = 40 + 60 * round_number
                while burst.acknowledged < target and time.monotonic() < deadline:
                    time.sleep(0.005)
                server.process.send_signal(signal.SIGKILL)
                server.wait(10)
        finally:
            server.kill()
        assert server.process.returncode == -signal.SIGKILL
        after = clicks_on_disk(store_copy, slug)  # loads: nothing truncated or corrupt
        gained = after - clicks
        report.append((burst.sent, burst.acknowledged, gained))
        assert burst.acknowledged >= 20, "the burst did not get going before the kill"
        assert burst.acknowledged <= gained <= burst.sent, report
        clicks = after

    # And the killed store starts again and serves: the lock died with the process.
    with LiveServer(tmp_path / "restart", store_copy) as server:
        status, _, body = server.request("/healthz")
        assert status == 200 and b'"ok"' in body
        assert server.request(f"/{slug}")[0] == 302
    assert clicks_on_disk(store_copy, slug) == clicks + 1
    print(f"SIGKILL rounds (sent, acknowledged, on disk after restart): {report}")
