"""ETag and Last-Modified on feeds and pages, and 304 answers to conditional GETs.

Two ways in, one rule: a validator changes whenever the representation can.

* ``precondition(request, *parts)``, for feeds, transcript files, chapters and the sitemap:
  the ETag is a hash of the content freshness token (data/core/changes.py: every content write,
  and every scheduled release) plus what names the representation (the URL, and ``parts``).
  It is checked before any work, so an unchanged feed costs one read of the stamp.
* The tween, for HTML pages: after rendering, the ETag is a hash of the body itself (so a
  login, a flash message or a new template can never hide behind a 304), and Last-Modified
  is the content's, or this process's start if later (templates change only with a deploy).
  Pages that set a cookie are left alone.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from pyramid.httpexceptions import HTTPNotModified

from data.core import changes

STARTED = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
CACHEABLE_TYPES = ("text/html",)


def _last_modified() -> dt.datetime:
    return max(changes.freshness().last_modified.replace(microsecond=0), STARTED)


def _not_modified(request, etag: str, last_modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return etag in request.if_none_match
    if request.if_modified_since and last_modified is not None:
        return last_modified.replace(tzinfo=dt.timezone.utc) <= request.if_modified_since
    return False


def _answer_304(etag: str, last_modified, cache_control: str | None) -> HTTPNotModified:
    response = HTTPNotModified()
    response.etag = etag
    if last_modified is not None:
        response.last_modified = last_modified.replace(tzinfo=dt.timezone.utc)
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    return response


def precondition(request, *parts, cache_control: str = "public, max-age=300") -> dict:
    """Raise 304 if the client's copy is current; else return headers for the response."""
    token = changes.freshness().token
    seed = "\n".join([token, request.path_url, request.host_url, *map(str, parts)])
    etag = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    last_modified = _last_modified()
    if request.method in ("GET", "HEAD") and _not_modified(request, etag, last_modified):
        raise _answer_304(etag, last_modified, cache_control)
    return {"etag": etag, "last_modified": last_modified, "cache_control": cache_control}


def apply(response, validators: dict):
    response.etag = validators["etag"]
    response.last_modified = validators["last_modified"].replace(tzinfo=dt.timezone.utc)
    response.headers["Cache-Control"] = validators["cache_control"]
    return response


def conditional_tween_factory(handler, registry):
    def conditional_tween(request):
        response = handler(request)
        if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.etag
                or response.content_type not in CACHEABLE_TYPES or "Set-Cookie" in response.headers
                or request.path.startswith("/admin")):
            return response
        etag = hashlib.sha256(response.body).hexdigest()[:32]
        last_modified = None if request.cookies else _last_modified()
        cache_control = response.headers.get("Cache-Control") or "no-cache"
        if _not_modified(request, etag, last_modified):
            return _answer_304(etag, last_modified, cache_control)
        response.etag = etag
        if last_modified is not None:
            response.last_modified = last_modified.replace(tzinfo=dt.timezone.utc)
        response.headers["Cache-Control"] = cache_control
        return response

    return conditional_tween

