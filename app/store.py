"""Where the documents live: a real MongoDB, or the embedded store.

The embedded store is MongoEngine over ``mongomock.MongoClient`` (MongoEngine's
``mongo_client_class`` hook), kept on disk in mongodump's own layout::

    <store_dir>/<db>/<collection>.bson            concatenated BSON documents
    <store_dir>/<db>/<collection>.metadata.json   indexes, in extended JSON

so ``mongorestore --dir <store_dir>`` moves it into a real server unchanged.
Writes are tracked per collection; ``flush()`` rewrites only the collections
that changed, each through temp file + fsync + rename, so a crash leaves either
the old file or the new one, never half of one.
"""
from __future__ import annotations

import fcntl
import functools
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import bson
import mongoengine
import mongomock
from bson import json_util
from mongomock.collection import Collection as MockCollection
from mongomock.database import Database as MockDatabase

log = logging.getLogger(__name__)

DEFAULT_DB = "onair"
# pymongo waits for a server in steps of up to 0.5 s (pymongo.common.MIN_HEARTBEAT_INTERVAL), so a
# request on a dead database fails after this timeout plus up to 0.5 s: 400 ms keeps the 503 page
# under a second. Connecting gets longer: the monitor keeps trying in the background either way.
SERVER_SELECTION_TIMEOUT_MS = 400
CONNECT_TIMEOUT_MS = 800


class StoreError(RuntimeError):
    """Start-up cannot go on: the message says why and names the file."""


