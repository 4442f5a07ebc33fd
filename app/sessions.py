"""Server-side sessions: the cookie holds a random token, the database holds the session.

Logging out deletes the session, so a copied cookie is dead from then on; account changes
end the account's sessions (data/accounts/user_service.py); several app processes share
them through the database. The record is written when the session's values change and
otherwise at most every ``TOUCH_SECONDS``, so reading pages costs no writes.

Sessions are saved by ``session_save_tween`` (above the exception views, below the store
flush), not by a response callback: callbacks run after every tween, when the embedded
store has already been written for this request.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import threading
import time

from pyramid.interfaces import ISession
from pyramid.settings import asbool
from zope.interface import implementer

from data.accounts import browser_session

SESSION_COOKIE = "onair_session"
USERID_KEY = "auth.userid"  # where pyramid's SessionAuthenticationHelper keeps the user id
TOUCH_SECONDS = 300
# A visitor's session holds only a form's CSRF token or a flash message: it need not outlive an hour.
VISITOR_IDLE_SECONDS = 3600


def _epoch(moment) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()  # stored as naive UTC
SWEEP_SECONDS = 600


def _accessed(method):
    def wrapper(self, *args, **kwargs):
        self.accessed = True
        return method(self, *args, **kwargs)

    return wrapper


def _changed(method):
    def wrapper(self, *args, **kwargs):
        self.accessed = self.dirty = True
        return method(self, *args, **kwargs)

    return wrapper


class SessionSettings:
    def __init__(self, secret: str, settings: dict):
        self.secret = secret.encode()
        self.idle = int(settings.get("onair.session.idle_seconds", 12 * 3600))
        self.lifetime = int(settings.get("onair.session.lifetime_seconds", 7 * 24 * 3600))
        self.secure = asbool(settings.get("onair.https", False))
        self._swept_at = 0.0
        self._sweep_lock = threading.Lock()

    def idle_for(self, user_id) -> int:
        return self.idle if user_id else min(self.idle, VISITOR_IDLE_SECONDS)

    def token_hash(self, token: str) -> str:
        # Keyed, so a copy of the sessions collection alone cannot even be matched to cookies.
        return hmac.new(self.secret, token.encode(), hashlib.sha256).hexdigest()

    def sweep(self) -> None:
        """Remove ended sessions now and then (MongoDB's TTL index does it too; mongomock has none)."""
        now = time.monotonic()
        if now - self._swept_at < SWEEP_SECONDS or not self._sweep_lock.acquire(blocking=False):
            return
        try:
            self._swept_at = now
            browser_session.delete_ended()
        finally:
            self._sweep_lock.release()


@implementer(ISession)
class ServerSession(dict):
    """The ISession API (dict, flash, CSRF) over a ``BrowserSession`` record."""

    def __init__(self, request, config: SessionSettings):
        self.request = request
        self.config = config
        self.accessed = self.dirty = False
        self.had_cookie = False
        self.record = None
        token = request.cookies.get(SESSION_COOKIE)
        if token and len(token) < 100:
            self.had_cookie = True
            self.record = browser_session.find_live(config.token_hash(token))
        state = self.record.values() if self.record is not None else {}
        self.new = self.record is None
        self.created = _epoch(self.record.created_at) if self.record is not None else time.time()
        dict.__init__(self, state)

    # ISession
    def changed(self):
        self.accessed = self.dirty = True

    def invalidate(self):
        """End this session here and in the database; values set afterwards go to a new one."""
        if self.record is not None:
            browser_session.end(self.record.id)
            self.record = None
        dict.clear(self)
        self.new = True
        self.accessed = self.dirty = True

    def regenerate(self):
        """The same values under a new token (after a privilege change: no fixation)."""
        values = dict(self)
        self.invalidate()
        dict.update(self, values)

    get = _accessed(dict.get)
    __getitem__ = _accessed(dict.__getitem__)
    items = _accessed(dict.items)
    values = _accessed(dict.values)
    keys = _accessed(dict.keys)
    __contains__ = _accessed(dict.__contains__)
    __len__ = _accessed(dict.__len__)
    __iter__ = _accessed(dict.__iter__)
    clear = _changed(dict.clear)
    update = _changed(dict.update)
    setdefault = _changed(dict.setdefault)
    pop = _changed(dict.pop)
    popitem = _changed(dict.popitem)
    __setitem__ = _changed(dict.__setitem__)
    __delitem__ = _changed(dict.__delitem__)

    @_changed
    def flash(self, msg, queue="", allow_duplicate=True):
        storage = dict.setdefault(self, "_f_" + queue, [])
        if allow_duplicate or msg not in storage:
            storage.append(msg)

    def pop_flash(self, queue=""):
        if "_f_" + queue not in self:
            return []
        return self.pop("_f_" + queue)

    @_accessed
    def peek_flash(self, queue=""):
        return dict.get(self, "_f_" + queue, [])

    @_changed
    def new_csrf_token(self):
        token = os.urandom(20).hex()
        dict.__setitem__(self, "_csrft_", token)
        return token

    @_accessed
    def get_csrf_token(self):
        return dict.get(self, "_csrft_") or self.new_csrf_token()

    # saving
    def save(self, response) -> None:
        config, request = self.config, self.request
        if self.dirty:
            user_id = dict.get(self, USERID_KEY)
            if self.record is not None:
                if browser_session.save(self.record, dict(self), user_id=user_id, idle=config.idle_for(user_id),
                                        lifetime=config.lifetime, address=request.remote_addr):
                    return
                self.record = None  # ended meanwhile (logged out elsewhere): do not revive it
                if user_id:
                    return self._drop_cookie(response)
            if not dict.__len__(self):
                return self._drop_cookie(response) if self.had_cookie else None
            token = secrets.token_urlsafe(32)
            self.record = browser_session.create(
                config.token_hash(token), dict(self), user_id=user_id, idle=config.idle_for(user_id),
                lifetime=config.lifetime, user_agent=request.user_agent or "", address=request.remote_addr)
            response.set_cookie(SESSION_COOKIE, token, path="/", secure=config.secure, httponly=True,
                                samesite="Lax")
            config.sweep()
        elif self.record is not None and self.accessed:
            if (time.time() - _epoch(self.record.last_seen_at)) > TOUCH_SECONDS:
                browser_session.touch(self.record, idle=config.idle_for(self.record.user_id),
                                      lifetime=config.lifetime)
        elif self.had_cookie and self.record is None and self.accessed:
            self._drop_cookie(response)  # an ended session: the browser may forget the token

    def _drop_cookie(self, response) -> None:
        response.delete_cookie(SESSION_COOKIE, path="/")


def session_factory(config: SessionSettings):
    def factory(request):
        return ServerSession(request, config)

    return factory


def session_save_tween_factory(handler, registry):
    def session_save_tween(request):
        response = handler(request)
        session = request.__dict__.get("session")  # only if this request used it
        if isinstance(session, ServerSession):
            session.save(response)
        return response

    return session_save_tween
