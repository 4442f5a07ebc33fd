"""Where the throttle keeps its counters, and how it counts attempts that arrive together."""
import threading
import time

from limits.storage import MemoryStorage, MongoDBStorage, Storage

from app.throttle import LoginThrottle, device_cookie_value, known_device


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


def race(throttle, attempts: int, ip=lambda n: "192.0.2.1", email="a@example.com", device=None):
    """``attempts`` threads reserve at the same moment, then hold their place like a slow password
    check would; returns the reservations that went ahead."""
    barrier = threading.Barrier(attempts)
    passed = []

    def attempt(number):
        barrier.wait()
        reserved = throttle.reserve(ip(number), email, device)
        if not reserved.wait:
            time.sleep(0.05)  # the argon2 check; the place is already counted
            passed.append(reserved)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return passed


def test_forty_parallel_attempts_on_one_account_get_five_checks():
    throttle = LoginThrottle(MemoryStorage(), "5/minute", "100/minute")
    assert len(race(throttle, 40, ip=lambda n: f"198.51.100.{n}")) == 5
    assert throttle.retry_after("198.51.100.200", "a@example.com") > 0


def test_forty_parallel_attempts_from_one_address_get_its_limit():
    throttle = LoginThrottle(MemoryStorage(), "100/minute", "20/minute")
    barrier = threading.Barrier(40)
    results = []

    def attempt(number):
        barrier.wait()
        results.append(throttle.reserve("192.0.2.9", f"user{number}@example.com").wait == 0)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results.count(True) == 20


def test_a_refused_attempt_holds_no_place_in_the_other_counter():
    """The account is full: the refusal does not also use up the address's allowance."""
    throttle = LoginThrottle(MemoryStorage(), "1/minute", "2/minute")
    assert throttle.reserve("192.0.2.1", "full@example.com").wait == 0
    assert throttle.reserve("192.0.2.1", "full@example.com").wait > 0
    assert throttle.reserve("192.0.2.1", "other@example.com").wait == 0   # the address's second place


def test_released_attempts_give_their_place_back():
    throttle = LoginThrottle(MemoryStorage(), "2/minute", "20/minute")
    for _ in range(10):  # successful logins: reserved, then released
        throttle.release(throttle.reserve("192.0.2.1", "a@example.com"))
    assert throttle.retry_after("192.0.2.1", "a@example.com") == 0
    throttle.reserve("192.0.2.1", "a@example.com")
    throttle.reserve("192.0.2.1", "a@example.com")
    assert throttle.reserve("192.0.2.1", "a@example.com").wait > 0


def test_a_known_device_has_its_own_counter():
    throttle = LoginThrottle(MemoryStorage(), "5/minute", "20/minute")
    assert len(race(throttle, 20, ip=lambda n: f"203.0.113.{n}")) == 5   # a stranger locks the account
    assert throttle.reserve("203.0.113.99", "a@example.com").wait > 0
    owner = race(throttle, 20, ip=lambda n: "192.0.2.50", device="owners-laptop")
    assert len(owner) == 5   # the owner's device: its own 5, and no more
    assert throttle.reserve("192.0.2.50", "a@example.com", "another-device").wait == 0


def test_device_cookies_are_signed_for_one_account():
    value = device_cookie_value("secret", "Owner@Example.com ")
    device = known_device("secret", value, "owner@example.com")
    assert device and device in value
    assert known_device("secret", value, "someone.else@example.com") is None
    assert known_device("another secret", value, "owner@example.com") is None
    encoded, _, mac = value.split(".")
    assert known_device("secret", f"{encoded}.chosen-id.{mac}", "owner@example.com") is None
    for junk in ("", None, "a.b", "a.b.c.d", "%%%.x.y", "\udcff.x.y"):
        assert known_device("secret", junk, "owner@example.com") is None
