"""The one write path for content edited in the admin: create, update, delete.

Every write goes through ``Document.save()`` / ``Document.delete()``, never a queryset
update, so the post_save / post_delete signals that keep the search index and the page
cache current see each change.

No lost update. An edit form carries the ``version`` it was loaded from. ``update()``

1. refuses at once when the stored version already differs (someone saved meanwhile), and
2. saves with ``save_condition={"version": expected}``: MongoEngine turns that into
   ``update_one({"_id": id, "version": expected}, {"$set": changes})`` and raises
   ``SaveConditionError`` when no document matched. The check and the write are one
   atomic operation in MongoDB (and in the embedded store, whose writes are serialized
   under its write lock), so two editors saving at the same instant cannot both win:
   the second one gets a conflict and nothing of the first is overwritten.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

import mongoengine as me
from bson import DBRef, ObjectId
from mongoengine.errors import NotUniqueError, SaveConditionError

from data.editing import audit_service


class VersionConflict(Exception):
    """Someone saved a newer version first. ``stored`` is that version (None if it was deleted)."""

    def __init__(self, stored):
        super().__init__("The document changed since it was loaded.")
        self.stored = stored


class Refused(Exception):
    """The values cannot be stored: ``problems`` maps each field to a message ("" for the whole form)."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(" ".join(problems.values()))
        self.problems = problems


class Duplicate(Refused):
    """A unique value (slug, episode number) is taken by another document."""


def by_id(model, raw):
    """The document with this id, or None (also for ids that are not ObjectIds at all)."""
    raw = str(raw or "")
    return model.objects(pk=ObjectId(raw)).first() if ObjectId.is_valid(raw) else None


def by_ids(model, raws) -> list:
    """The documents with these ids, in the order given; unknown ids are skipped."""
    ids = [ObjectId(str(raw)) for raw in raws or () if ObjectId.is_valid(str(raw))]
    found = {doc.pk: doc for doc in model.objects(pk__in=ids)} if ids else {}
    return [found[pk] for pk in ids if pk in found]


def plain(value):
    """A document value as plain, comparable, JSON-friendly data (for diffs and conflicts)."""
    if isinstance(value, me.Document):
        return str(value.pk)
    if isinstance(value, (ObjectId, DBRef)):
        return str(value.id if isinstance(value, DBRef) else value)
    if isinstance(value, me.EmbeddedDocument):
        return {name: plain(getattr(value, name)) for name in value._fields_ordered}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def snapshot(doc, fields: Iterable[str]) -> dict:
    return {name: plain(getattr(doc, name, None)) for name in fields}


UniqueCheck = Callable[[object], dict]


def _check_unique(doc, check: UniqueCheck | None) -> None:
    """The friendly check before writing; the unique indexes stay the last word (NotUniqueError)."""
    clashes = check(doc) if check else {}
    if clashes:
        raise Duplicate(clashes)


def _save(doc, check: UniqueCheck | None, **options) -> None:
    _check_unique(doc, check)
    try:
        doc.save(**options)
    except me.ValidationError as exc:
        # The forms check the same rules first; this only explains a rule they missed.
        raise Refused({name: f"{name}: {error}" for name, error in (exc.errors or {"": exc}).items()}) from None
    except NotUniqueError:
        # Someone took the value between the check and the write: explain it the same way.
        _check_unique(doc, check)
        raise Duplicate({"": "That value was just taken by another item."}) from None


def create(doc, fields: Iterable[str], unique_check: UniqueCheck | None = None) -> dict:
    """Save a new document; returns the audit diff (every field from nothing)."""
    doc.version = 1
    _save(doc, unique_check, force_insert=True)
    return audit_service.diff({}, snapshot(doc, fields))


def _version_condition(expected: int) -> dict:
    # Documents written before ``version`` existed load as version 1 but have no field stored.
    return {"version__in": [expected, None]} if expected == 1 else {"version": expected}


def update(doc, expected_version: int, apply: Callable[[object], None], fields: Iterable[str],
           unique_check: UniqueCheck | None = None) -> dict:
    """Apply the form's values and save, only if nobody saved since ``expected_version``.

    Returns the audit diff ({} when nothing changed: then nothing is written).
    Raises VersionConflict (nothing written) or Duplicate.
    """
    fields = list(fields)
    if (doc.version or 1) != expected_version:
        raise VersionConflict(doc)
    before = snapshot(doc, fields)
    apply(doc)
    changes = audit_service.diff(before, snapshot(doc, fields))
    if not changes:
        return {}
    doc.touch()
    try:
        _save(doc, unique_check, save_condition=_version_condition(expected_version))
    except SaveConditionError:
        raise VersionConflict(type(doc).objects(pk=doc.pk).first()) from None
    return changes


def delete(doc, fields: Iterable[str]) -> dict:
    """Delete one document; returns the audit diff (every field to nothing)."""
    changes = audit_service.diff(snapshot(doc, fields), {})
    doc.delete()
    return changes


def other_with(model, exclude_pk, **filters):
    """The first *other* document with these (already typed) values: a unique-value check."""
    query = model.objects(**filters)
    if exclude_pk is not None:
        query = query.filter(pk__ne=exclude_pk)
    return query.first()
