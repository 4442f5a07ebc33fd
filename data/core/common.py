"""Pieces several documents share."""
from __future__ import annotations

import datetime as dt

import mongoengine as me
from slugify import slugify

from data.core.markdown import render_markdown

SAFE_URL_SCHEMES = ("http", "https")


def utcnow() -> dt.datetime:
    """Naive UTC, as BSON stores datetimes (millisecond precision)."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def make_slug(text: str, max_length: int = 80) -> str:
    return slugify(text or "", max_length=max_length, word_boundary=True) or "item"


def is_safe_url(url: str | None) -> bool:
    """Only http(s) links are ever stored or rendered: no javascript:, data:, etc."""
    if not url:
        return False
    scheme, sep, rest = url.strip().partition(":")
    return bool(sep) and scheme.lower() in SAFE_URL_SCHEMES and rest.startswith("//") and len(rest) > 2


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
