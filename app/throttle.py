"""Login throttling with ``limits``: failed attempts are counted per account and per client address.

A moving window: at most ``onair.login_limit_account`` failures for one email and
``onair.login_limit_ip`` failures from one address (defaults 5/minute and 20/minute).
The counters live in memory with the embedded store (one process) and in MongoDB
when a real server is configured, so every process behind the proxy shares them.

An attempt is counted *before* the password is checked (``reserve``): checking takes
tens of milliseconds, and a test-then-count let 40 parallel guesses all through a limit
of 5. The reservation is one atomic "add if below the limit" per counter (limits' moving
window does that under a lock in memory and with one conditional update in MongoDB), so
the sixth concurrent attempt is refused whatever the timing. An attempt that did not fail
gives its place back (``release``), so successful logins do not count.

Device cookies (OWASP's "device cookies" against lockout abuse): a successful login leaves
a signed cookie naming the account and a random device id. An attempt for that account
that presents it counts against that device only, so a stranger's failures, which lock the
account everywhere else, do not lock the owner out of a device they logged in from before.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import secrets
import threading
import time
from dataclasses import dataclass, field

from limits import parse
from limits.storage import MemoryStorage, MongoDBStorage, Storage
from limits.strategies import MovingWindowRateLimiter
from pyramid.settings import asbool

from app.database import SERVER_SELECTION_TIMEOUT_MS, mongodb_uri
from data.core.common import same_secret


class _MongoDBStorage(MongoDBStorage):
    """limits' MongoDBStorage, minus a hang at exit, plus a refund.

    Its ``__del__`` reads the lazy ``storage`` property, so a storage that never counted a login
    opens a new client and creates its indexes while the interpreter shuts down; with the database
    down, that kept a SIGTERMed server from exiting (tests/faults/test_database_down.py).
    Close only a client that exists.
    """

    def __del__(self) -> None:
        if self._storage is not None:
            self._storage.close()

    def refund(self, key: str) -> None:
        """Take the newest entry off a moving window (an attempt that did not fail)."""
        self.windows.update_one({"_id": key}, {"$pop": {"entries": -1}})


def _refund(storage: Storage, key: str) -> None:
    if isinstance(storage, MemoryStorage):
        with storage.locks[key]:  # the lock acquire_entry takes; newest entries come first
            events = storage.events.get(key)
            if events:
                events.pop(0)
    elif hasattr(storage, "refund"):
        storage.refund(key)


@dataclass
class Attempt:
    """One reserved login attempt: the counters it holds a place in, or how long to wait."""
    held: list = field(default_factory=list)
    wait: int = 0
    failed: bool = False


class LoginThrottle:
    def __init__(self, storage: Storage, per_account: str = "5/minute", per_ip: str = "20/minute",
                 clock=time.time):
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)
        self.per_account = parse(per_account)
        self.per_ip = parse(per_ip)
        self.clock = clock
        self.lockout_notice = parse("1/hour")  # mail an account about its lockout at most hourly
        # Holds a reservation across its counters: all of them or none.
        self.lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: dict) -> "LoginThrottle":
        return cls(counter_storage(settings, "throttle"), settings.get("onair.login_limit_account") or "5/minute",
                   settings.get("onair.login_limit_ip") or "20/minute")

    def _items(self, ip: str, email: str, device: str | None = None):
        email = normal_email(email)
        if device and email:  # a known device of this account: its own counter, nothing shared
            yield self.per_account, ("login-device", email, device)
            return
        yield self.per_ip, ("login-ip", str(ip or "unknown"))
        if email:
            yield self.per_account, ("login-account", email)

    def retry_after(self, ip: str, email: str = "", device: str | None = None) -> int:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        wait = 0.0
        for item, key in self._items(ip, email, device):
            if not self.limiter.test(item, *key):
                reset = self.limiter.get_window_stats(item, *key).reset_time
                wait = max(wait, reset - self.clock(), 1)
        return math.ceil(wait)

    def reserve(self, ip: str, email: str = "", device: str | None = None) -> Attempt:
        """Count an attempt before it is checked; ``wait`` > 0 when it is refused (nothing held)."""
        held = []
        with self.lock:
            for item, key in self._items(ip, email, device):
                if not self.limiter.hit(item, *key):
                    for taken in held:
                        _refund(self.storage, taken)
                    return Attempt(wait=max(self.retry_after(ip, email, device), 1))
                held.append(item.key_for(*key))
        return Attempt(held)

    def release(self, attempt: Attempt) -> None:
        """Give back the places of an attempt that did not fail."""
        with self.lock:
            for key in attempt.held:
                _refund(self.storage, key)
            attempt.held = []

    def lockout_to_announce(self, email: str) -> bool:
        """True once an hour for an account whose own counter is full: time to tell its owner."""
        email = normal_email(email)
        if not email or self.limiter.test(self.per_account, "login-account", email):
            return False
        return self.limiter.hit(self.lockout_notice, "lockout-notice", email)

    def failed(self, ip: str, email: str = "", device: str | None = None) -> None:
        """Count a failure that was not reserved first."""
        for item, key in self._items(ip, email, device):
            self.limiter.hit(item, *key)


def normal_email(email) -> str:
    return str(email or "").strip().lower()


# --- device cookies ---------------------------------------------------------------------
DEVICE_COOKIE = "onair_device"
DEVICE_MAX_AGE = 365 * 24 * 3600
ATTEMPT_KEY = "onair.login_attempt"


def _device_mac(secret: str, email: str, device: str) -> str:
    message = f"onair-device-cookie\n{email}\n{device}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def device_cookie_value(secret: str, email: str, device: str | None = None) -> str:
    """``<email, base64url>.<random device id>.<HMAC of both under the auth secret>``."""
    email = normal_email(email)
    device = device or secrets.token_urlsafe(16)
    encoded = base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")
    return f"{encoded}.{device}.{_device_mac(secret, email, device)}"


def known_device(secret: str, value, email: str) -> str | None:
    """The device id in a cookie this site signed for ``email``; None for anything else."""
    try:
        encoded, device, mac = str(value or "").split(".")
        cookie_email = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    email = normal_email(email)
    if not device or not email or not same_secret(cookie_email, email):
        return None
    return device if same_secret(mac, _device_mac(secret, email, device)) else None


def client_ip(request) -> str:
    """REMOTE_ADDR, never X-Forwarded-For: behind the proxy, waitress's trusted_proxy settings
    (app/serve.py) put the real client there, while webob's client_addr believes the client."""
    return request.remote_addr or "unknown"


