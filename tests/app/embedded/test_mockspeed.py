"""The embedded store's mongomock fast paths give mongomock's own answers."""
import datetime as dt

import mongomock
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from mongomock import filtering

from app.embedded import mockspeed

mockspeed.install()  # app.embedded.store installs it too; the tests below must see the fast paths
IDS = [ObjectId() for _ in range(4)]
scalars = st.one_of(st.integers(-2, 2), st.sampled_from(["a", "b", "1", ""]), st.sampled_from(IDS),
                    st.floats(-2, 2, allow_nan=False), st.booleans(), st.none())
values = st.one_of(scalars, st.lists(scalars, max_size=3),
                   st.dictionaries(st.sampled_from("xy"), scalars, max_size=2))
documents = st.lists(st.dictionaries(st.sampled_from(["a", "b", "tags"]), values, max_size=3), max_size=8)
plain = st.one_of(st.integers(-2, 2), st.sampled_from(["a", "b", "1"]), st.sampled_from(IDS),
                  st.floats(-2, 2, allow_nan=False))
conditions = st.one_of(plain, st.builds(lambda v: {"$eq": v}, plain), values,
                       st.builds(lambda v: {"$gt": v}, plain), st.builds(lambda v: {"$ne": v}, plain))
filters = st.dictionaries(st.sampled_from(["a", "b", "tags", "a.x", "_id"]), conditions, max_size=3)


@settings(max_examples=400, deadline=None)
@given(documents, filters)
def test_the_prefilter_never_drops_a_document_mongomock_would_match(docs, spec):
    for n, doc in enumerate(docs):
        doc["_id"] = IDS[n % len(IDS)] if n < len(IDS) else n
    try:
        expected = [doc for doc in docs if filtering.filter_applies(spec, doc)]
    except (mongomock.OperationFailure, TypeError):  # refused by mongomock, so by the fast path too
        return
    kept = mockspeed.prefilter(spec, docs)
    assert [doc for doc in kept if filtering.filter_applies(spec, doc)] == expected


WHEN = [dt.datetime(2020, 1, 1), dt.datetime(2024, 6, 1, 12, 30)]
# Small pools, so that stored and wanted values often meet (equal, or one above the other).
POOL = [-1, 0, 1, 1.0, 2.5, "", "a", "b", IDS[0], IDS[1], *WHEN]
plain_values = st.sampled_from(POOL)
field_values = st.one_of(plain_values, st.sampled_from([True, False, None, float("nan")]),
                         st.lists(plain_values, max_size=2), st.dictionaries(st.sampled_from("xy"), plain_values, max_size=1))
plain_conditions = st.one_of(
    plain_values,
    st.builds(lambda op, v: {op: v}, st.sampled_from(["$eq", "$ne", "$lt", "$lte", "$gt", "$gte"]), plain_values),
    st.builds(lambda op, v: {op: v}, st.sampled_from(["$in", "$nin"]), st.lists(plain_values, max_size=3)),
    st.builds(lambda a, b: {"$gte": a, "$lt": b}, plain_values, plain_values),
)


STORED = [*POOL, True, False, None, float("nan"), [1], [], {"x": 1}, "missing"]


def test_each_plain_operator_agrees_with_mongomock_for_every_pair_of_values():
    checked = 0
    for op in ("$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin"):
        for wanted in POOL:
            spec = {"a": {op: [wanted, 1] if op in ("$in", "$nin") else wanted}}
            conditions = mockspeed.compile_plain(spec)
            for stored in STORED:
                doc = {} if stored == "missing" else {"a": stored}
                decided = mockspeed.decide_plain(conditions, doc)
                if decided is not None:
                    checked += 1
                    assert decided == filtering.filter_applies(spec, doc), (spec, doc)
    assert checked > 500  # most pairs are decided by the fast path, not handed back


@settings(max_examples=600, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b"]), field_values, max_size=2), max_size=8),
       st.dictionaries(st.sampled_from(["a", "b"]), plain_conditions, max_size=2))
