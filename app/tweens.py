"""Request hygiene tweens: readable cookies, the embedded store persisted, malformed input refused."""
import logging

from pyramid.httpexceptions import HTTPServiceUnavailable
from webob.cookies import parse_cookie

from app.embedded.store import StoreWriteError

log = logging.getLogger(__name__)


def readable_cookies(header: str) -> str:
    """The Cookie header without the pairs that are not UTF-8 text. They cannot be onair's
    (it only sets ASCII cookies), and WebOb raises on them wherever a cookie is read, the
    error page included; refusing the whole request would lock out a visitor over a stray
    cookie another site on the domain set."""
    def readable(text: str) -> bool:
        try:
            # WSGI hands headers over one byte per char; WebOb's own parser also undoes quoting
            # ("\351" in a quoted value is a byte too).
            for name, value in parse_cookie(text):  # it encodes Latin-1 itself
                name.decode("utf-8"), value.decode("utf-8")
            return True
        except UnicodeError:
            return False

    if readable(header):
        return header
    return ";".join(pair for pair in header.split(";") if readable(pair))


def readable_cookies_tween_factory(handler, registry):
    def readable_cookies_tween(request):
        header = request.environ.get("HTTP_COOKIE")
        if header:
            request.environ["HTTP_COOKIE"] = readable_cookies(header)
        return handler(request)

    return readable_cookies_tween


def store_flush_tween_factory(handler, registry):
    store = registry.store
    if store is None:  # a real MongoDB persists by itself
        return handler

    def saved(wrote: bool) -> bool:
        """Flush if needed; False only when this request's own change could not be written."""
        # A request that wrote flushes even when the store looks clean: another request's
        # flush may have taken its change and still be writing it; flush() waits for that.
        if wrote or store.dirty:
            try:
                store.flush()
            except StoreWriteError:
                log.exception("embedded store flush failed")
                return not wrote  # a reader retrying someone else's failed save still gets its page
        return True

    def store_flush_tween(request):
        writes_before = store.writes_in_this_thread()
        try:
            response = handler(request)
        finally:
            if not saved(store.writes_in_this_thread() != writes_before):
                # The change is not on disk: do not acknowledge it as saved.
                return HTTPServiceUnavailable(
                    "The change could not be saved: the data folder is not writable or the "
                    "disk is full. Nothing already stored was lost. Please try again later."
                )
        return response

    return store_flush_tween


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# The largest real form (a course outline with a hundred lectures) has a few hundred fields,
# and its longest names ("chapters-12-lectures-40-free_preview") are far below 200 characters.
MAX_FIELDS = 5000
MAX_FIELD_NAME = 200


class MalformedRequest(Exception):
    """The client sent what cannot be read (not UTF-8, a broken or oversized form): a 400 page."""


def _count_fields(request) -> int:
    """Fields in the query or form, counted on the raw bytes, before anything parses them
    (parsing millions of empty fields from an 8 MB body would take seconds)."""
    if request.method in SAFE_METHODS or request.content_type not in FORM_TYPES:
        return request.query_string.count("&") + 1
    body = request.body
    if request.content_type == "multipart/form-data":
        params = dict(part.strip().partition("=")[::2] for part in request.environ.get("CONTENT_TYPE", "").split(";")[1:])
        boundary = params.get("boundary", "").strip('"').encode("latin-1", "replace")
        return body.count(b"--" + boundary) - 1 if boundary else 0
    return body.count(b"&") + 1


def _check_names(fields, what: str) -> None:
    for name in fields.keys():
        if name is None:  # a multipart part without name=: WebOb keys it None, and views would trip on it
            raise MalformedRequest(f"The {what} has a part that has no name (Content-Disposition "
                                   "without name=); every field needs one.")
        if len(name) > MAX_FIELD_NAME:
            raise MalformedRequest(
                f"The {what} has a field name {len(name)} characters long; names here are at most "
                f"{MAX_FIELD_NAME} (onair does not use nested names such as a[b][c]).")


def malformed_input_tween_factory(handler, registry):
    """A query string or form body that cannot be decoded, or one with thousands of fields or
    absurd field names, is the client's error: a 400 page (views/errors.py), not a 500 or
    seconds of parsing deep in a view or the CSRF check. Sits just above the views, so the
    exception views render it; WebOb keeps what it parsed, so the views parse nothing twice."""

    def malformed_input_tween(request):
        fields = _count_fields(request)
        if fields > MAX_FIELDS:
            raise MalformedRequest(f"The request has {fields} fields; onair accepts at most {MAX_FIELDS}.")
        try:
            _check_names(request.GET, "address")
        except UnicodeDecodeError:
            raise MalformedRequest("The address contains bytes that are not valid UTF-8 text.") from None
        # Any method that may carry a form (the CSRF check reads it for all of them).
        if request.method not in SAFE_METHODS and request.content_type in FORM_TYPES:
            try:
                _check_names(request.POST, "form")
            except (UnicodeDecodeError, ValueError):  # WebOb: bad multipart boundary, bad encoding...
                raise MalformedRequest("The form data could not be read: it is malformed or not UTF-8 text.") from None
        return handler(request)

    return malformed_input_tween
