"""Time pages by calling the WSGI app directly (no sockets, no server threads)."""
from __future__ import annotations

import math
import time

from webob import Request

HOST = "localhost"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def get(app, path: str, headers: dict | None = None):
    request = Request.blank(path, environ={"HTTP_HOST": HOST, "wsgi.url_scheme": "http"})
    for name, value in (headers or {}).items():
        request.headers[name] = value
    return request.get_response(app)


def probe(app, path: str):
    """One request, for discovering whether a page exists and what it answers."""
    return get(app, path)


def time_page(app, paths: list[str], requests: int, warmup: int = 1, headers: dict | None = None,
              expect: int = 200, before_each=None) -> dict:
    """``requests`` GETs cycling through ``paths``; latency percentiles in milliseconds.

    The first ``warmup`` requests per path (template compilation, first query plans) are
    not counted; what a page costs on its very first request is reported as ``first_ms``.
    ``before_each`` runs outside the clock before every timed request (emptying a cache, say).
    """
    first = None
    for path in paths:
        for _ in range(warmup):
            started = time.perf_counter()
            get(app, path, headers)
            if first is None:
                first = (time.perf_counter() - started) * 1000
    samples, unexpected, size = [], 0, 0
    clock = time.perf_counter
    for i in range(requests):
        path = paths[i % len(paths)]
        if before_each is not None:
            before_each()
        started = clock()
        response = get(app, path, headers)
        body = response.body  # the whole body is produced inside the timing
        samples.append((clock() - started) * 1000)
        if response.status_code != expect:
            unexpected += 1
        size = len(body)
    samples.sort()
    return {
        "requests": requests, "paths": len(paths), "p50_ms": percentile(samples, 0.50),
        "p99_ms": percentile(samples, 0.99), "max_ms": samples[-1], "first_ms": first,
        "unexpected": unexpected, "bytes": size,
    }
