"""Rendered pages for anonymous visitors, kept in each process, valid for one content version.

A GET without a session cookie or credentials is answered from memory when the same URL
was rendered under the content version that MongoDB holds now (data/content_version.py,
read once per request). Only complete 200 responses that set no cookie, do not vary by
request header and do not forbid storing are kept; logged-in users, other methods and
every other status always go to the views. Kept pages carry a strong ETag (a hash of the
body), so revalidations get a 304 from memory too.

Settings (all optional):
  onair.page_cache = true                 false turns it off
  onair.page_cache.max_mb = 64            memory for kept bodies, per process (least recently used go)
  onair.page_cache.max_age = 300          seconds a page may be kept even without a content change
  onair.page_cache.bypass_cookies = onair_session   requests carrying any of these are never cached
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from pymongo.errors import PyMongoError
from pyramid.response import Response
from pyramid.settings import asbool, aslist
from pyramid.tweens import EXCVIEW

from data import content_version

log = logging.getLogger(__name__)

NOT_STORABLE = ("no-store", "private", "no-cache")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}  # not HEAD or OPTIONS (CORS preflights)


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
    """URL -> Entry for one content version; a newer version empties it."""

    def __init__(self, max_bytes: int, max_age: float):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._version = -1
        self._lock = threading.Lock()
        self.hits = self.misses = self.stores = 0

    def _retire_older_than(self, version: int) -> None:
        if version > self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version

    def get(self, key: str, version: int) -> Entry | None:
        with self._lock:
            self._retire_older_than(version)
            entry = self._entries.get(key) if version == self._version else None
            if entry is not None and time.monotonic() - entry.stored_at > self.max_age:
                self._drop(key)
                entry = None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, version: int, entry: Entry) -> None:
        with self._lock:
            self._retire_older_than(version)
            if version != self._version or entry.size > self.max_bytes:
                return  # rendered before a newer write: never keep it
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
        if request.method != "GET":
            response = handler(request)
            if request.method in WRITE_METHODS and response.status_code < 400:
                try:
                    content_version.bump()  # a write through the site, however it was made
                except PyMongoError:
                    # The write itself went through; other processes may show the old page
                    # until the database answers again or max_age passes.
                    log.exception("could not bump the content version after %s %s", request.method, request.path)
            return response
        if request.authorization or any(name in request.cookies for name in bypass_cookies):
            return handler(request)
        try:
            version = content_version.current().version
        except PyMongoError:
            return handler(request)  # the view meets the same failure and answers with the 503 page
        key = request.url
        entry = cache.get(key, version)
        if entry is not None:
            return entry.response()
        response = handler(request)
        if storable(response):
            if not response.etag:
                response.etag = hashlib.blake2b(response.body, digest_size=12).hexdigest()
            response.conditional_response = True
            cache.put(key, version, Entry(response.status, tuple(response.headerlist), response.body,
                                          time.monotonic()))
        return response

    return page_cache_tween


def includeme(config):
    # Under the store's flush tween, so a bump made here is written out with the request's changes.
    config.add_tween("app.pagecache.page_cache_tween_factory",
                     under="app.tweens.store_flush_tween_factory", over=EXCVIEW)
