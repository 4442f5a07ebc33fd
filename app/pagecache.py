"""Rendered pages for anonymous visitors, kept in each process, valid for one content version.

A GET without a session cookie or credentials is answered from memory when the same URL
was rendered under the content freshness token that MongoDB holds now (data/core/changes.py:
every content save or delete, in any process, and every scheduled release change it; one
read by _id per request). Only complete 200 responses that set no cookie, do not vary by
request header and do not forbid storing are kept; logged-in users, other methods and
every other status always go to the views. Kept pages keep the ETag and Last-Modified that
app/conditional.py gave them (the cache sits above it), so revalidations get a 304 from memory too.

Settings (all optional):
  onair.page_cache = true                 false turns it off
  onair.page_cache.max_mb = 64            memory for kept bodies, per process (least recently used go)
  onair.page_cache.max_age = 300          seconds a page may be kept even without a content change
  onair.page_cache.bypass_cookies = onair_session   requests carrying any of these are never cached
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from pyramid.response import Response
from pyramid.settings import asbool, aslist

from data.core import changes

log = logging.getLogger(__name__)

# "no-cache" is kept: it tells browsers to revalidate (app/conditional.py), which we answer from here.
NOT_STORABLE = ("no-store", "private")
# Health checks must report on the database themselves; admin pages are never shared.
# /account pages carry a session's CSRF token or belong to a student, so they are never shared either.
BYPASS_PATHS = ("/healthz", "/admin", "/account")


@dataclass(frozen=True)
class Entry:
    status: str
    headers: tuple
    body: bytes
    stored_at: float

    @property
    def size(self) -> int:
        return len(self.body) + 64 * len(self.headers)

    def response(self) -> Response:
        response = Response(status=self.status, headerlist=list(self.headers), app_iter=[self.body])
        response.conditional_response = True  # If-None-Match -> 304
        return response


class PageCache:
    """URL -> Entry for one content token; a different token empties it.

    Tokens are compared for equality only: a request that read an older token can at worst
    refill the cache for that token, which no later request (reading the newer one) is served.
    """

    def __init__(self, max_bytes: int, max_age: float):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._version = None
        self._lock = threading.Lock()
        self.hits = self.misses = self.stores = 0

    def _retire_other_than(self, version: str) -> None:
        if version != self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version

    def get(self, key: str, version: str) -> Entry | None:
        with self._lock:
            self._retire_other_than(version)
            entry = self._entries.get(key)
            if entry is not None and time.monotonic() - entry.stored_at > self.max_age:
                self._drop(key)
                entry = None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, version: str, entry: Entry) -> None:
        with self._lock:
            self._retire_other_than(version)
            if entry.size > self.max_bytes:
                return
            self._drop(key)
            self._entries[key] = entry
            self._bytes += entry.size
            self.stores += 1
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def storable(response) -> bool:
    if response.status_code != 200 or "Set-Cookie" in response.headers or "Vary" in response.headers:
        return False
    if not isinstance(response.app_iter, (list, tuple)):  # files and streams stay streams
        return False
    cache_control = (response.headers.get("Cache-Control") or "").lower()
    return not any(word in cache_control for word in NOT_STORABLE)


def raw_url(environ) -> str:
    """The URL as sent, not decoded: a path that is not UTF-8 must reach the router's 400 page."""
    return (f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
            f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")


def page_cache_tween_factory(handler, registry):
    settings = registry.settings
    if not asbool(settings.get("onair.page_cache", True)):
        registry.page_cache = None
        return handler
    cache = registry.page_cache = PageCache(
        max_bytes=int(float(settings.get("onair.page_cache.max_mb", 64)) * 1024 * 1024),
        max_age=float(settings.get("onair.page_cache.max_age", 300)),
    )
    bypass_cookies = tuple(aslist(settings.get("onair.page_cache.bypass_cookies", "onair_session")))

    def page_cache_tween(request):
        # Content writes change the token through the document signals (data/core/changes.py),
        # whichever request or command makes them; nothing else here needs to count writes.
        if request.method != "GET":
            return handler(request)
        if (request.authorization or any(name in request.cookies for name in bypass_cookies)
                or request.environ.get("PATH_INFO", "").startswith(BYPASS_PATHS)):
            return handler(request)
        # A dead database raises here, and the exception view above answers with the 503 page
        # at once: the view is not called to wait out a second server selection.
        version = changes.freshness().token
        key = raw_url(request.environ)
        entry = cache.get(key, version)
        if entry is not None:
            return entry.response()
        response = handler(request)
        # A page that started a session gets its cookie above this tween (app/sessions.py):
        # such a page is that visitor's own.
        session = request.__dict__.get("session")
        if storable(response) and not getattr(session, "dirty", False):
            response.conditional_response = True
            cache.put(key, version, Entry(response.status, tuple(response.headerlist), response.body,
                                          time.monotonic()))
        return response

    return page_cache_tween

