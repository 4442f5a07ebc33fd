"""Big arrays stay BSON in the embedded store until read, and nobody can tell the difference."""
import datetime as dt

import bson
import mongoengine as me
import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st

from app.embedded import lazybson
from app.embedded.store import EmbeddedStore, StoreCorrupt


class Line(me.EmbeddedDocument):
    at = me.IntField()
    text = me.StringField()


class Script(me.Document):
    title = me.StringField()
    lines = me.ListField(me.EmbeddedDocumentField(Line))
    meta = {"collection": "scripts"}


LINES = [Line(at=n, text=f"line {n} of the script") for n in range(200)]


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "store"
    store = EmbeddedStore(folder).open()
    Script(title="first", lines=LINES).save()
    Script(title="second", lines=LINES[:3]).save()
    Script(title="third", lines=LINES[::-1]).save()
    store.flush()
    store.close()
    yield folder
    me.disconnect()


def reopen(folder):
    me.disconnect()
    return EmbeddedStore(folder, lazy_array_bytes=1024).open()


def test_a_big_array_is_kept_as_bytes_and_read_back_whole(folder):
    store = reopen(folder)
    stored = {doc["title"]: doc for doc in Script._get_collection()._store.documents}
    assert isinstance(stored["first"]["lines"], lazybson.LazyArray)
    assert isinstance(stored["second"]["lines"], list)  # small: decoded as usual
    assert [line.text for line in Script.objects.get(title="first").lines] == [line.text for line in LINES]
    raw = Script.objects(title="first").as_pymongo().first()
    assert isinstance(raw["lines"], list) and raw["lines"][5] == {"at": 5, "text": "line 5 of the script"}
    store.close()


def test_writing_back_keeps_the_array_and_the_other_changes(folder):
    store = reopen(folder)
    script = Script.objects.get(title="first")
    script.title = "renamed"
    script.save()
    store.flush()
    documents = bson.decode_all((folder / "onair" / "scripts.bson").read_bytes())
    renamed = next(doc for doc in documents if doc["title"] == "renamed")
    assert [line["text"] for line in renamed["lines"]] == [line.text for line in LINES]
    store.close()


def test_saving_one_document_decodes_only_that_one(folder):
    store = reopen(folder)
    script = Script.objects.get(title="first")
    script.lines = script.lines[:10]
    script.save()
    stored = {doc["title"]: doc for doc in Script._get_collection()._store.documents}
    assert isinstance(stored["third"]["lines"], lazybson.LazyArray)
    assert len(Script.objects.get(title="first").lines) == 10
    assert Script.objects.get(title="third").lines[0].text == LINES[-1].text
    store.close()


def test_queries_and_updates_inside_a_lazy_array_see_a_real_array(folder):
    store = reopen(folder)
    assert Script.objects(lines__text="line 150 of the script").count() == 2  # first and third
    Script.objects(title="first").update_one(push__lines=Line(at=999, text="the end"))
    Script.objects(title="first").update_one(set__lines__0__text="the beginning")
    lines = Script.objects.get(title="first").lines
    assert lines[0].text == "the beginning" and lines[-1].text == "the end" and len(lines) == 201
    store.flush()
    store.close()
    store = reopen(folder)
    assert Script.objects.get(title="first").lines[-1].text == "the end"
    store.close()


def test_a_truncated_file_with_big_arrays_still_stops_start_up(folder):
    path = folder / "onair" / "scripts.bson"
    path.write_bytes(path.read_bytes()[:-40])
    me.disconnect()
    with pytest.raises(StoreCorrupt, match="scripts.bson"):
        EmbeddedStore(folder, lazy_array_bytes=1024).open()


leaves = st.one_of(st.integers(-2**31, 2**31 - 1), st.text(max_size=5), st.booleans(), st.none(),
                   st.floats(allow_nan=False), st.just(ObjectId("5f1d7f4c2b3e4a0012345678")),
                   st.just(dt.datetime(2024, 1, 2, 3, 4, 5)), st.binary(max_size=4))
values = st.recursive(leaves, lambda children: st.one_of(st.lists(children, max_size=4),
                                                         st.dictionaries(st.text("abc", min_size=1, max_size=2), children, max_size=3)),
                      max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text("xyz", min_size=1, max_size=3), values, max_size=4), max_size=4),
       st.sampled_from([0, 8, 64]))
def test_lazy_decoding_and_encoding_round_trip_any_document(documents, threshold):
    data = b"".join(bson.encode(doc) for doc in documents)
    decoded = lazybson.decode_all(data, threshold)
    assert [{k: lazybson.plain(v) for k, v in doc.items()} for doc in decoded] == bson.decode_all(data)
    again = b"".join(lazybson.encode(doc) for doc in decoded)
    assert bson.decode_all(again) == bson.decode_all(data)
