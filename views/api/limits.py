"""Rate limits on the API with ``limits``: anonymous reads are counted per client address.

``onair.api_limit_ip`` (default 120/minute; ``off`` turns it off) is a fixed window, so the
standard headers mean what they say: every counted answer carries RateLimit-Limit,
RateLimit-Remaining and RateLimit-Reset (seconds until the window starts again), and past the
limit the answer is a 429 problem with Retry-After. Counters live in memory with the embedded
store (one process) and in MongoDB with a real server, shared by every process, as the login
throttle's do (app/throttle.py).
"""
from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

from views.api.problems import problem

DEFAULT_PER_IP = "120/minute"


class ApiLimiter:
    def __init__(self, storage: Storage, per_ip: str = DEFAULT_PER_IP, clock=time.time):
        self.limiter = FixedWindowRateLimiter(storage)
        self.per_ip = parse(per_ip)
        self.clock = clock
        self.policy = f"{self.per_ip.amount};w={self.per_ip.get_expiry()}"

    @classmethod
    def from_settings(cls, settings: dict) -> "ApiLimiter | None":
        per_ip = (settings.get("onair.api_limit_ip") or DEFAULT_PER_IP).strip()
        if per_ip.lower() in ("off", "0", "none"):
            return None
        from app.throttle import counter_storage

        return cls(counter_storage(settings, "api_limit"), per_ip)

    def hit(self, address: str) -> tuple[bool, dict[str, str]]:
        """Count one request; (allowed, the RateLimit headers for its answer)."""
        key = ("api-ip", str(address or "unknown"))
        allowed = self.limiter.hit(self.per_ip, *key)
        stats = self.limiter.get_window_stats(self.per_ip, *key)
        reset = max(1, math.ceil(stats.reset_time - self.clock()))
        headers = {"RateLimit-Limit": str(self.per_ip.amount), "RateLimit-Remaining": str(max(0, stats.remaining)),
                   "RateLimit-Reset": str(reset), "RateLimit-Policy": self.policy}
        if not allowed:
            headers["Retry-After"] = str(reset)
        return allowed, headers


def api_limit_tween_factory(handler, registry):
    """Count every request under /api/ (unknown addresses too) before the page cache answers any
    from memory (so a tween, not a view decorator); add the headers to whatever answers it, or
    answer 429."""
    limiter = ApiLimiter.from_settings(registry.settings)
    if limiter is None:
        return handler

    def api_limit_tween(request):
        path = request.environ.get("PATH_INFO", "")
        if not path.startswith("/api/") or request.method == "OPTIONS":  # a preflight is the browser's
            return handler(request)
        # REMOTE_ADDR, never X-Forwarded-For: behind the proxy, waitress's trusted_proxy settings
        # put the real client there (the same rule as the login throttle).
        allowed, headers = limiter.hit(request.remote_addr)
        # A callback, so the answer an exception view makes (a raised 304, a 503) gets them too.
        request.add_response_callback(lambda _request, response: response.headers.update(headers))
        if allowed:
            return handler(request)
        return problem(429, "Too Many Requests",
                       f"At most {limiter.per_ip.amount} requests per {limiter.per_ip.get_expiry()} s "
                       f"from one address; try again in {headers['Retry-After']} s.")

    return api_limit_tween
