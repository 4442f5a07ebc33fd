"""Tweens every response passes through: security headers, and a cap on request bodies.

The Content-Security-Policy allows only the site's own scripts and styles (no inline
script or style="" anywhere), images from the site, https and data: (show artwork and
guest photos live on other hosts), audio from the site or https, and no framing.
"""
from __future__ import annotations

import io
import logging

from pyramid.httpexceptions import HTTPBadRequest, HTTPRequestEntityTooLarge
from pyramid.settings import asbool

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "media-src 'self' https:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
])

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def security_headers(https: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
    }
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def security_headers_tween_factory(handler, registry):
    headers = security_headers(asbool(registry.settings.get("onair.https", False)))
    header_items = list(headers.items())

    def security_headers_tween(request):
        response = handler(request)
        # One pass over the headers: webob's headers.setdefault rescans them on every call.
        present = {name.lower() for name, _ in response.headerlist}
        response.headerlist.extend(item for item in header_items if item[0].lower() not in present)
        path = request.environ.get("PATH_INFO", "")  # raw: request.path fails on paths that are not UTF-8
        if path == "/admin" or path.startswith("/admin/"):
            # Admin pages carry private data and one-time secrets: never keep them in a cache.
            response.headers["Cache-Control"] = "no-store"
        return response

    return security_headers_tween


def max_body_bytes(settings) -> int:
    return int(settings.get("onair.max_body_bytes") or DEFAULT_MAX_BODY_BYTES)


def too_large(limit: int, size: int | None) -> HTTPRequestEntityTooLarge:
    exc = HTTPRequestEntityTooLarge()
    exc.limit_bytes, exc.size_bytes = limit, size
    return exc


def body_limit_tween_factory(handler, registry):
    """Refuse bodies over ``onair.max_body_bytes`` before anything reads them."""
    limit = max_body_bytes(registry.settings)

    def body_limit_tween(request):
        environ = request.environ
        length = environ.get("CONTENT_LENGTH")
        if length:
            size = int(length) if length.isascii() and length.isdigit() else None
            if size is None:
                raise HTTPBadRequest("The request's Content-Length header is not a number of bytes.")
            if size > limit:
                raise too_large(limit, size)
        elif (environ.get("wsgi.input_terminated")
              or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()):
            # No length announced: read at most one byte past the limit, then hand the rest on.
            data = environ["wsgi.input"].read(limit + 1)
            if len(data) > limit:
                raise too_large(limit, None)
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            environ.pop("wsgi.input_terminated", None)
        return handler(request)

    return body_limit_tween

