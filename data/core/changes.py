"""A content version stamp and a short log of what changed, kept in MongoDB.

Every save or delete of an Episode, Transcript, Guest, Course, Show or Sponsor (MongoEngine's
post_save / post_delete signals, so admin forms and importers alike) increments one counter
document and appends ``(seq, kind, id)`` to ``content_changes``. Readers use it two ways:

* ``stamp()`` is one read by ``_id``: the sequence number and when content last changed.
  ETags and Last-Modified are built from it (app/conditional.py), so they are honest for
  every process that shares the database.
* ``since(seq)`` lists what changed after a sequence number: a search index in any process
  (or on any machine) catches up by re-reading exactly those documents (data/search/index.py).

Bulk writes that bypass ``save()`` (the synthetic benchmark catalog) call ``record_bulk()``,
which tells readers to rebuild rather than catch up. The log keeps the last ``KEEP`` entries;
a reader that fell further behind than that rebuilds too.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

import mongoengine as me
from mongoengine import signals

from data.core.common import utcnow

KEEP = 5_000
STAMP_ID = "content"


class ContentStamp(me.Document):
    """The single counter document."""

    id = me.StringField(primary_key=True)
    seq = me.IntField(default=0)
    changed_at = me.DateTimeField()
    database_token = me.StringField()  # tells an index which database it was built from
    rebuild_seq = me.IntField(default=0)  # a bulk write at this seq: catching up is not enough
    meta = {"collection": "content_stamp"}


class ContentChange(me.Document):
    seq = me.IntField(primary_key=True)
    kind = me.StringField()
    ref = me.ObjectIdField()
    at = me.DateTimeField()
    meta = {"collection": "content_changes"}


class Stamp(NamedTuple):
    seq: int
    changed_at: dt.datetime
    database_token: str
    rebuild_seq: int


_EPOCH = dt.datetime(2000, 1, 1)


def stamp() -> Stamp:
    # Read on every request (page cache, ETags): a raw lookup by _id, no queryset machinery.
    doc = ContentStamp._get_collection().find_one({"_id": STAMP_ID})
    if doc is None:
        doc = ContentStamp.objects(id=STAMP_ID).modify(
            upsert=True, new=True, set_on_insert__database_token=uuid.uuid4().hex,
            set_on_insert__seq=0).to_mongo()
    return Stamp(doc.get("seq", 0), doc.get("changed_at") or _EPOCH, doc.get("database_token") or "",
                 doc.get("rebuild_seq", 0))


def _advance(**extra) -> int:
    now = utcnow()
    doc = ContentStamp.objects(id=STAMP_ID).modify(
        upsert=True, new=True, inc__seq=1, set__changed_at=now,
        set_on_insert__database_token=uuid.uuid4().hex, **extra)
    return doc.seq


def record(kind: str, ref) -> int:
    """Note that one document changed (or went away). Returns its sequence number."""
    seq = _advance()
    ContentChange(seq=seq, kind=kind, ref=ref, at=utcnow()).save(force_insert=True)
    if seq % 1000 == 0:
        ContentChange.objects(seq__lte=seq - KEEP).delete()
    return seq


def record_bulk() -> int:
    """Many documents changed without save(): readers must rebuild what they derived."""
    seq = _advance()
    ContentStamp.objects(id=STAMP_ID).update_one(set__rebuild_seq=seq)
    return seq


def since(seq: int) -> list[tuple[int, str, object]] | None:
    """(seq, kind, id) changed after ``seq``, oldest first; None when the log no longer
    reaches back that far (or a bulk write happened), so the reader must rebuild."""
    current = stamp()
    if current.rebuild_seq > seq:
        return None
    changes = [(doc["_id"], doc["kind"], doc["ref"])
               for doc in ContentChange.objects(seq__gt=seq).order_by("seq").as_pymongo()]
    expected = current.seq - seq
    if len(changes) < expected:
        return None
    return changes


# --- signals -------------------------------------------------------------------------
_WATCHED: dict[type, str] = {}
_listeners: list = []


def watch(document_class: type, kind: str) -> None:
    _WATCHED[document_class] = kind
    signals.post_save.connect(_changed, sender=document_class, weak=False)
    signals.post_delete.connect(_changed, sender=document_class, weak=False)


def add_listener(callback) -> None:
    """``callback(seq, kind, id)`` runs in this process after each recorded change."""
    if callback not in _listeners:
        _listeners.append(callback)


def remove_listener(callback) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def notify(kind: str, ref) -> int:
    """Record a change and tell this process's listeners: what the signals do on save(), for
    the few writers that write raw documents (bulk imports)."""
    seq = record(kind, ref)
    for callback in list(_listeners):
        callback(seq, kind, ref)
    return seq


def _changed(sender, document, **kwargs):
    kind = _WATCHED.get(sender)
    if kind is not None and document.pk is not None:
        notify(kind, document.pk)


def watch_content() -> None:
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.catalog.show import Show
    from data.catalog.sponsor import Sponsor
    from data.training.course import Course
    from data.transcripts.transcript import Transcript

    for document_class, kind in ((Episode, "episode"), (Transcript, "transcript"), (Guest, "guest"),
                                 (Course, "course"), (Show, "show"), (Sponsor, "sponsor")):
        watch(document_class, kind)


watch_content()


# --- freshness: what ETag and Last-Modified are built from ---------------------------------
class Freshness(NamedTuple):
    token: str  # changes whenever anything a visitor can see may have changed
    last_modified: dt.datetime


_fresh_cache: dict = {}


def freshness(now: dt.datetime | None = None) -> Freshness:
    """The content stamp, plus the publication time of the newest episode whose time has come:
    a scheduled episode going live changes what visitors see without any write, so it has to
    count. The episode queries run once per change and once per scheduled release."""
    from data.catalog.episode import PUBLISHED, SCHEDULED, Episode

    now = now or utcnow()
    current = stamp()
    key = (current.database_token, current.seq)
    cached = _fresh_cache.get("value")
    if cached and cached[0] == key and (cached[1] is None or now < cached[1]):
        return cached[2]
    visible = Episode.objects(state__in=[SCHEDULED, PUBLISHED])
    latest = visible.filter(published_at__lte=now).order_by("-published_at").only("published_at") \
        .as_pymongo().first()
    upcoming = visible.filter(published_at__gt=now).order_by("published_at").only("published_at") \
        .as_pymongo().first()
    released = latest["published_at"] if latest else _EPOCH
    value = Freshness(f"{current.database_token}.{current.seq}.{released.isoformat()}",
                      max(current.changed_at, released))
    _fresh_cache["value"] = (key, upcoming["published_at"] if upcoming else None, value)
    return value
