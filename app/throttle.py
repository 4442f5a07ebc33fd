"""Login throttling with ``limits``: failed attempts are counted per account and per client address.

A moving window: at most ``onair.login_limit_account`` failures for one email and
``onair.login_limit_ip`` failures from one address (defaults 5/minute and 20/minute).
The counters live in memory with the embedded store (one process) and in MongoDB
when a real server is configured, so every process behind the proxy shares them.
"""
from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import MemoryStorage, MongoDBStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from app.database import SERVER_SELECTION_TIMEOUT_MS, mongodb_uri


class _MongoDBStorage(MongoDBStorage):
    """limits' MongoDBStorage, minus a hang at exit.

    Its ``__del__`` reads the lazy ``storage`` property, so a storage that never counted a login
    opens a new client and creates its indexes while the interpreter shuts down; with the database
    down, that kept a SIGTERMed server from exiting (tests/faults/test_database_down.py).
    Close only a client that exists.
    """

    def __del__(self) -> None:
        if self._storage is not None:
            self._storage.close()


class LoginThrottle:
    def __init__(self, storage: Storage, per_account: str = "5/minute", per_ip: str = "20/minute",
                 clock=time.time):
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)
        self.per_account = parse(per_account)
        self.per_ip = parse(per_ip)
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: dict) -> "LoginThrottle":
        uri = mongodb_uri(settings)
        if uri:
            storage = _MongoDBStorage(uri, database_name=settings.get("onair.db_name") or "onair",
                                     counter_collection_name="throttle_counters",
                                     window_collection_name="throttle_windows",
                                     serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS)
        else:
            storage = MemoryStorage()
        return cls(storage, settings.get("onair.login_limit_account") or "5/minute",
                   settings.get("onair.login_limit_ip") or "20/minute")

    def _items(self, ip: str, email: str):
        yield self.per_ip, ("login-ip", str(ip or "unknown"))
        if email:
            yield self.per_account, ("login-account", str(email).strip().lower())

    def retry_after(self, ip: str, email: str = "") -> int:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        wait = 0.0
        for item, key in self._items(ip, email):
            if not self.limiter.test(item, *key):
                reset = self.limiter.get_window_stats(item, *key).reset_time
                wait = max(wait, reset - self.clock(), 1)
        return math.ceil(wait)

    def failed(self, ip: str, email: str = "") -> None:
        for item, key in self._items(ip, email):
            self.limiter.hit(item, *key)
