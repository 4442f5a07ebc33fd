"""Writing and reading the audit log."""
from __future__ import annotations

import datetime as dt
import math

from bson import ObjectId

from data.editing.audit import AuditEntry

# Never copied into the log, even as "before/after": only the fact that they changed.
SECRET_FIELDS = {"password", "password_hash", "totp_secret", "recovery_codes", "csrf_token"}
REDACTED = "(changed)"
COMMAND_LINE = "command line"  # the "from" of changes made with the onair command (request=None)


def _loggable(value):
    """A value the log can store and show as it was: plain types pass, the rest become text."""
    if value is None or isinstance(value, (str, int, float, bool, dt.datetime, ObjectId)):
        return value
    if isinstance(value, (list, tuple, set)):
        return [_loggable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _loggable(item) for key, item in value.items()}
    return str(value)


def diff(old: dict | None, new: dict | None) -> dict:
    """field -> [old, new] for every field whose value differs; secrets only say that they changed."""
    old, new = old or {}, new or {}
    changes = {}
    for key in sorted(set(old) | set(new), key=str):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        name = str(key).replace(".", "_").lstrip("$")
        if name in SECRET_FIELDS:
            changes[name] = [REDACTED, REDACTED]
        else:
            changes[name] = [_loggable(before), _loggable(after)]
    return changes


def record(request, action, target=None, changes=None, target_type=None, label=None) -> AuditEntry:
    """Log ``action`` by the request's user (if any) from the request's client address.

    ``request`` is None for the ``onair`` command: the entry then says "command line".
    ``target`` is the MongoEngine document acted on, or None; ``target_type`` and
    ``label`` override what is derived from it (or name a target that has no document,
    such as the email typed into a failed login).
    """
    actor = getattr(request, "identity", None) if request is not None else None
    entry = AuditEntry(
        action=str(action)[:40],
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", "") or "",
        target_type=str(target_type or (type(target).__name__.lower() if target is not None else ""))[:60],
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(label if label is not None else (target if target is not None else ""))[:300],
        changes={str(k): _loggable(v) for k, v in (changes or {}).items()},
        # REMOTE_ADDR (set from the trusted proxy by waitress), not the spoofable X-Forwarded-For.
        ip=str(getattr(request, "remote_addr", "") or "")[:64] if request is not None else COMMAND_LINE,
    )
    entry.save()
    return entry


def page(number: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and the number of pages."""
    total = AuditEntry.objects.count()
    pages = max(1, math.ceil(total / per_page))
    number = min(max(1, int(number)), pages)
    entries = list(AuditEntry.objects.order_by("-at", "-id").skip((number - 1) * per_page).limit(per_page))
    return entries, pages


def for_target(target_type: str, target_id, limit: int = 20) -> list[AuditEntry]:
    return list(AuditEntry.objects(target_type=str(target_type), target_id=str(target_id))
                .order_by("-at", "-id").limit(int(limit)))


def recent(limit: int = 10) -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("-at", "-id").limit(int(limit)))
