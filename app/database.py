"""Where the documents live: a real MongoDB server (``ONAIR_MONGODB_URI`` or ``mongodb.uri``),
or, when neither is set, the embedded store (``app.embedded``) in ``onair.store_dir``."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import mongoengine

from app.embedded.store import DEFAULT_DB, EmbeddedStore

log = logging.getLogger(__name__)

# pymongo waits for a server in steps of up to 0.5 s (pymongo.common.MIN_HEARTBEAT_INTERVAL), so a
# request on a dead database fails after this timeout plus up to 0.5 s: 400 ms keeps the 503 page
# under a second. Connecting gets longer: the monitor keeps trying in the background either way.
SERVER_SELECTION_TIMEOUT_MS = 400
CONNECT_TIMEOUT_MS = 800


def mongodb_uri(settings: dict) -> str:
    """The real server's URI: ONAIR_MONGODB_URI wins over the ini's mongodb.uri."""
    return (os.environ.get("ONAIR_MONGODB_URI") or settings.get("mongodb.uri") or "").strip()


def connect_server(uri: str, alias: str = "default", db_name: str | None = None) -> None:
    mongoengine.disconnect(alias)
    kwargs = dict(host=uri, alias=alias, serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS,
                  connectTimeoutMS=CONNECT_TIMEOUT_MS, uuidRepresentation="standard")
    if db_name:
        kwargs["db"] = db_name
    mongoengine.connect(**kwargs)


def forget_collection_handles(alias: str = "default") -> None:
    """After a request failed on an unreachable server: have MongoEngine look collections up again.

    MongoEngine caches a document's collection *before* it creates the indexes; when the server
    is down that creation fails, and the cached handle would stop it from ever being retried, so
    a database that comes back would run without its unique indexes. Forgetting the handles
    makes the next request that reaches the server create them (creating an index is idempotent).
    """
    from mongoengine.base.common import _get_documents_by_db

    for document in _get_documents_by_db(alias, "default"):
        if issubclass(document, mongoengine.Document):  # embedded documents have no collection
            document._disconnect()


def open_from_settings(settings: dict) -> EmbeddedStore | None:
    """Connect MongoEngine as the settings say. Returns the embedded store, if any."""
    uri = mongodb_uri(settings)
    db_name = settings.get("onair.db_name") or DEFAULT_DB
    if uri:
        connect_server(uri, db_name=settings.get("onair.db_name"))
        log.info("onair storage: MongoDB server at %s", _redact(uri))
        return None
    directory = settings.get("onair.store_dir") or "var/store"
    store = EmbeddedStore(directory, db_name).open()
    log.info("onair storage: embedded store (mongomock) in %s, database %r",
             Path(directory).resolve(), db_name)
    return store


def _redact(uri: str) -> str:
    if "@" in uri and "://" in uri:
        scheme, rest = uri.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return uri
