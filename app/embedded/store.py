"""The embedded store: mongomock kept on disk in mongodump's own layout::

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

import mongoengine
import mongomock
from bson import json_util
from mongomock.collection import Collection as MockCollection
from mongomock.database import Database as MockDatabase

from app.embedded import lazybson, mockspeed

mockspeed.install()  # before the lazy-array guard below wraps _iter_documents

log = logging.getLogger(__name__)

DEFAULT_DB = "onair"
# Top-level arrays this big stay encoded in memory until read (app/embedded/lazybson.py): transcripts.
LAZY_ARRAY_BYTES = 32 * 1024


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
_UPDATE_METHODS = {"update_one", "update_many", "replace_one", "find_one_and_update", "find_one_and_replace",
                   "bulk_write"}


def _tracked(method):
    is_index_method = method.__name__ in _INDEX_METHODS
    is_update_method = method.__name__ in _UPDATE_METHODS

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
            if is_update_method:
                store.before_update(self, method.__name__, args, kwargs)
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


def _lazy_guarded_iter(method):
    @functools.wraps(method)
    def wrapper(self, filter):
        store = vars(self.database.client).get("_onair_store")
        if store is not None:
            store.before_query(self, filter)
        return method(self, filter)
    wrapper._onair_tracked = True
    return wrapper


def _lazy_guarded_dataset(method):
    @functools.wraps(method)
    def wrapper(self, spec, sort, fields, as_class):
        store = vars(self.database.client).get("_onair_store")
        if store is not None:
            store.before_query(self, None, sort, fields)
        return method(self, spec, sort, fields, as_class)
    wrapper._onair_tracked = True
    return wrapper


if not getattr(MockCollection._iter_documents, "_onair_tracked", False):
    MockCollection._iter_documents = _lazy_guarded_iter(MockCollection._iter_documents)
    MockCollection._get_dataset = _lazy_guarded_dataset(MockCollection._get_dataset)


if not getattr(MockDatabase.drop_collection, "_onair_tracked", False):
    MockDatabase.drop_collection = _tracked_drop_collection(MockDatabase.drop_collection)


@dataclass
class FlushReport:
    collections: list[str]
    documents: int


class EmbeddedStore:
    """mongomock in memory, mongodump layout on disk, one process at a time."""

    def __init__(self, directory: str | os.PathLike, db_name: str = DEFAULT_DB,
                 lazy_array_bytes: int = LAZY_ARRAY_BYTES):
        self.directory = Path(directory)
        self.db_name = db_name
        self.lazy_array_bytes = lazy_array_bytes
        # (db, collection) -> top-level fields some stored documents keep as LazyArray.
        self._lazy: dict[tuple[str, str], set[str]] = {}
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
            documents = read_bson_file(bson_path, self.lazy_array_bytes)
            collection = db[name]
            self._fill(collection, documents)
            meta_path = folder / f"{name}.metadata.json"
            for index in read_metadata(meta_path):
                keys = list(index["key"].items())
                options = {k: v for k, v in index.items() if k in ("unique", "sparse", "name")}
                if options.get("name") == "_id_":
                    continue
                collection.create_index(keys, **options)
        self._dirty.clear()

    def _fill(self, collection, documents: list[dict]) -> None:
        """Put a snapshot's documents straight into mongomock's storage.

        They were valid when written (unique indexes held then), so mongomock's per-insert
        BSON validation and unique-index scans, quadratic in the collection size, are skipped.
        """
        if not documents:
            return
        if any("_id" not in doc or isinstance(doc["_id"], dict) for doc in documents):
            collection.insert_many(documents)  # unusual ids: let mongomock handle them
            return
        storage = collection._store
        lazy_fields = set()
        for doc in documents:
            storage[doc["_id"]] = doc
            lazy_fields.update(k for k, v in doc.items() if isinstance(v, lazybson.LazyArray))
        if lazy_fields:
            self._lazy[(collection.database.name, collection.name)] = lazy_fields

    # -- lazy arrays: real lists before anything looks inside them
    def before_query(self, collection, filter=None, sort=None, projection=None) -> None:
        fields = self._lazy.get((collection.database.name, collection.name))
        if fields:
            touched = fields & lazybson.referenced_fields(filter, sort, projection)
            if touched:
                self._materialize(collection, touched)

    def before_update(self, collection, method: str, args: tuple, kwargs: dict) -> None:
        """An update that names a lazy field gets real lists in the documents it matches
        (only those: editing one transcript must not decode all of them)."""
        fields = self._lazy.get((collection.database.name, collection.name))
        if not fields:
            return
        if method == "bulk_write":
            self._materialize(collection, set(fields))
            return
        filter = args[0] if args else kwargs.get("filter", {})
        update = args[1] if len(args) > 1 else kwargs.get("update", kwargs.get("replacement"))
        touched = fields & lazybson.referenced_fields(update)
        if touched:
            with self.write_lock:
                for doc in list(collection._iter_documents(filter)):  # stored documents, not copies
                    for field in touched:
                        lazybson.materialize(doc, field)

    def _materialize(self, collection, fields: set[str]) -> None:
        with self.write_lock:
            log.info("embedded store: decoding %s.%s for a query that looks inside it",
                     collection.name, "/".join(sorted(fields)))
            for doc in collection._store.documents:
                for field in fields:
                    lazybson.materialize(doc, field)
            self._lazy[(collection.database.name, collection.name)] -= fields

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
                # The stored documents themselves, not copies: lazy arrays go out as the bytes they are.
                data = b"".join(lazybson.encode(doc) for doc in collection._store.documents) if exists else None
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
def read_bson_file(path: Path, lazy_array_bytes: int = LAZY_ARRAY_BYTES) -> list[dict]:
    raw = path.read_bytes()
    try:
        return lazybson.decode_all(raw, lazy_array_bytes)
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
