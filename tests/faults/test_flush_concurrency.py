"""Concurrent writes on the embedded store: flushes never collide, and a write is acknowledged
only once it is on disk, even when another request's flush is the one writing it."""
import threading

import mongoengine as me

import app.embedded.store as store_module
from app.embedded.store import EmbeddedStore


class Counter(me.Document):
    name = me.StringField(required=True)
    n = me.IntField(default=0)
    meta = {"collection": "counters"}


def test_concurrent_writes_and_flushes_lose_nothing(tmp_path):
    folder = tmp_path / "store"
    store = EmbeddedStore(folder).open()
    Counter(name="c").save()
    store.flush()
    errors = []

    def worker():
        for _ in range(40):
            try:
                Counter.objects(name="c").update_one(inc__n=1)
                store.flush()
            except Exception as exc:  # a StoreWriteError here would be a 503 to a user
                errors.append(repr(exc))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    me.disconnect()
    assert errors == []
    reopened = EmbeddedStore(folder).open()
    try:
        assert Counter.objects(name="c").first().n == 8 * 40
    finally:
        reopened.close()
        me.disconnect()


def test_a_click_is_not_acknowledged_while_its_change_is_still_being_written(app, store, testapp, monkeypatch):
    from data.catalog import sponsor_service
    from data.catalog.sponsor import Sponsor

    slug = Sponsor.objects(active=True).first().slug
    writing = threading.Event()   # another thread's flush is writing sponsors.bson, with our click in it
    release = threading.Event()
    real_write, real_click = store_module._atomic_write, sponsor_service.record_click

    def slow_write(path, data):
        if path.name == "sponsors.bson" and not release.is_set():
            writing.set()
            release.wait(10)
        real_write(path, data)

    def click_then_someone_else_flushes(sponsor):
        real_click(sponsor)
        threading.Thread(target=store.flush, daemon=True).start()
        assert writing.wait(10)

    monkeypatch.setattr(store_module, "_atomic_write", slow_write)
    monkeypatch.setattr(sponsor_service, "record_click", click_then_someone_else_flushes)
    answers = []
    request = threading.Thread(target=lambda: answers.append(testapp.get(f"/{slug}").status_int))
    request.start()
    assert writing.wait(10)
    request.join(0.5)
    assert answers == [], "the redirect went out before the click was on disk"
    release.set()
    request.join(10)
    assert answers == [302]
