"""Fast paths for mongomock, the embedded store's engine. Same answers, less work.

mongomock answers every query by testing every stored document against the filter with its
general matcher, then copies every match (projection included) before it applies the limit.
On a 500-episode catalog that made a "latest five" query copy 350 documents. Two fixes:

- a prefilter: before the general matcher runs, documents that cannot match an ``_id``
  lookup or a plain top-level equality (``slug``, ``show``, ``guests``...) are set aside with
  a dict lookup. It only ever sets aside documents the matcher would reject too;
- a plain matcher: a filter made only of top-level fields compared with ``$eq``, ``$ne``,
  ``$in``, ``$nin``, ``$lt``, ``$lte``, ``$gt``, ``$gte`` against strings, numbers, ObjectIds
  or datetimes (what MongoEngine builds for ``Episode.objects.public()`` and most lookups)
  is decided with Python comparisons for each document whose values are such scalars too;
  any other document (an array, a missing field, a sub-document) goes to mongomock's matcher;
- sorts on a top-level field whose values are all scalars of one kind use them as the sort
  key directly, instead of mongomock's comparison object per value;
- limits and ``cursor[i]`` stop after the documents they need, instead of copying them all;
- ``find_one({"_id": value})`` (the content version onair reads on every request) is one
  dict lookup;
- copies (what a query returns) share immutable values (strings, numbers, ObjectIds, dates)
  instead of copying each one, and plain projections (``.only()``, ``.exclude()`` of top-level
  fields) pick the fields with one dict comprehension.

Each fast path is checked against mongomock's own answers in tests/app/embedded/test_mockspeed.py.

Applied once, at import, by app/embedded/store.py.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import operator
import uuid
from decimal import Decimal

from bson import ObjectId
from mongomock import filtering
from mongomock.collection import Collection, Cursor

# Values whose Python == agrees with MongoDB's equality (a superset of matches is fine: the
# general matcher runs afterwards; what matters is that == never says False for a match).
_PLAIN = (str, int, float, ObjectId, dt.datetime, uuid.UUID, Decimal)


def _plain(value) -> bool:
    return isinstance(value, _PLAIN) and not isinstance(value, bool)


def _may_equal(stored, wanted) -> bool:
    """False only when a stored value cannot satisfy {field: wanted}."""
    if stored == wanted:
        return True
    return isinstance(stored, list)  # arrays match by element (and in ways best left to mongomock)


def _equalities(spec: dict) -> list[tuple[str, object]] | None:
    pairs = []
    for key, value in spec.items():
        if key.startswith("$") or "." in key:
            continue
        if _plain(value):
            pairs.append((key, value))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op == "$eq" and _plain(arg):
                pairs.append((key, arg))
            elif op == "$in" and key == "_id" and isinstance(arg, (list, tuple)) and all(_plain(v) for v in arg):
                pairs.append((key, frozenset(arg)))
    return pairs


_MISSING = object()


def prefilter(spec, documents: list) -> list:
    """The documents that may match ``spec``; the general matcher must still check each."""
    if not isinstance(spec, dict) or not spec:
        return documents
    pairs = _equalities(spec)
    if not pairs:
        return documents
    for key, wanted in pairs:
        if isinstance(wanted, frozenset):  # _id $in: ids are never arrays
            documents = [doc for doc in documents if _hashable_in(doc.get(key, _MISSING), wanted)]
        else:
            documents = [doc for doc in documents if _may_equal(doc.get(key, _MISSING), wanted)]
    return documents


def _hashable_in(value, wanted: frozenset) -> bool:
    try:
        return value in wanted
    except TypeError:  # an unhashable _id (a dict): let the matcher decide
        return True


# Type brackets (MongoDB compares values only within one); exact types, so bool is not an int.
_BRACKET = {int: 1, float: 1, str: 2, ObjectId: 3, dt.datetime: 4}
_COMPARE = {"$lt": operator.lt, "$lte": operator.le, "$gt": operator.gt, "$gte": operator.ge}
_SET_OPS = ("$in", "$nin")


def _scalar(value) -> bool:
    kind = type(value)
    return kind in _BRACKET and not (kind is float and value != value)  # NaN sorts its own way


def compile_plain(spec):
    """[(field, op, value)] for a filter the plain matcher can decide; None for any other."""
    if not isinstance(spec, dict):
        return None
    conditions = []
    for key, condition in spec.items():
        if key.startswith("$") or "." in key:
            return None
        if isinstance(condition, dict):
            if not condition:
                return None
            for op, value in condition.items():
                if op in _SET_OPS:
                    if not isinstance(value, (list, tuple)) or not all(_scalar(v) for v in value):
                        return None
                    conditions.append((key, op, frozenset(value)))
                elif (op == "$eq" or op == "$ne" or op in _COMPARE) and _scalar(value):
                    conditions.append((key, op, value))
                else:
                    return None
        elif _scalar(condition):
            conditions.append((key, "$eq", condition))
        else:
            return None
    return conditions


def decide_plain(conditions, document):
    """True or False when every value involved is a scalar; None to ask mongomock's matcher."""
    for key, op, wanted in conditions:
        stored = document.get(key, _MISSING)
        if not _scalar(stored):
            return None
        # Among these types, == is only ever true within one bracket (1 == 1.0 is, like MongoDB).
        if op == "$eq":
            ok = stored == wanted
        elif op == "$ne":
            ok = stored != wanted
        elif op == "$in":
            ok = stored in wanted
        elif op == "$nin":
            ok = stored not in wanted
        else:
            ok = _BRACKET[type(stored)] == _BRACKET[type(wanted)] and _COMPARE[op](stored, wanted)
        if not ok:
            return False
    return True


