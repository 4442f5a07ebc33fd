"""Bring a podcast's back catalog in from its RSS feed: ``onair import-feed FILE_OR_URL --show SLUG``.

Two passes. The first reads and checks everything (well-formed XML, every item with a title,
an episode number, a date and an http(s) enclosure; no number or guid twice; nothing that
collides with another show's episodes) and plans each write. Only if the whole feed passes
does the second pass write; should a write still fail, what was written is put back, so a
broken feed never leaves half a catalog behind.

Re-running updates instead of duplicating: an item is matched to an episode by guid first,
then by number. Guids come from the feed and are kept forever.

Notes are stored as Markdown, like every other episode's: feed HTML (content:encoded, or
the description) is cleaned by nh3 to a small set of tags, then converted to Markdown. One
storage form means one renderer and one sanitizer for every note on the site, and imported
notes stay editable in the admin's Markdown field; storing the feed's HTML would have meant a
second, HTML-shaped path through forms and templates.

Guests come from item-level ``podcast:person`` (role guest); transcript links from
``podcast:transcript`` are stored as URLs and never fetched here. feedparser reads the
standard fields; the podcast namespace is read from the XML directly (feedparser keeps only
one of several same-named tags).
"""
from __future__ import annotations

import calendar
import datetime as dt
import html as html_module
import re
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

import feedparser
import mongoengine as me
import nh3
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from markdownify import markdownify

from data.catalog.episode import EPISODE_TYPES, PUBLISHED, Episode, TranscriptLink
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core import changes
from data.core.common import clean_url, make_slug
from data.core.markdown import MAX_MARKDOWN_CHARS

PODCAST_NAMESPACES = ("https://podcastindex.org/namespace/1.0",
                      "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md")
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MAX_FEED_BYTES = 50 * 1024 * 1024
# One item's show notes, as HTML, before they are converted to Markdown (markdownify parses all
# of it); real notes are a few KB, and the Markdown kept is cut to what the forms accept anyway.
MAX_NOTES_HTML = 1024 * 1024
_NOTE_TAGS = {"a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "i", "li", "ol", "p", "pre",
              "strong", "ul"}
_NUMBER_IN_TITLE = re.compile(r"(?:#|\bepisode\s+|\bep\.?\s*)(\d{1,6})\b", re.IGNORECASE)


class FeedImportError(Exception):
    """The feed cannot be imported; the message says why (and where, when it can)."""


@dataclass
class FeedImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    guests_created: list[str] = field(default_factory=list)
    transcript_links: int = 0

    def lines(self) -> list[str]:
        return [f"Created {len(self.created)}, updated {len(self.updated)}, unchanged {len(self.unchanged)} "
                f"episodes; {len(self.guests_created)} new guests; {self.transcript_links} transcript links."]


