"""Signed-in browsers: the server side of a session cookie.

The cookie carries only a random token; this collection keeps its keyed hash, the session's
values (JSON, so keys like ``auth.userid`` need no escaping), whose it is, and when it ends.
A session ends at the first of: logout, ``idle`` without a request, ``lifetime`` after it
began, or an account change that ends them all (password, deactivation, role, second
factor). MongoDB's TTL index removes ended ones; on the embedded store ``delete_ended``
does, and every lookup ignores them anyway.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import json

import mongoengine as me

from data.core.common import utcnow


class BrowserSession(me.Document):
    token_hash = me.StringField(required=True)
    user_id = me.StringField()  # None for a visitor who only holds a CSRF token or a flash message
    data = me.StringField(default="{}")
    created_at = me.DateTimeField(default=utcnow)
    last_seen_at = me.DateTimeField(default=utcnow)
    ends_at = me.DateTimeField(required=True)  # min(last seen + idle, created + lifetime)
    user_agent = me.StringField(max_length=300)
    address = me.StringField(max_length=60)  # truncated: enough to recognise, not to locate

    meta = {"collection": "sessions",
            "indexes": [{"fields": ["token_hash"], "unique": True}, "user_id",
                        {"fields": ["ends_at"], "expireAfterSeconds": 0}]}

    def values(self) -> dict:
        try:
            values = json.loads(self.data or "{}")
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}


def truncated_address(address: str | None) -> str:
    """203.0.113.42 -> 203.0.113.x; IPv6 keeps its first three groups."""
    try:
        ip = ipaddress.ip_address(str(address or ""))
    except ValueError:
        return ""
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3]) + ".x"
    return ":".join(ip.exploded.split(":")[:3]) + "::x"


def ends_at(created_at: dt.datetime, last_seen_at: dt.datetime, idle: int, lifetime: int) -> dt.datetime:
    return min(last_seen_at + dt.timedelta(seconds=idle), created_at + dt.timedelta(seconds=lifetime))


def find_live(token_hash: str) -> BrowserSession | None:
    return BrowserSession.objects(token_hash=token_hash, ends_at__gt=utcnow()).first()


def create(token_hash: str, values: dict, *, user_id: str | None, idle: int, lifetime: int,
           user_agent: str = "", address: str = "") -> BrowserSession:
    now = utcnow()
    record = BrowserSession(token_hash=token_hash, user_id=user_id, data=json.dumps(values),
                            created_at=now, last_seen_at=now, ends_at=ends_at(now, now, idle, lifetime),
                            user_agent=(user_agent or "")[:300], address=truncated_address(address))
    record.save(force_insert=True)
    return record


def save(record: BrowserSession, values: dict, *, user_id: str | None, idle: int, lifetime: int,
         address: str = "") -> bool:
    """Store changed values (and mark it seen); False if the session ended meanwhile."""
    now = utcnow()
    record.last_seen_at, record.ends_at = now, ends_at(record.created_at, now, idle, lifetime)
    return bool(BrowserSession.objects(id=record.id, ends_at__gt=now).update_one(
        set__data=json.dumps(values), set__user_id=user_id, set__last_seen_at=now,
        set__ends_at=record.ends_at, set__address=truncated_address(address) or record.address))


def touch(record: BrowserSession, *, idle: int, lifetime: int) -> None:
    """Push the idle limit forward: one write every few minutes, not one per request."""
    now = utcnow()
    record.last_seen_at, record.ends_at = now, ends_at(record.created_at, now, idle, lifetime)
    BrowserSession.objects(id=record.id, ends_at__gt=now).update_one(
        set__last_seen_at=now, set__ends_at=record.ends_at)


def end(record_id) -> None:
    BrowserSession.objects(id=record_id).delete()


def end_for_user(user_id, *, except_id=None) -> int:
    """End the account's sessions (all, or all but one); how many ended."""
    query = BrowserSession.objects(user_id=str(user_id))
    if except_id is not None:
        query = query.filter(id__ne=except_id)
    return query.delete()


def end_one_of_user(user_id, record_id) -> bool:
    """End one session, only if it is this account's (the id comes from a form)."""
    try:
        return bool(BrowserSession.objects(id=record_id, user_id=str(user_id)).delete())
    except me.ValidationError:
        return False


def live_for_user(user_id) -> list[BrowserSession]:
    return list(BrowserSession.objects(user_id=str(user_id), ends_at__gt=utcnow())
                .only("created_at", "last_seen_at", "user_agent", "address").order_by("-last_seen_at"))


def delete_ended() -> int:
    return BrowserSession.objects(ends_at__lte=utcnow()).delete()
