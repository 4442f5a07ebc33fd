"""The embedded store: mongodump files, atomic rewrites of changed collections, the lock, corruption."""
import subprocess
import sys

import bson
import mongoengine as me
import pytest
from bson import json_util

from app.embedded.store import EmbeddedStore, StoreCorrupt, StoreLocked


class Note(me.Document):
    title = me.StringField(required=True)
    rank = me.IntField(default=0)
    meta = {"collection": "notes", "indexes": [{"fields": ["title"], "unique": True}, "-rank"]}


class Tag(me.Document):
    name = me.StringField()
    meta = {"collection": "tags"}


@pytest.fixture
def folder(tmp_path):
    yield tmp_path / "store"
    me.disconnect()


def test_round_trip_is_mongodump_layout_readable_by_bson(folder):
    store = EmbeddedStore(folder).open()
    Note(title="first", rank=2).save()
    Note(title="second", rank=1).save()
    report = store.flush()
    store.close()

    assert report.collections == ["onair.notes"] and report.documents == 2
    raw = (folder / "onair" / "notes.bson").read_bytes()
    documents = bson.decode_all(raw)
    assert sorted(doc["title"] for doc in documents) == ["first", "second"]
    metadata = json_util.loads((folder / "onair" / "notes.metadata.json").read_text())
    assert metadata["collectionName"] == "notes"
    index_keys = [dict(index["key"]) for index in metadata["indexes"]]
    assert {"_id": 1} in index_keys and {"title": 1} in index_keys and {"rank": -1} in index_keys
    assert any(index.get("unique") for index in metadata["indexes"] if "title" in index["key"])

    reopened = EmbeddedStore(folder).open()
    assert sorted(note.title for note in Note.objects) == ["first", "second"]
    with pytest.raises(me.NotUniqueError):  # the unique index came back too
        Note(title="first").save()
    reopened.close()


def test_only_changed_collections_are_rewritten(folder):
    store = EmbeddedStore(folder).open()
    Note(title="a").save()
    Tag(name="t").save()
    store.flush()
    tags_file = folder / "onair" / "tags.bson"
    before = tags_file.stat().st_mtime_ns
    Note(title="b").save()
    report = store.flush()
    assert report.collections == ["onair.notes"]
    assert tags_file.stat().st_mtime_ns == before
    assert not store.dirty and store.flush().collections == []
    store.close()


def test_reading_does_not_mark_anything_dirty(folder):
    store = EmbeddedStore(folder).open()
    Note(title="a").save()
    store.flush()
    store.close()
    reopened = EmbeddedStore(folder).open()
    list(Note.objects)  # MongoEngine re-declares indexes here; that is not a change
    assert not reopened.dirty
    reopened.close()


def test_no_temp_files_are_left_behind(folder):
    store = EmbeddedStore(folder).open()
    Note(title="a").save()
    store.flush()
    store.close()
    assert not [p.name for p in (folder / "onair").iterdir() if p.name.endswith(".tmp")]


def test_second_process_is_refused_with_a_clear_message(folder):
    store = EmbeddedStore(folder).open()
    code = f"from app.embedded.store import EmbeddedStore; EmbeddedStore({str(folder)!r}).open()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    store.close()
    assert result.returncode != 0
    assert "in use by pid" in result.stderr and "Only one onair process" in result.stderr


def test_second_open_in_the_same_process_is_refused(folder):
    store = EmbeddedStore(folder).open()
    with pytest.raises(StoreLocked):
        EmbeddedStore(folder).open()
    store.close()


def test_truncated_snapshot_stops_start_up_and_is_not_overwritten(folder):
    store = EmbeddedStore(folder).open()
    for i in range(5):
        Note(title=f"n{i}").save()
    store.flush()
    store.close()
    path = folder / "onair" / "notes.bson"
    truncated = path.read_bytes()[:-7]
    path.write_bytes(truncated)

    with pytest.raises(StoreCorrupt) as error:
        EmbeddedStore(folder).open()
    assert str(path) in str(error.value)
    assert path.read_bytes() == truncated
    with pytest.raises(StoreCorrupt):  # and again: the failed start released its lock
        EmbeddedStore(folder).open()


def test_corrupt_metadata_names_the_file(folder):
    store = EmbeddedStore(folder).open()
    Note(title="x").save()
    store.flush()
    store.close()
    meta = folder / "onair" / "notes.metadata.json"
    meta.write_text("{not json")
    with pytest.raises(StoreCorrupt, match="notes.metadata.json"):
        EmbeddedStore(folder).open()


def test_dropped_collection_disappears_from_disk(folder):
    store = EmbeddedStore(folder).open()
    Tag(name="x").save()
    store.flush()
    Tag.drop_collection()
    store.flush()
    store.close()
    assert not (folder / "onair" / "tags.bson").exists()


def test_concurrent_writers_and_flushes_leave_every_acknowledged_write_on_disk(folder):
    import threading

    store = EmbeddedStore(folder).open()

    def writer(start):
        for i in range(start, start + 25):
            Note(title=f"t{i}").save()
            store.flush()  # "acknowledged" only once this returns

    threads = [threading.Thread(target=writer, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    on_disk = bson.decode_all((folder / "onair" / "notes.bson").read_bytes())
    assert len(on_disk) == 100
