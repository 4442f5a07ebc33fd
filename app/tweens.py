"""Persist the embedded store once per request that changed it."""
import logging

from pyramid.httpexceptions import HTTPServiceUnavailable

from app.store import StoreWriteError

log = logging.getLogger(__name__)


def store_flush_tween_factory(handler, registry):
    store = registry.store
    if store is None:  # a real MongoDB persists by itself
        return handler

    def store_flush_tween(request):
        try:
            response = handler(request)
        finally:
            if store.dirty:
                try:
                    store.flush()
                except StoreWriteError:
                    log.exception("embedded store flush failed")
                    # The change is not on disk: do not acknowledge it as saved.
                    return HTTPServiceUnavailable(
                        "The change could not be saved: the data folder is not writable or the "
                        "disk is full. Nothing already stored was lost. Please try again later."
                    )
        return response

    return store_flush_tween