def test_the_plain_matcher_agrees_with_mongomock_or_defers_to_it(docs, spec):
    conditions = mockspeed.compile_plain(spec)
    assert conditions is not None
    for doc in docs:
        decided = mockspeed.decide_plain(conditions, doc)
        if decided is not None:
            assert decided == filtering.filter_applies(spec, doc), (spec, doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b"]), field_values, max_size=2), max_size=10),
       st.lists(st.tuples(st.sampled_from(["a", "b", "_id"]), st.sampled_from([1, -1])), min_size=1, max_size=2,
                unique_by=lambda pair: pair[0]))
def test_sorting_gives_mongomock_order(docs, sort):
    fast, slow = mongomock.MongoClient().db.fast, mongomock.MongoClient().db.slow
    for n, doc in enumerate(docs):
        doc["_id"] = n
    if docs:
        fast.insert_many([dict(d) for d in docs])
        slow.insert_many([dict(d) for d in docs])
    original = mockspeed.ORIGINAL_GET_DATASET
    expected = list(original(slow, {}, sort, None, dict))
    assert list(fast.find({}, sort=sort)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(IDS + [1, 2, "x"]), max_size=6), st.lists(st.integers(0, 5), max_size=6))
def test_id_lookups_and_in_lists_match_mongomock(wanted, order):
    docs = [{"_id": value, "n": n} for n, value in enumerate(dict.fromkeys(IDS + [1, 2, "x"]))]
    for spec in ({"_id": {"$in": wanted}}, {"_id": wanted[0]} if wanted else {"_id": 9}):
        expected = [doc for doc in docs if filtering.filter_applies(spec, doc)]
        assert [doc for doc in mockspeed.prefilter(spec, docs) if filtering.filter_applies(spec, doc)] == expected


def test_limits_skips_and_indexes_give_the_same_rows_as_slicing_everything():
    collection = mongomock.MongoClient().db.things
    collection.insert_many([{"n": n, "group": n % 3, "name": f"item {n}"} for n in range(40)])
    everything = list(collection.find({"group": 1}, {"name": 1}).sort("n", -1))
    assert list(collection.find({"group": 1}, {"name": 1}).sort("n", -1).limit(5)) == everything[:5]
    assert list(collection.find({"group": 1}, {"name": 1}).sort("n", -1).skip(3).limit(4)) == everything[3:7]
    cursor = collection.find({"group": 1}, {"name": 1}).sort("n", -1)
    assert cursor[2] == everything[2]
    assert collection.find({"group": 1}).sort("n", 1).skip(2)[0]["n"] == 7
    try:
        collection.find({"group": 1})[100]
    except IndexError:
        pass
    else:
        raise AssertionError("an index past the end must raise IndexError")


projections = st.one_of(
    st.none(), st.just({}),
    st.dictionaries(st.sampled_from(["a", "b", "_id"]), st.sampled_from([1, True]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "_id"]), st.sampled_from([0, False]), max_size=3),
    st.builds(lambda keep, drop_id: {keep: 1, "_id": 0} if drop_id else {keep: 1},
              st.sampled_from(["a", "b"]), st.booleans()),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), field_values, max_size=3), projections)
def test_copies_and_projections_match_mongomock(doc, fields):
    doc["_id"] = IDS[0]
    collection = mongomock.MongoClient().db.things
    expected = mockspeed.ORIGINAL_COPY_ONLY_FIELDS(collection, doc, dict(fields) if fields else fields, dict)
    copied = collection._copy_only_fields(doc, dict(fields) if fields else fields, dict)
    assert copied == expected
    for key, value in copied.items():  # containers are new objects, so callers cannot change the store
        if isinstance(value, (list, dict)):
            assert value is not doc[key]


def test_find_one_by_id_answers_as_mongomock_does():
    collection = mongomock.MongoClient().db.things
    collection.insert_many([{"_id": IDS[0], "v": [1, {"x": 2}]}, {"_id": "name", "v": 2}, {"_id": 3, "v": 3},
                            {"_id": 2.5, "v": 4}])
    original = mockspeed.ORIGINAL_FIND_ONE
    for wanted in (IDS[0], IDS[1], "name", "nope", 3, 3.0, 2.5, True, None):
        assert collection.find_one({"_id": wanted}) == original(collection, {"_id": wanted}), wanted
    found = collection.find_one({"_id": IDS[0]})
    found["v"][1]["x"] = 99  # a copy: changing it leaves the stored document alone
    assert collection.find_one({"_id": IDS[0]})["v"] == [1, {"x": 2}]
