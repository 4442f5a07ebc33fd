"""application/problem+json answers (RFC 9457), and the CORS headers every public read carries."""
import json

from pyramid.response import Response

ALLOW = "GET, HEAD, OPTIONS"
# Public reads: any page may call them, read their errors and the headers a client needs.
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": ("ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
                                                  "RateLimit-Reset, RateLimit-Policy")}


def problem(status: int, title: str, detail: str) -> Response:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    response = Response(body, status=status, content_type="application/problem+json", charset="utf-8")
    response.headers.update(CORS)
    response.headers["Cache-Control"] = "no-store"
    return response