def read_source(source: str) -> bytes:
    """The feed's bytes from a file or an http(s) URL."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        try:
            request = urllib.request.Request(source, headers={"User-Agent": "onair-import/1.0"})
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http/https only)
                data = response.read(MAX_FEED_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise FeedImportError(f"could not download {source}: {exc}") from None
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_FEED_BYTES + 1)
        except OSError as exc:
            raise FeedImportError(f"could not read {source}: {exc.strerror or exc}") from None
    if len(data) > MAX_FEED_BYTES:
        raise FeedImportError(f"the feed is larger than {MAX_FEED_BYTES // 1048576} MB")
    return data


# ----------------------------------------------------------------------------- reading

def _podcast_children(item, name: str) -> list:
    return [child for ns in PODCAST_NAMESPACES for child in item.findall(f"{{{ns}}}{name}")]


def _xml_items(raw: bytes) -> list:
    try:
        root = SafeET.fromstring(raw)
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f" at line {line}, column {column}" if line else ""
        raise FeedImportError(f"the feed is not well-formed XML{where} ({exc})") from None
    except DefusedXmlException as exc:
        raise FeedImportError(f"the feed uses XML features onair refuses to read ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedImportError("this is XML, but not an RSS feed (no <rss><channel>)")
    return channel.findall("item")


def _seconds(value) -> int:
    text = str(value or "").strip()
    if not text:
        return 0
    try:
        parts = [float(part) for part in text.split(":")]
    except ValueError:
        return 0
    seconds = 0.0
    for part in parts[-3:]:
        seconds = seconds * 60 + part
    return max(0, int(seconds))


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def notes_markdown(html: str) -> str:
    """Feed HTML, cleaned to a few tags by nh3, then written as Markdown."""
    cleaned = nh3.clean(html or "", tags=_NOTE_TAGS, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto"}, link_rel=None)
    return markdownify(cleaned, heading_style="ATX", bullets="-").strip()


def _plain(html: str, limit: int) -> str:
    text = html_module.unescape(re.sub(r"\s+", " ", nh3.clean(html or "", tags=set())).strip())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class _Planned:
    index: int
    guid: str
    number: int
    fields: dict
    guests: list[dict]
    transcripts: list[dict]


def _plan_item(index: int, entry, xml_item) -> _Planned:
    where = f"item {index} ({entry.get('title') or 'untitled'!r})"
    title = (entry.get("title") or "").strip()
    if not title:
        raise FeedImportError(f"item {index} has no title")
    number = _int(entry.get("itunes_episode"))
    if number is None:
        for element in _podcast_children(xml_item, "episode"):
            number = _int(element.text)
        if number is None:
            match = _NUMBER_IN_TITLE.search(title)
            number = int(match.group(1)) if match else None
    if number is None:
        raise FeedImportError(f"{where} has no episode number (itunes:episode, podcast:episode or '#N' in the title)")
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        raise FeedImportError(f"{where} has no pubDate that can be read")
    published_at = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).replace(tzinfo=None)
    enclosures = [e for e in entry.get("enclosures", ()) if e.get("href")]
    if not enclosures:
        raise FeedImportError(f"{where} has no enclosure (the audio file)")
    enclosure = enclosures[0]
    audio_url = _url_or_none(enclosure["href"])
    if audio_url is None:
        raise FeedImportError(f"{where}: the enclosure URL must be an http or https address on one line")
    guid = (entry.get("id") or enclosure["href"]).strip()[:200]
    html = entry["content"][0]["value"] if entry.get("content") else entry.get("summary", "")
    summary_source = entry.get("itunes_subtitle") or entry.get("summary") or ""
    episode_type = str(entry.get("itunes_episodetype") or "full").strip().lower()
    image = (entry.get("image") or {}).get("href")
    fields = {
        "title": title[:300],
        "summary": _plain(summary_source, 2000),
        "notes": notes_markdown(html[:MAX_NOTES_HTML])[:MAX_MARKDOWN_CHARS],
        "published_at": published_at,
        "duration_s": _seconds(entry.get("itunes_duration")),
        "audio_url": audio_url,
        "audio_bytes": _int(enclosure.get("length")) or 0,
        "audio_type": (enclosure.get("type") or "audio/mpeg")[:100],
        "episode_type": episode_type if episode_type in EPISODE_TYPES else "full",
        "season": _int(entry.get("itunes_season")) or None,
        "image_url": _url_or_none(image),
    }
    guests = []
    for person in _podcast_children(xml_item, "person"):
        if (person.get("role") or "host").strip().lower() == "guest" and (person.text or "").strip():
            guests.append({"name": person.text.strip()[:120], "href": person.get("href"), "img": person.get("img")})
    transcripts = []
    for element in _podcast_children(xml_item, "transcript"):
        url = _url_or_none(element.get("url"))
        if url is None:
            raise FeedImportError(f"{where}: a podcast:transcript URL must be an http or https address")
        transcripts.append({"url": url, "type": (element.get("type") or "")[:100],
                            "language": (element.get("language") or None)})
    return _Planned(index, guid, number, fields, guests, transcripts)


def _url_or_none(value) -> str | None:
    """The address as the forms store it (data.core.common.clean_url), or None if it is not one."""
    try:
        return clean_url(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _validate(show: Show, plans: list[_Planned]) -> list[tuple[_Planned, Episode | None]]:
    seen_numbers: dict[int, int] = {}
    seen_guids: dict[str, int] = {}
    matched = []
    for plan in plans:
        if plan.number in seen_numbers:
            raise FeedImportError(f"items {seen_numbers[plan.number]} and {plan.index} both say episode {plan.number}")
        if plan.guid in seen_guids:
            raise FeedImportError(f"items {seen_guids[plan.guid]} and {plan.index} share the guid {plan.guid!r}")
        seen_numbers[plan.number], seen_guids[plan.guid] = plan.index, plan.index
        by_guid = Episode.objects(guid=plan.guid).first()
        if by_guid is not None and by_guid.show.id != show.id:
            raise FeedImportError(f"item {plan.index}: guid {plan.guid!r} belongs to an episode of another show")
        by_number = Episode.objects(show=show, number=plan.number).first()
        if by_guid is not None and by_number is not None and by_guid.id != by_number.id:
            raise FeedImportError(f"item {plan.index}: its guid matches episode {by_guid.number} "
                                  f"but its number is taken by another episode")
        episode = by_guid or by_number
        candidate = Episode(show=show, number=plan.number, slug=make_slug(plan.fields["title"]),
                            guid=plan.guid, **plan.fields)
        candidate.transcript_links = [TranscriptLink(**link) for link in plan.transcripts]
        try:
            candidate.validate()
        except me.ValidationError as exc:
            raise FeedImportError(f"item {plan.index}: {exc.message}; "
                                  + "; ".join(f"{k}: {v}" for k, v in (exc.to_dict() or {}).items())) from None
        matched.append((plan, episode))
    return matched


def import_feed(raw: bytes, show_slug: str, progress: Callable[[int, int, str], None] | None = None) -> FeedImportReport:
    show = Show.objects(slug=str(show_slug)).first()
    if show is None:
        raise FeedImportError(f"there is no show {show_slug!r} (create it first)")
    xml_items = _xml_items(raw)
    parsed = feedparser.parse(raw)
    if len(parsed.entries) != len(xml_items):
        raise FeedImportError("the feed's items could not all be read")
    if not xml_items:
        raise FeedImportError("the feed has no items")
    plans = [_plan_item(n, entry, item) for n, (entry, item) in enumerate(zip(parsed.entries, xml_items), 1)]
    matched = _validate(show, plans)

    report = FeedImportReport()
    undo: list[Callable[[], None]] = []
    try:
        for done, (plan, episode) in enumerate(matched, 1):
            _write(show, plan, episode, report, undo)
            if progress:
                progress(done, len(matched), "items")
    except Exception:
        for step in reversed(undo):
            step()
        raise
    return report


def _guest_refs(plan: _Planned, report: FeedImportReport, undo: list) -> list[Guest]:
    guests = []
    for person in plan.guests:
        slug = make_slug(person["name"])
        guest = Guest.objects(slug=slug).first()
        if guest is None:
            guest = Guest(slug=slug, name=person["name"],
                          photo_url=_url_or_none(person["img"]))
            guest.save()
            undo.append(guest.delete)
            report.guests_created.append(guest.name)
        guests.append(guest)
    return guests


def _restore(document: dict) -> None:
    Episode._get_collection().replace_one({"_id": document["_id"]}, document)
    changes.record("episode", document["_id"])  # so derived indexes re-read it


def _write(show: Show, plan: _Planned, episode: Episode | None, report: FeedImportReport, undo: list) -> None:
    guests = _guest_refs(plan, report, undo)
    links = [TranscriptLink(**link) for link in plan.transcripts]
    report.transcript_links += len(links)
    label = f"#{plan.number} {plan.fields['title']}"
    if episode is None:
        episode = Episode(show=show, number=plan.number, slug=make_slug(plan.fields["title"]), guid=plan.guid,
                          state=PUBLISHED, guests=guests, transcript_links=links, **plan.fields)
        episode.save()
        undo.append(episode.delete)
        report.created.append(label)
        return
    before = episode.to_mongo().to_dict()
    for name, value in plan.fields.items():
        setattr(episode, name, value)
    episode.number = plan.number
    if guests:
        episode.guests = guests
    if links:
        episode.transcript_links = links
    episode.state = PUBLISHED
    changed = {k: v for k, v in episode.to_mongo().to_dict().items() if before.get(k) != v}
    changed.pop("notes_html", None)
    if not changed:
        report.unchanged.append(label)
        return
    episode.touch()
    episode.save()
    undo.append(lambda: _restore(before))
    report.updated.append(label)