class StoreLocked(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


class StoreWriteError(StoreError):
    """The snapshot could not be written (disk full, read-only folder...)."""


# --- write tracking ---------------------------------------------------------
# Every mongomock write method marks its collection dirty on the store that owns
# the client. Patched once, at import; clients we did not create are untouched.
_WRITE_METHODS = (
    "insert_one", "insert_many", "update_one", "update_many", "replace_one",
    "delete_one", "delete_many", "find_one_and_update", "find_one_and_replace",
    "find_one_and_delete", "bulk_write", "drop", "create_index", "create_indexes",
    "drop_index", "drop_indexes",
)


_INDEX_METHODS = {"create_index", "create_indexes", "drop_index", "drop_indexes"}


def _tracked(method):
    is_index_method = method.__name__ in _INDEX_METHODS

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        # vars(): mongomock's client answers any unknown attribute with a database.
        store = vars(self.database.client).get("_onair_store")
        if store is None:
            return method(self, *args, **kwargs)
        with store.write_lock:
            # MongoEngine re-declares its indexes in every process: only a real
            # change of indexes should rewrite a collection's files.
            before = self.index_information() if is_index_method else None
            result = method(self, *args, **kwargs)
            if not is_index_method or self.index_information() != before:
                store.mark_dirty(self.database.name, self.name)
        return result
    wrapper._onair_tracked = True
    return wrapper


for _name in _WRITE_METHODS:
    _method = getattr(MockCollection, _name)
    if not getattr(_method, "_onair_tracked", False):
        setattr(MockCollection, _name, _tracked(_method))


def _tracked_drop_collection(method):
    @functools.wraps(method)
    def wrapper(self, name_or_collection, *args, **kwargs):
        store = vars(self.client).get("_onair_store")
        name = getattr(name_or_collection, "name", name_or_collection)
        result = method(self, name_or_collection, *args, **kwargs)
        if store is not None:
            store.mark_dirty(self.name, name)
        return result
    wrapper._onair_tracked = True
    return wrapper


if not getattr(MockDatabase.drop_collection, "_onair_tracked", False):
    MockDatabase.drop_collection = _tracked_drop_collection(MockDatabase.drop_collection)


@dataclass
class FlushReport:
    collections: list[str]
    documents: int


class EmbeddedStore:
    """mongomock in memory, mongodump layout on disk, one process at a time."""

    def __init__(self, directory: str | os.PathLike, db_name: str = DEFAULT_DB):
        self.directory = Path(directory)
        self.db_name = db_name
        self.write_lock = threading.RLock()
        # One flush at a time, start to finish: a later snapshot is never overwritten by an
        # earlier one (two flushes of one collection would also share its temp file), and a
        # request whose changes another flush took waits until they are on disk.
        self._flush_lock = threading.Lock()
        self._dirty: set[tuple[str, str]] = set()
        self._thread = threading.local()  # per thread (so per request): how many writes it made
        self._lock_file = None
        self.client: mongomock.MongoClient | None = None

    # -- life cycle
    def open(self, alias: str = "default") -> "EmbeddedStore":
        self.directory.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        try:
            mongoengine.disconnect(alias)
            mongoengine.connect(
                db=self.db_name, alias=alias, host="mongodb://localhost",
                mongo_client_class=mongomock.MongoClient, uuidRepresentation="standard",
            )
            self.client = mongoengine.get_connection(alias)
            self._load()
            self.client._onair_store = self
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self.client is not None:
            vars(self.client).pop("_onair_store", None)
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def _acquire_lock(self) -> None:
        path = self.directory / "onair.lock"
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StoreLocked(
                f"The embedded store {self.directory} is in use by {holder}. "
                "Only one onair process may use it at a time: stop the other one first."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock_file = handle

    # -- reading the snapshot
    def _load(self) -> None:
        db = self.client[self.db_name]
        folder = self.directory / self.db_name
        if not folder.is_dir():
            return
        for bson_path in sorted(folder.glob("*.bson")):
            name = bson_path.name[: -len(".bson")]
            documents = read_bson_file(bson_path)
            collection = db[name]
            if documents:
                collection.insert_many(documents)
            meta_path = folder / f"{name}.metadata.json"
            for index in read_metadata(meta_path):
                keys = list(index["key"].items())
                options = {k: v for k, v in index.items() if k in ("unique", "sparse", "name")}
                if options.get("name") == "_id_":
                    continue
                collection.create_index(keys, **options)
        self._dirty.clear()

    def has_no_content(self) -> bool:
        """True until shows were ever stored: accounts made by `onair create-admin` do not count."""
        return "shows" not in self.client[self.db_name].list_collection_names()

    # -- writing it
    def mark_dirty(self, db_name: str, collection: str) -> None:
        with self.write_lock:
            self._dirty.add((db_name, collection))
        self._thread.writes = self.writes_in_this_thread() + 1

    def writes_in_this_thread(self) -> int:
        """A counter of this thread's writes: compare two readings to learn if it wrote in between."""
        return getattr(self._thread, "writes", 0)

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def flush(self) -> FlushReport:
        """Rewrite the collections changed since the last flush.

        Returns only when every change made before the call is on disk, including changes
        another thread's flush had already taken and was still writing.
        """
        with self._flush_lock:
            return self._flush()

    def _flush(self) -> FlushReport:
        with self.write_lock:
            pending, self._dirty = self._dirty, set()
            snapshots = []
            for db_name, name in sorted(pending):
                collection = self.client[db_name][name]
                exists = name in self.client[db_name].list_collection_names()
                data = b"".join(bson.encode(doc) for doc in collection.find()) if exists else None
                indexes = collection.index_information() if exists else {}
                snapshots.append((db_name, name, data, indexes))
        written, count = [], 0
        try:
            for db_name, name, data, indexes in snapshots:
                folder = self.directory / db_name
                folder.mkdir(parents=True, exist_ok=True)
                if data is None:  # the collection was dropped
                    for suffix in (".bson", ".metadata.json"):
                        (folder / f"{name}{suffix}").unlink(missing_ok=True)
                    continue
                _atomic_write(folder / f"{name}.metadata.json", metadata_json(name, indexes))
                _atomic_write(folder / f"{name}.bson", data)
                written.append(f"{db_name}.{name}")
                count += _count_documents(data)
        except OSError as exc:
            # Keep the changes pending so a later flush can still write them.
            with self.write_lock:
                self._dirty |= pending
            raise StoreWriteError(f"Could not write the embedded store in {self.directory}: {exc}") from exc
        return FlushReport(written, count)


# --- mongodump file format ----------------------------------------------------
def read_bson_file(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        return bson.decode_all(raw)
    except Exception as exc:  # bson raises InvalidBSON and friends on truncation
        raise StoreCorrupt(
            f"The store file {path} is corrupt or truncated ({exc}). "
            "onair will not start on it and will not overwrite it: restore it from a backup, "
            "or move it aside to start without that collection."
        ) from None


def read_metadata(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        meta = json_util.loads(path.read_text("utf-8"))
        return list(meta.get("indexes", []))
    except Exception as exc:
        raise StoreCorrupt(f"The store file {path} is not valid metadata JSON ({exc}).") from None


def metadata_json(name: str, index_information: dict) -> bytes:
    """mongodump's <collection>.metadata.json, in canonical extended JSON."""
    indexes = []
    for index_name, info in index_information.items():
        entry = {"v": 2, "key": dict(info["key"]), "name": index_name}
        for option in ("unique", "sparse"):
            if info.get(option):
                entry[option] = True
        indexes.append(entry)
    meta = {
        "indexes": indexes,
        "uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"onair:{name}").hex,
        "collectionName": name,
        "type": "collection",
    }
    return json_util.dumps(meta, json_options=json_util.CANONICAL_JSON_OPTIONS).encode("utf-8")


def _count_documents(data: bytes) -> int:
    count, offset = 0, 0
    while offset < len(data):
        offset += int.from_bytes(data[offset:offset + 4], "little")
        count += 1
    return count


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a half-written temp file on a full disk only takes more space
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# --- choosing a mode ------------------------------------------------------------
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
