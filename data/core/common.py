"""Pieces several documents share."""
from __future__ import annotations

import datetime as dt
import hmac
import re
from urllib.parse import quote, urlsplit, urlunsplit

import mongoengine as me
from slugify import slugify

from data.core.markdown import render_markdown

SAFE_URL_SCHEMES = ("http", "https")


def utcnow() -> dt.datetime:
    """Naive UTC, as BSON stores datetimes (millisecond precision)."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def same_secret(given, expected) -> bool:
    """Constant-time comparison of a secret someone sent with the real one. As UTF-8 bytes:
    ``hmac.compare_digest`` raises on str with non-ASCII characters, and sent text may have any."""
    return hmac.compare_digest(str(given or "").encode("utf-8", "surrogatepass"),
                               str(expected or "").encode("utf-8", "surrogatepass"))


def make_slug(text: str, max_length: int = 80) -> str:
    return slugify(text or "", max_length=max_length, word_boundary=True) or "item"


_URL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that keep their meaning in a URL, and "%" so that escapes already there stay as written.
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"
_ENCODED_TEXT = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def is_safe_url(url: str | None) -> bool:
    """Only http(s) links are ever stored or rendered: no javascript:, data:, etc., and no
    control characters (a CR or LF in a Location header splits the response)."""
    if not url or _URL_CONTROLS.search(url):
        return False
    scheme, sep, rest = url.strip().partition(":")
    return bool(sep) and scheme.lower() in SAFE_URL_SCHEMES and rest.startswith("//") and len(rest) > 2


def clean_url(url: str) -> str:
    """``url`` as onair stores and sends it: http(s) only, no control characters, the host in
    its ASCII form (IDNA: bücher.example -> xn--bcher-kva.example) and anything else that is
    not ASCII percent-encoded. A Location header must be Latin-1 (waitress refuses anything
    else with a bare 500), and every podcast app can read ASCII. Raises ValueError with a
    message for people."""
    url = url.strip()
    if _URL_CONTROLS.search(url):  # checked first: urlsplit silently drops tabs and newlines
        raise ValueError("The address contains a line break or another control character; "
                         "type it on one line.")
    if not is_safe_url(url):
        raise ValueError("Only http:// and https:// addresses are allowed, "
                         "for example https://example.com/episode-42.mp3.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("The server part of the address cannot be read (a port that is "
                         "not a number, or an unclosed [ ).") from None
    host = parts.hostname or ""
    if not host:
        raise ValueError("The address has no server name, like https://example.com/.")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"“{parts.hostname[:80]}” is not a valid domain name.") from None
    userinfo, at, _ = parts.netloc.rpartition("@")
    netloc = (quote(userinfo, safe=_URL_SAFE) + at if at else "") + (f"[{host}]" if ":" in host else host)
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))


def readable_url(url: str | None) -> str:
    """A stored address as a person reads it: the host in Unicode and the encoded words of
    the path as text. For showing only; links always use the stored ASCII form."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if "xn--" in host:
            shown = host.encode("ascii").decode("idna")
            url = url.replace(host, shown, 1) if host in url else url
    except (ValueError, UnicodeError):
        return url

    def words(match: re.Match) -> str:
        try:
            text = bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)
        return text if text.isprintable() and not any(ch.isspace() for ch in text) else match.group(0)

    return _ENCODED_TEXT.sub(words, url)


class SafeURLField(me.StringField):
    """A URL limited to http and https."""

    def validate(self, value):
        super().validate(value)
        if value and not is_safe_url(value):
            self.error("Only http:// and https:// links are allowed")


class Link(me.EmbeddedDocument):
    title = me.StringField(required=True, max_length=200)
    url = SafeURLField(required=True, max_length=2000)


class Timestamped(me.Document):
    """created_at / updated_at, and a version number for lost-update checks."""

    meta = {"abstract": True}
    created_at = me.DateTimeField(default=utcnow)
    updated_at = me.DateTimeField(default=utcnow)
    version = me.IntField(default=1)

    def touch(self) -> None:
        self.updated_at = utcnow()
        self.version = (self.version or 0) + 1


class MarkdownRendered:
    """Mixin: Markdown fields are rendered and sanitized once, on save, into a stored HTML field.

    ``markdown_fields`` maps the source field to its HTML field. ``html(name)`` returns the
    stored HTML, or renders it now for a document saved before that field existed.
    """

    markdown_fields: dict[str, str] = {}

    def render_markdown_fields(self) -> None:
        for source, target in self.markdown_fields.items():
            setattr(self, target, render_markdown(getattr(self, source)))

    def html(self, source: str) -> str:
        stored = getattr(self, self.markdown_fields[source])
        return stored if stored or not getattr(self, source) else render_markdown(getattr(self, source))
