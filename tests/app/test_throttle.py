"""Where the throttle keeps its counters."""
from limits.storage import MemoryStorage, MongoDBStorage, Storage

from app.throttle import LoginThrottle


def test_embedded_store_counts_in_memory():
    throttle = LoginThrottle.from_settings({"onair.db_name": "onair"})
    assert isinstance(throttle.storage, MemoryStorage)


def test_a_mongodb_uri_counts_in_mongodb(monkeypatch):
    """A stand-in records the call (no MongoDB server here)."""
    made = {}

    class Recorder(MemoryStorage):
        def __init__(self, uri, **options):
            made.update(uri=uri, **options)
            super().__init__()

    assert issubclass(MongoDBStorage, Storage)
    monkeypatch.delenv("ONAIR_MONGODB_URI", raising=False)
    monkeypatch.setattr("app.throttle._MongoDBStorage", Recorder)
    throttle = LoginThrottle.from_settings({"mongodb.uri": "mongodb://db.example:27017", "onair.db_name": "site",
                                            "onair.login_limit_account": "3/minute"})
    assert made["uri"] == "mongodb://db.example:27017" and made["database_name"] == "site"
    assert made["window_collection_name"] == "throttle_windows"
    assert throttle.per_account.amount == 3 and throttle.per_ip.amount == 20


def test_an_unused_mongodb_storage_does_not_connect_when_collected():
    """limits' own __del__ opened a client (and created indexes) at exit; with the database down,
    a stopped server never exited. Ours closes only a client it has."""
    from app.throttle import _MongoDBStorage

    storage = _MongoDBStorage("mongodb://127.0.0.1:9/onair", serverSelectionTimeoutMS=100)
    assert isinstance(storage, MongoDBStorage)
    storage.__del__()
    assert storage._storage is None


def test_limits_count_failures_per_key():
    throttle = LoginThrottle(MemoryStorage(), "2/minute", "3/minute")
    assert throttle.retry_after("192.0.2.1", "a@example.com") == 0
    throttle.failed("192.0.2.1", "a@example.com")
    throttle.failed("192.0.2.1", "a@example.com")
    assert throttle.retry_after("192.0.2.1", "A@Example.com ") > 0
    assert throttle.retry_after("192.0.2.1", "b@example.com") == 0
    throttle.failed("192.0.2.1", "b@example.com")
    assert throttle.retry_after("192.0.2.1", "c@example.com") > 0   # the address used its 3
    assert throttle.retry_after("192.0.2.2", "c@example.com") == 0
