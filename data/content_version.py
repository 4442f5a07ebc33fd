"""The content version: one small document in MongoDB that every content write increments.

Caches (app/pagecache.py) tag what they keep with the version they read before rendering,
and read the version again on every request, so a write made by any process, on any
machine sharing the database, retires every cached page everywhere on the next request.

What bumps it:
- MongoEngine signals: every ``Document.save()``, ``delete()`` and ``QuerySet.insert()``
  (``QuerySet.delete()`` fires ``post_delete`` per document while a receiver is connected);
- app/pagecache.py: every successful non-GET request, so admin writes count however
  they are made (``QuerySet.update()`` sends no signal);
- time: a scheduled episode becoming public changes pages without any write. The
  document keeps ``next_due``, the earliest publication time still in the future, and
  the first reader after that moment bumps the version (exactly one does: the update
  is conditional on the old ``next_due``).
Code that writes content some other way, outside a web request (raw pymongo, queryset
updates in a command), calls ``bump()`` when it is done.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mongoengine import signals
from mongoengine.connection import get_db
from pymongo import ReturnDocument

from data.common import utcnow

COLLECTION = "meta"
DOC_ID = "content_version"


@dataclass(frozen=True)
class Stamp:
    version: int
    next_due: dt.datetime | None


_cached: tuple = (None, None)


def _collection():
    """The meta collection of the current connection (one Collection object per database)."""
    global _cached
    db = get_db()
    if _cached[0] is not db:
        _cached = (db, db[COLLECTION])
    return _cached[1]


def _next_due(now: dt.datetime):
    from data import episode_service

    return episode_service.next_due(now)


def _stamp(doc: dict | None) -> Stamp:
    return Stamp(int(doc.get("version", 0)), doc.get("next_due")) if doc else Stamp(0, None)


def bump() -> Stamp:
    """Content changed: a new version, and the next scheduled publication re-read."""
    now = utcnow()
    update = {"$inc": {"version": 1}, "$set": {"changed_at": now}}
    due = _next_due(now)
    if due is not None:
        # $min: two concurrent bumps may each miss the other's episode; the earlier time wins.
        # A time that turns out too early only costs one extra bump, when it passes.
        update["$min"] = {"next_due": due}
    doc = _collection().find_one_and_update({"_id": DOC_ID}, update, upsert=True,
                                            return_document=ReturnDocument.AFTER)
    return _stamp(doc)


def current(now: dt.datetime | None = None) -> Stamp:
    """The version to tag and check cached pages with. One read by _id."""
    doc = _collection().find_one({"_id": DOC_ID})
    if doc is None:
        return bump()  # a store from before versions existed: start counting, find next_due
    stamp = _stamp(doc)
    if stamp.next_due is not None:
        now = now or utcnow()
        if stamp.next_due <= now:
            return _publish_due(stamp, now)
    return stamp


def _publish_due(stamp: Stamp, now: dt.datetime) -> Stamp:
    """A scheduled episode's time has come: that changes pages, so it is a new version."""
    due = _next_due(now)
    update = {"$inc": {"version": 1}, "$set": {"changed_at": now}}
    if due is None:
        update["$unset"] = {"next_due": ""}
    else:
        update["$set"]["next_due"] = due
    doc = _collection().find_one_and_update({"_id": DOC_ID, "next_due": stamp.next_due}, update,
                                            return_document=ReturnDocument.AFTER)
    if doc is None:  # another thread or process advanced it first
        doc = _collection().find_one({"_id": DOC_ID})
    return _stamp(doc)


def _on_write(sender, **kwargs):
    """Any document defined in this package is content (or close enough: a spare bump is harmless)."""
    if getattr(sender, "__module__", "").startswith("data."):
        bump()


def connect_signals() -> None:
    """Bump on every document write. Safe to call more than once (blinker keeps one receiver)."""
    if not signals.signals_available:
        raise RuntimeError("MongoEngine signals need the blinker package (a dependency of onair).")
    for signal in (signals.post_save, signals.post_delete, signals.post_bulk_insert):
        signal.connect(_on_write)
