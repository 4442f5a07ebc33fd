"""Fast paths for mongomock, the embedded store's engine. Same answers, less work.

mongomock answers every query by testing every stored document against the filter with its
general matcher, then copies every match (projection included) before it applies the limit.
On a 500-episode catalog that made a "latest five" query copy 350 documents. Two fixes:

- a prefilter: before the general matcher runs, documents that cannot match an ``_id``
  lookup or a plain top-level equality (``slug``, ``show``, ``guests``...) are set aside with
  a dict lookup. It only ever sets aside documents the matcher would reject too (tested
  against mongomock's own answers in tests/app/test_mockspeed.py), and the matcher still
  decides for everything that is left;
- limits and ``cursor[i]`` stop after the documents they need, instead of copying them all.

Applied once, at import, by app/store.py.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
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


def _iter_documents(self, filter):
    # As mongomock: validate the filter even when nothing can be returned.
    if self._store.is_empty:
        filtering.filter_applies(filter, {})
    documents = prefilter(filter, list(self._store.documents))
    return (document for document in documents if filtering.filter_applies(filter, document))


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


def install() -> None:
    if getattr(Cursor, "_onair_fast", False):
        return
    Collection._iter_documents = _iter_documents
    Cursor._compute_results = _windowed(Cursor._compute_results)
    Cursor.__getitem__ = _indexed(Cursor.__getitem__)
    Cursor._onair_fast = True
