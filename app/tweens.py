"""Persist the embedded store once per request that changed it."""
import logging

from pyramid.httpexceptions import HTTPServiceUnavailable

from app.store import StoreWriteError

log = logging.getLogger(__name__)


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


class MalformedRequest(Exception):
    """The client sent what cannot be read (not UTF-8, a broken form body): a 400 page."""


def malformed_input_tween_factory(handler, registry):
    """A query string or form body that cannot be decoded is the client's error: a 400 page
    (views/errors.py), not a UnicodeDecodeError or ValueError deep in a view or in the CSRF
    check. Sits just above the views, so the exception views render it; WebOb keeps what it
    parsed, so the views parse nothing twice."""

    def malformed_input_tween(request):
        try:
            request.GET
        except UnicodeDecodeError:
            raise MalformedRequest("The address contains bytes that are not valid UTF-8 text.") from None
        # Any method that may carry a form (the CSRF check reads it for all of them).
        if request.method not in SAFE_METHODS and request.content_type in FORM_TYPES:
            try:
                request.POST
            except (UnicodeDecodeError, ValueError):  # WebOb: bad multipart boundary, bad encoding...
                raise MalformedRequest("The form data could not be read: it is malformed or not UTF-8 text.") from None
        return handler(request)

    return malformed_input_tween