def _iter_documents(self, filter):
    # As mongomock: validate the filter even when nothing can be returned.
    if self._store.is_empty:
        filtering.filter_applies(filter, {})
    documents = prefilter(filter, list(self._store.documents))
    conditions = compile_plain(filter)
    if conditions is None:
        return (document for document in documents if filtering.filter_applies(filter, document))

    def matches(document):
        decided = decide_plain(conditions, document)
        return filtering.filter_applies(filter, document) if decided is None else decided
    return (document for document in documents if matches(document))


def _plain_sort_key(key: str, documents: list):
    """A sort key for ``key`` when every document has a scalar of one bracket there; else None."""
    if key.startswith("$") or "." in key:
        return None
    brackets = set()
    for document in documents:
        value = document.get(key, _MISSING)
        if not _scalar(value):
            return None
        brackets.add(_BRACKET[type(value)])
        if len(brackets) > 1:
            return None
    return operator.itemgetter(key)


def _get_dataset(self, spec, sort, fields, as_class):
    """mongomock's _get_dataset, with plain sort keys where they give the same order."""
    dataset = self._iter_documents(spec)
    if sort:
        if isinstance(sort, dict):
            sort = sort.items()
        dataset = list(dataset)
        for sort_key, sort_direction in reversed(list(sort)):
            if sort_key == "$natural":
                if sort_direction < 0:
                    dataset.reverse()
                continue
            if sort_key.startswith("$"):
                raise NotImplementedError(f"Sorting by {sort_key} is not implemented in mongomock yet")
            key = _plain_sort_key(sort_key, dataset) or functools.partial(_mongomock_sort_key, sort_key)
            dataset = sorted(dataset, key=key, reverse=sort_direction < 0)
    for document in dataset:
        yield self._copy_only_fields(document, fields, as_class)


def _mongomock_sort_key(sort_key, document):
    return filtering.resolve_sort_key(sort_key, document)


def _windowed(original):
    @functools.wraps(original)
    def _compute_results(self, with_limit_and_skip=False):
        limit = self._limit
        if not with_limit_and_skip or not limit or limit < 0 or self.collection.codec_options.tz_aware:
            return original(self, with_limit_and_skip)
        window = getattr(self, "_onair_window", None)
        if window is None or window[0] is not self._factory or window[1] != (self._skip, limit):
            rows = list(itertools.islice(self._factory(), self._skip, self._skip + limit))
            window = self._onair_window = (self._factory, (self._skip, limit), rows)
        return window[2]
    return _compute_results


