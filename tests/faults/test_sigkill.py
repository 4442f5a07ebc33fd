"""SIGKILL in the middle of a burst of acknowledged writes: nothing acknowledged is lost.

The server is the real one (pserve, waitress, four worker threads) on the embedded store. Two
kinds of write, each acknowledged only after the store is flushed: sponsor clicks (/<slug>
counts the click, then redirects: every 302 is an acknowledged write) and admin saves (a
logged-in admin creates guests through the real form: every 303 is an acknowledged save).
"""
import http.client
import itertools
import signal
import threading
import time

import bson
import mongoengine
import pytest

from app.embedded.store import EmbeddedStore
from tests.live import AdminClient, LiveServer, create_account

ROUNDS = 3
CLIENTS = 6
ADMIN = ("kill-test-admin@example.com", "a long enough kill test passphrase")


def read_store(store_dir, read):
    """Load the store the way start-up does (a corrupt file raises StoreCorrupt), then read it."""
    store = EmbeddedStore(store_dir).open()
    try:
        return read()
    finally:
        store.close()
        mongoengine.disconnect()


class Burst:
    """Client threads writing as fast as they can; ``write()`` returns True when acknowledged."""

    def __init__(self, write):
        self.write = write
        self.sent, self.acknowledged = [], []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.numbers = itertools.count()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(CLIENTS)]

    def _run(self):
        while not self.stop.is_set():
            number = next(self.numbers)
            with self.lock:
                self.sent.append(number)
            try:
                ok = self.write(number)
            except OSError:  # the server is gone: this write may or may not have landed
                return
            if ok:
                with self.lock:
                    self.acknowledged.append(number)

    def run_until(self, acknowledged: int, then, timeout: float = 20):
        for thread in self.threads:
            thread.start()
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < acknowledged and time.monotonic() < deadline:
            time.sleep(0.005)
        then()
        self.stop.set()
        for thread in self.threads:
            thread.join(10)


def kill(server):
    server.process.send_signal(signal.SIGKILL)
    server.wait(10)


def sponsor_click(port, slug):
    def write(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", f"/{slug}")
            response = connection.getresponse()
            response.read()
            return response.status == 302
        finally:
            connection.close()
    return write


def test_every_acknowledged_click_survives_sigkill(tmp_path, store_copy):
    from data.catalog.sponsor import Sponsor

    sponsors = bson.decode_all((store_copy / "onair" / "sponsors.bson").read_bytes())
    slug = next(doc["slug"] for doc in sponsors if doc.get("active", True))

    def clicks():
        return Sponsor.objects(slug=slug).first().clicks

    before = read_store(store_copy, clicks)
    report = []
    for round_number in range(ROUNDS):
        server = LiveServer(tmp_path / f"round{round_number}", store_copy).start()
        burst = Burst(sponsor_click(server.port, slug))
        try:
            burst.run_until(40 + 60 * round_number, then=lambda: kill(server))  # a different moment each round
        finally:
            server.kill()
        assert server.process.returncode == -signal.SIGKILL
        after = read_store(store_copy, clicks)
        report.append((len(burst.sent), len(burst.acknowledged), after - before))
        assert len(burst.acknowledged) >= 20, "the burst did not get going before the kill"
        assert len(burst.acknowledged) <= after - before <= len(burst.sent), report
        before = after

    # And the killed store starts again and serves: the lock died with the process.
    with LiveServer(tmp_path / "restart", store_copy) as server:
        status, _, body = server.request("/healthz")
        assert status == 200 and b'"ok"' in body
        assert server.request(f"/{slug}")[0] == 302
    assert read_store(store_copy, clicks) == before + 1
    print(f"SIGKILL during clicks (sent, acknowledged, on disk): {report}")


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_every_acknowledged_admin_save_survives_sigkill(tmp_path, store_copy, round_number):
    from data.catalog.guest import Guest

    create_account(store_copy, *ADMIN)
    server = LiveServer(tmp_path, store_copy, threads=4).start()
    try:
        admin = AdminClient(server, *ADMIN)
        prefix = f"Kill test {round_number}"

        def save_guest(number):
            status, _, _ = admin.post("/admin/guests/new", {"name": f"{prefix} guest {number}",
                                                            "bio": f"Saved as number {number}.", "save": "1"})
            return status == 303

        burst = Burst(save_guest)
        burst.run_until(15 + 15 * round_number, then=lambda: kill(server))
    finally:
        server.kill()
    names = read_store(store_copy, lambda: {g.name for g in Guest.objects(name__startswith=prefix)})
    acknowledged = {f"{prefix} guest {n}" for n in burst.acknowledged}
    sent = {f"{prefix} guest {n}" for n in burst.sent}
    assert len(acknowledged) >= 10, "the burst did not get going before the kill"
    assert acknowledged <= names <= sent, (len(acknowledged), len(names), len(sent))
    print(f"SIGKILL during admin saves: {len(sent)} sent, {len(acknowledged)} acknowledged, {len(names)} on disk")
