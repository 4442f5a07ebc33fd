"""Hostile values shared by the fuzz and security tests, and the check every response must pass."""
import re

from pyramid.interfaces import IRoutesMapper

# Path parts and parameter values that have broken real sites: operator injection, traversal,
# encodings, huge numbers, markup, control characters.
HOSTILE_TEXT = [
    "__raw__", "__ne", "slug__ne", "number__gt", "$ne", "$gt", "$where", "$regex", '{"$ne": null}',
    '{"$gt": ""}', "[$ne]", "this.constructor", "1; return true", "'; return '' == '",
    "..", "../..", "../../etc/passwd", "%2e%2e%2f", "/", "//", "\\", "\\..\\..\\windows",
    "", " ", "\t", "\x00", "\x7f", "\u202e", "\ufeff", "\ud7ff", "ﬀ", "٦٧", "６７", "²",
    "-1", "0", "00", "+1", "1e9", "1.5", "0x43", "NaN", "Infinity", "99999999999999999999",
    "9" * 400, "a" * 5000, "-" * 300,
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "' OR '1'='1", "%00", "%", "%zz", "%E0%A4%A", "${7*7}", "{{7*7}}", "#{7*7}", "%s%s%s%n",
    "static/../../etc/passwd", "con", "nul", "..;/", "*", "?", "#", "&", "=",
    # Decimal() reads these as numbers; IDN hosts and line breaks in addresses; text outside Latin-1;
    # Markdown and JSON shapes that once took seconds or blew the recursion limit.
    "sNaN", "-Infinity", "1e999999", "9" * 29, "0.001", "https://bücher.example/x",
    "https://example.com/\r\nSet-Cookie: x=1", "https://exa\nmple.com/", "/admin?x=€", "€",
    "![[" * 2000, "[" * 3000, "*_" * 2000, '{"segments": ' + "[" * 1000 + "]" * 1000 + "}",
]

# Parameter names: the ones views read, their operator-injection shapes, and noise.
PARAM_NAMES = [
    "tag", "t", "q", "page", "show", "sort",
    "tag[$ne]", "q[$ne]", "t[$gt]", "tag[]", "q[]", "tag.$ne", "tag__ne", "q__regex", "__raw__",
    "$where", "email[$gt]", "page[$gt]", "__class__", "_query", "_method", "callback",
]

HEADER_NAMES = [
    "Accept", "Accept-Language", "Accept-Encoding", "Accept-Charset", "Cookie", "If-None-Match",
    "If-Modified-Since", "If-Range", "Range", "Referer", "User-Agent", "Authorization", "Origin",
    "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Requested-With", "Content-Type",
    "Cache-Control", "Pragma", "DNT", "X-HTTP-Method-Override",
]

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO"]

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/[^\"]+\.py\", line \d+")


def check_response(response, what: str) -> None:
    """The rule for every request, however hostile: no 5xx, no stack trace."""
    assert response.status_int < 500, f"{what} -> {response.status}"
    body = response.body.decode("utf-8", "replace")
    assert not TRACEBACK.search(body), f"{what} -> stack trace in the body"


def route_patterns(app, exclude_prefixes=("admin",)) -> list[tuple[str, str]]:
    """(name, pattern) of every route the app answers (static files too), admin left out."""
    routes = app.registry.getUtility(IRoutesMapper).get_routes()
    return [(r.name, r.pattern) for r in routes if not r.name.startswith(exclude_prefixes)]


PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}|\*(\w+)")


def placeholders(pattern: str) -> list[str]:
    return [a or b for a, b in PLACEHOLDER.findall(pattern)]


def fill(pattern: str, values: dict) -> str:
    """A path from a route pattern; ``values`` are already percent-encoded."""
    path = PLACEHOLDER.sub(lambda m: values[m.group(1) or m.group(2)], pattern)
    return path if path.startswith("/") else "/" + path