def _indexed(original):
    @functools.wraps(original)
    def __getitem__(self, index):
        if (not isinstance(index, int) or isinstance(index, bool) or index < 0
                or self.collection.codec_options.tz_aware or (self._limit and self._limit < 0)):
            return original(self, index)
        if self._limit and index >= self._limit:
            raise IndexError("no such item for Cursor instance")
        for document in itertools.islice(self._factory(), self._skip + index, None):
            return document
        raise IndexError("no such item for Cursor instance")
    return __getitem__


_IMMUTABLE = (str, int, float, bool, type(None), bytes, ObjectId, dt.datetime, uuid.UUID, Decimal)


def fast_copy(value):
    """mongomock's _copy_field for a dict container: new lists and dicts, immutable leaves shared."""
    if isinstance(value, list):
        return [fast_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: fast_copy(item) for key, item in value.items()}
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.copy(value)  # anything else (a LazyArray decodes itself here)


@functools.lru_cache(maxsize=256)
def _plain_projection_of(items: tuple):
    return _plain_projection(dict(items))


def _plain_projection(fields):
    """(included fields or None, excluded fields or None, keep _id) for a top-level projection."""
    if not isinstance(fields, dict) or not all(
            isinstance(k, str) and "." not in k and not k.startswith("$") for k in fields):
        return None
    if not all(type(v) in (int, bool) for v in fields.values()):
        return None
    keep_id = bool(fields.get("_id", 1))
    others = {k: bool(v) for k, v in fields.items() if k != "_id"}
    if len(set(others.values())) > 1:
        return None  # mixed: mongomock's own error
    include = next(iter(others.values()), True)
    return (set(others) if include else None), (None if include else set(others)), keep_id


def _copy_only_fields(original):
    @functools.wraps(original)
    def wrapper(self, doc, fields, container):
        if container is not dict:
            return original(self, doc, fields, container)
        if fields is None or (isinstance(fields, dict) and not fields):
            return fast_copy(doc)
        try:  # the same projection comes with every document of a query: work it out once
            plain = _plain_projection_of(tuple(fields.items())) if isinstance(fields, dict) else None
        except TypeError:  # an unhashable value in the projection ($slice, $elemMatch...)
            plain = None
        if plain is None:
            return original(self, doc, fields, container)
        include, exclude, keep_id = plain
        if include:
            result = {k: fast_copy(v) for k, v in doc.items() if k in include}
        elif exclude:
            result = {k: fast_copy(v) for k, v in doc.items() if k not in exclude}
        else:  # only _id named: {_id: 1} keeps just it, {_id: 0} everything else
            result = {} if keep_id else fast_copy(doc)
        if not keep_id:
            result.pop("_id", None)
        elif "_id" in doc:
            result["_id"] = doc["_id"]
        return result
    return wrapper


def _find_one(original):
    @functools.wraps(original)
    def find_one(self, filter=None, *args, **kwargs):
        if (args or kwargs or not isinstance(filter, dict) or len(filter) != 1
                or not _scalar(filter.get("_id", _MISSING)) or self.codec_options.tz_aware):
            return original(self, filter, *args, **kwargs)
        storage = self._store
        storage._remove_expired_documents()  # as mongomock does before reading (TTL indexes)
        document = storage._documents.get(filter["_id"])
        if document is None or not decide_plain((("_id", "$eq", filter["_id"]),), document):
            # A miss is only a miss if no stored _id equals it another way: ask mongomock.
            return original(self, filter)
        return fast_copy(document)
    return find_one


ORIGINAL_GET_DATASET = Collection._get_dataset  # kept for the tests that compare answers
ORIGINAL_COPY_ONLY_FIELDS = Collection._copy_only_fields
ORIGINAL_FIND_ONE = Collection.find_one


def install() -> None:
    if getattr(Cursor, "_onair_fast", False):
        return
    Collection._iter_documents = _iter_documents
    Collection._get_dataset = _get_dataset
    Collection.find_one = _find_one(Collection.find_one)
    Collection._copy_only_fields = _copy_only_fields(Collection._copy_only_fields)
    Cursor._compute_results = _windowed(Cursor._compute_results)
    Cursor.__getitem__ = _indexed(Cursor.__getitem__)
    Cursor._onair_fast = True