def begin_attempt(request, email: str) -> int:
    """Reserve a login attempt for this request: 0 to go ahead, else seconds to wait.

    At the end of the request, an attempt not marked failed gives its place back, and a
    request that ends logged in as ``email`` keeps (or receives) that account's device cookie."""
    secret = request.registry.auth_secret
    presented = request.cookies.get(DEVICE_COOKIE)
    device = known_device(secret, presented, email)
    throttle = request.registry.login_throttle
    attempt = throttle.reserve(client_ip(request), email, device)
    if attempt.wait:
        return attempt.wait
    request.environ[ATTEMPT_KEY] = attempt

    def settle(request, response):
        if attempt.failed:
            return
        throttle.release(attempt)
        user = request.identity
        if device is None and user is not None and normal_email(user.email) == normal_email(email):
            response.set_cookie(DEVICE_COOKIE, device_cookie_value(secret, email), max_age=DEVICE_MAX_AGE,
                                path="/", httponly=True, samesite="Lax",
                                secure=asbool(request.registry.settings.get("onair.https", False)))

    request.add_response_callback(settle)
    return 0


def attempt_failed(request, email: str) -> None:
    """This request's attempt failed: its reservation stays counted."""
    attempt = request.environ.get(ATTEMPT_KEY)
    if attempt is not None:
        attempt.failed = True
    else:  # no reservation was made (a caller that skipped begin_attempt): count it now
        request.registry.login_throttle.failed(client_ip(request), email)


def counter_storage(settings: dict, prefix: str) -> Storage:
    """Where ``limits`` keeps counters: the shared MongoDB (collections ``<prefix>_counters`` and
    ``<prefix>_windows``), so every process counts together; memory with the embedded store."""
    uri = mongodb_uri(settings)
    if not uri:
        return MemoryStorage()
    return _MongoDBStorage(uri, database_name=settings.get("onair.db_name") or "onair",
                           counter_collection_name=f"{prefix}_counters", window_collection_name=f"{prefix}_windows",
                           serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS)
