"""Bring a podcast's back catalog in from its feed: ``onair import-feed FILE_OR_URL --show SLUG``.

The aim is to read a feed the way podcast apps do (gPodder's podcastparser and feedparser are
the references the tests hold us to): RSS 2.0 or Atom, with or without the usual namespaces
declared. XML faults that apps shrug off are repaired and reported, each once: a namespace
prefix used without a declaration is declared (with the URI the prefix always means, so
``itunes:episode`` still counts), HTML entities like ``&nbsp;`` and bare ``&`` are escaped,
control characters dropped, and bytes that are not the declared encoding read as
Windows-1252. Anything else that is not well-formed is refused with its line and column.

Two passes. The first reads every item and plans its write; an item that cannot become an
episode (no playable media, a guid of another show's episode, a number twice) is skipped with
its reason and the rest go on. ``strict`` makes any skipped item refuse the whole feed, and
``dry_run`` stops after the plan. Should a write fail under ``strict``, what was written is put
back.

The media is chosen by type (audio/*, video/*), then by file extension when the type is missing
or generic, from ``<enclosure>``, ``media:content``, ``media:group`` and Atom's
``rel="enclosure"`` links; images are never taken. URLs are trimmed and relative ones resolved
against ``xml:base`` or the feed's own URL.

Numbers: ``itunes:episode`` / ``podcast:episode``, then (``numbering="auto"``) "Episode 12" or
"#12" in the title; items without one are numbered in publication order after the highest
number the show and the feed already have. Re-running updates instead of duplicating: an item
is matched to an episode by guid, then by enclosure URL, then by its feed number. Guids come
from the feed and are kept forever.

Notes are stored as Markdown, like every other episode's: feed HTML (content:encoded, or the
description) is cleaned by nh3 to a small set of tags, then converted to Markdown. One storage
form means one renderer and one sanitizer for every note on the site.
"""
from __future__ import annotations

import calendar
import hashlib
import datetime as dt
import html as html_module
import html.entities
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

import feedparser.datetimes
import mongoengine as me
import nh3
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from markdownify import markdownify

from data.catalog.episode import EPISODE_TYPES, PUBLISHED, Chapter, Episode, Person, TranscriptLink
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core import changes
from data.core.common import Link, clean_url, is_safe_url, make_slug, utcnow
from data.core.markdown import MAX_MARKDOWN_CHARS

MAX_FEED_BYTES = 50 * 1024 * 1024
# One item's show notes, as HTML, before they are converted to Markdown (markdownify parses all
# of it); real notes are a few KB, and the Markdown kept is cut to what the forms accept anyway.
MAX_NOTES_HTML = 1024 * 1024
_NOTE_TAGS = {"a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "i", "li", "ol", "p", "pre",
              "strong", "ul"}
_NUMBER_IN_TITLE = re.compile(r"(?:#|\bepisode\s+|\bep\.?\s*)(\d{1,6})\b", re.IGNORECASE)
NUMBERING = ("auto", "feed", "order")

# What a prefix means when a feed forgets to declare it, and the URIs we recognise for each
# (compared without scheme, case or trailing slash: feeds vary all three).
PREFIX_URIS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
    "googleplay": "http://www.google.com/schemas/play-podcasts/1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "spotify": "http://www.spotify.com/ns/rss",
}
_EXTRA_URIS = {"github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
               "podcastindex.org/namespace/1.0": "podcast"}
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

MEDIA_EXTENSIONS = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "video/mp4", ".m4v": "video/x-m4v",
                    ".opus": "audio/opus", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".aac": "audio/aac",
                    ".flac": "audio/flac", ".wav": "audio/wav"}
GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/binary",
                 "application/x-unknown", "application/unknown", "application/download",
                 "application/force-download", "audio", "video"}


class FeedImportError(Exception):
    """The feed cannot be imported; the message says why (and where, when it can)."""


class _Skip(Exception):
    """This item cannot become an episode; the message says why."""


@dataclass
class FeedImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    warnings: list[str] = field(default_factory=list)
    numbered: list[str] = field(default_factory=list)
    show_fields: list[str] = field(default_factory=list)
    guests_created: list[str] = field(default_factory=list)
    transcript_links: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        out = [f"  feed: {w}" for w in self.warnings]
        out += [f"  show: {s}" for s in self.show_fields]
        out += [f"  numbered: {n}" for n in self.numbered]
        out += [f"  skipped: {item}: {reason}" for item, reason in self.skipped]
        verb = "Would create" if self.dry_run else "Created"
        out.append(f"{verb} {len(self.created)}, updated {len(self.updated)}, unchanged {len(self.unchanged)} "
                   f"episodes; {len(self.guests_created)} new guests; {self.transcript_links} transcript links; "
                   f"skipped {len(self.skipped)} items.")
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        return out


def read_source(source: str) -> bytes:
    """The feed's bytes from a file or an http(s) URL."""
    source = source.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE) and not is_safe_url(source):
        raise FeedImportError(f"{source} is not an http or https URL (or a file)")
    if is_safe_url(source):
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


# ----------------------------------------------------------------------------- XML, repaired

_PREFIX_USE = re.compile(rb"<(?:/)?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=\s*[\"']")
_PREFIX_DECL = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_BARE_AMP = re.compile(rb"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENCODING_DECL = re.compile(rb"^(<\?xml[^>]*encoding\s*=\s*[\"'])([^\"']+)([\"'])")


def _root_start(data: bytes) -> re.Match | None:
    """The root element's start tag, past the prolog's comments."""
    position = 0
    while True:
        match = _ROOT_TAG.search(data, position)
        comment = data.find(b"<!--", position)
        if match is None or comment < 0 or comment > match.start():
            return match
        end = data.find(b"-->", comment + 4)
        if end < 0:
            return None
        position = end + 3


def _declare_prefixes(data: bytes) -> tuple[bytes, list[str]]:
    used = {(m.group(1) or m.group(2)).decode("ascii", "replace") for m in _PREFIX_USE.finditer(data)}
    declared = {m.group(1).decode("ascii", "replace") for m in _PREFIX_DECL.finditer(data)}
    missing = sorted(used - declared - {"xml", "xmlns"})
    root = _root_start(data)
    if not missing or root is None:
        return data, []
    declarations = b"".join(
        f' xmlns:{prefix}="{PREFIX_URIS.get(prefix, "urn:onair:undeclared:" + prefix)}"'.encode() for prefix in missing)
    return data[:root.end()] + declarations + data[root.end():], missing


def _replace_entities(data: bytes) -> tuple[bytes, list[str]]:
    names: set[str] = set()

    def numeric(match):
        name = match.group(1).decode()
        if name in ("amp", "lt", "gt", "quot", "apos") or name not in html.entities.name2codepoint:
            return match.group(0)
        names.add(name)
        return f"&#{html.entities.name2codepoint[name]};".encode()

    return _ENTITY.sub(numeric, data), sorted(names)


def _to_utf8(data: bytes) -> tuple[bytes, str]:
    declared = _ENCODING_DECL.match(data)
    encoding = declared.group(2).decode("ascii", "replace") if declared else "utf-8"
    try:
        data.decode(encoding)
        return data, ""
    except (LookupError, UnicodeDecodeError):
        try:
            data.decode("utf-8")
            fixed, actual = data, "UTF-8"
        except UnicodeDecodeError:
            fixed, actual = data.decode("cp1252", errors="replace").encode("utf-8"), "Windows-1252"
        if declared:
            fixed = _ENCODING_DECL.sub(rb"\g<1>utf-8\g<3>", fixed, count=1)
        return fixed, f"{encoding} but is not (read as {actual})"


def parse_xml(raw: bytes) -> tuple[object, list[str]]:
    """The feed's root element, after the repairs podcast apps make silently; and what was repaired."""
    data = (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).lstrip()
    warnings: list[str] = []
    tried: set[str] = set()
    while True:
        try:
            return SafeET.fromstring(data), warnings
        except DefusedXmlException as exc:
            raise FeedImportError(f"the feed uses XML features onair refuses to read ({exc})") from None
        except SafeET.ParseError as exc:
            message = str(exc)
            line, column = getattr(exc, "position", (None, None))
            fixed = data
            if "unbound prefix" in message and "prefix" not in tried:
                tried.add("prefix")
                fixed, prefixes = _declare_prefixes(data)
                if prefixes:
                    warnings.append("undeclared namespace prefix " + ", ".join(
                        f"'{p}:' (read as {PREFIX_URIS.get(p, 'an unknown namespace')})" for p in prefixes))
            elif "undefined entity" in message and "entity" not in tried:
                tried.add("entity")
                fixed, names = _replace_entities(data)
                if names:
                    warnings.append("HTML entities that XML does not define: "
                                    + ", ".join(f"&{n};" for n in names) + " (read as the characters they name)")
            elif "encoding" in message and "encoding" not in tried:
                tried.add("encoding")
                fixed, claimed = _to_utf8(data)
                if claimed:
                    warnings.append(f"the feed says it is {claimed}")
            elif "invalid token" in message or "not well-formed" in message:
                for repair in ("amp", "control", "encoding"):
                    if repair in tried:
                        continue
                    tried.add(repair)
                    if repair == "amp":
                        fixed, count = _BARE_AMP.subn(b"&amp;", data)
                        if count:
                            warnings.append(f"{count} bare '&' not written as &amp; (read as '&')")
                    elif repair == "control":
                        fixed, count = _CONTROL.subn(b"", data)
                        if count:
                            warnings.append(f"{count} control characters that XML forbids (dropped)")
                    else:
                        fixed, claimed = _to_utf8(data)
                        if claimed:
                            warnings.append(f"the feed says it is {claimed}")
                    if fixed != data:
                        break
            if fixed == data:
                where = f" at line {line}, column {column}" if line else ""
                raise FeedImportError(f"the feed is not well-formed XML{where} ({_excerpt(data, line, column)}"
                                      f"{message.split(':')[0]})") from None
            data = fixed


def _excerpt(data: bytes, line, column) -> str:
    if not line:
        return ""
    lines = data.split(b"\n")
    if line - 1 >= len(lines):
        return ""
    text = lines[line - 1].decode("utf-8", "replace")
    start = max(0, (column or 0) - 30)
    return f"near {text[start:start + 60].strip()!r}: "


def _prefix_for(uri: str) -> str | None:
    bare = uri.split("://", 1)[-1].rstrip("/").lower()
    for prefix, known in PREFIX_URIS.items():
        if known.split("://", 1)[-1].rstrip("/").lower() == bare:
            return prefix
    return _EXTRA_URIS.get(bare)


def _simplify(root) -> None:
    """Tags as ``prefix:name`` for the namespaces we read (``name`` for plain RSS), so the
    readers below do not care which URI variant or prefix a feed used."""
    cache: dict[str, str] = {}
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith("{"):
            continue
        name = cache.get(tag)
        if name is None:
            uri, local = tag[1:].split("}", 1)
            prefix = _prefix_for(uri)
            name = cache[tag] = f"{prefix}:{local}" if prefix else tag
        element.tag = name


# ----------------------------------------------------------------------------- values

def _findall(parent, path: str) -> list:
    """Children by simplified tag, ``a/b`` for grandchildren (ElementPath would read the
    prefixes as namespaces)."""
    found = [parent]
    for step in path.split("/"):
        found = [child for element in found for child in element if child.tag == step]
    return found


def _find(parent, path: str):
    found = _findall(parent, path)
    return found[0] if found else None


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _first_text(parent, *tags) -> str:
    for tag in tags:
        for child in _findall(parent, tag):
            value = _text(child)
            if value:
                return value
    return ""


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


def _positive(value: str) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _date(text: str) -> dt.datetime | None:
    if not text:
        return None
    parsed = feedparser.datetimes._parse_date(text.strip())
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).replace(tzinfo=None)


def notes_markdown(html: str) -> str:
    """Feed HTML, cleaned to a few tags by nh3, then written as Markdown."""
    cleaned = nh3.clean(html or "", tags=_NOTE_TAGS, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto"}, link_rel=None)
    return markdownify(cleaned, heading_style="ATX", bullets="-").strip()


def _plain(html: str, limit: int) -> str:
    text = html_module.unescape(re.sub(r"\s+", " ", nh3.clean(html or "", tags=set())).strip())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _resolve(url: str, base: str | None) -> str:
    """Trimmed, resolved against the base, scheme and host lower-cased (as podcast apps do)."""
    url = (url or "").strip()
    if base and url:
        url = urllib.parse.urljoin(base, url)
    if is_safe_url(url):
        try:
            url = clean_url(url)  # as the forms store it: one line, the host in ASCII (IDNA)
        except ValueError:
            return ""  # a line break or a broken host: _url_problem says which
        parts = urllib.parse.urlsplit(url)
        url = urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                                       parts.query, parts.fragment))
    return url


def _base(parent_base: str | None, element) -> str | None:
    own = (element.get(XML_BASE) or "").strip()
    if not own:
        return parent_base
    return urllib.parse.urljoin(parent_base, own) if parent_base else own


def _url_problem(what: str, raw: str, resolved: str, base: str | None) -> str | None:
    if is_safe_url(resolved):
        return None
    if not raw.strip():
        return f"the {what} has no URL"
    if not re.match(r"^[a-z][a-z0-9+.-]*:", raw.strip(), re.IGNORECASE) and not base:
        return (f"the {what} URL {raw.strip()!r} is relative and the feed gives no base to resolve it "
                "(xml:base, or import with --base-url)")
    try:
        clean_url(raw)
    except ValueError as exc:
        return f"the {what} URL {raw.strip()!r}: {exc}"
    return f"the {what} URL {raw.strip()!r} is not http or https"


def _extension(url: str) -> str:
    return os.path.splitext(urllib.parse.urlsplit(url).path)[1].lower()


# ----------------------------------------------------------------------------- one item

@dataclass
class _Item:
    index: int
    label: str
    guid: str
    fields: dict
    feed_number: int | None = None
    title_number: int | None = None
    dated: bool = True
    guests: list[dict] = field(default_factory=list)
    transcripts: list[dict] = field(default_factory=list)
    number: int | None = None
    episode: Episode | None = None
    html: str = ""  # converted to Markdown only when the episode is written
    digest: str = ""


def _media_candidates(item, base: str | None) -> list[tuple[str, str, str, str, str, str | None]]:
    """(what, raw url, resolved url, type, length, medium) of every media link, in document order."""
    found = []

    def add(what, element, url_attr, length_attr, element_base):
        raw = element.get(url_attr) or ""
        found.append((what, raw, _resolve(raw, element_base), (element.get("type") or "").strip().lower(),
                      element.get(length_attr) or "", (element.get("medium") or "").strip().lower() or None))

    for element in item:
        tag = element.tag
        element_base = _base(base, element)
        if tag == "enclosure":
            add("enclosure", element, "url", "length", element_base)
        elif tag == "media:content":
            add("media:content", element, "url", "fileSize", element_base)
        elif tag == "media:group":
            contents = _findall(element, "media:content")
            contents.sort(key=lambda c: (c.get("isDefault") or "").lower() != "true")
            for content in contents:
                add("media:group", content, "url", "fileSize", _base(element_base, content))
        elif tag == "atom:link" and (element.get("rel") or "") == "enclosure":
            add("enclosure link", element, "href", "length", element_base)
    return found


def _choose_media(item, base: str | None) -> tuple[str, str, int]:
    candidates = _media_candidates(item, base)
    if not candidates:
        raise _Skip("no enclosure or media:content (no audio or video to play)")
    problems, choice = [], None
    for by_type in (True, False):
        for what, raw, url, media_type, length, medium in candidates:
            generic = media_type in GENERIC_TYPES or "/" not in media_type
            if medium == "image" or media_type.startswith("image/"):
                continue
            if by_type:
                if generic or not (media_type.startswith(("audio/", "video/")) or media_type == "application/ogg"):
                    continue
                chosen_type = media_type
            else:
                if not generic or _extension(url or raw) not in MEDIA_EXTENSIONS:
                    continue
                chosen_type = MEDIA_EXTENSIONS[_extension(url or raw)]
                if medium == "video" and chosen_type.startswith("audio/"):
                    chosen_type = "video/" + chosen_type.split("/", 1)[1]
            problem = _url_problem(what, raw, url, base)
            if problem:
                problems.append(problem)
                continue
            choice = (url, chosen_type[:100], _positive(length) or 0)
            break
        if choice:
            return choice
    if problems:
        raise _Skip(problems[0])
    seen = "; ".join(f"{what} {(url or raw).strip()!r} ({media_type or 'no type'})"
                     for what, raw, url, media_type, _length, _medium in candidates)
    raise _Skip(f"no audio or video among its media: {seen}")


def _read_item(index: int, item, base: str | None, atom: bool, warnings: list[str]) -> _Item:
    base = _base(base, item)
    raw_title = _first_text(item, "atom:title" if atom else "title", "itunes:title")
    title = re.sub(r"\s+", " ", raw_title).strip()
    guid = _first_text(item, "atom:id" if atom else "guid")
    link = _first_text(item, "link") if not atom else ""
    if atom and not link:
        for element in _findall(item, "atom:link"):
            if (element.get("rel") or "alternate") == "alternate":
                link = _resolve(element.get("href") or "", base)
                break
    label = f"item {index} ({title!r})" if title else f"item {index} (guid {guid!r})" if guid else f"item {index}"
    try:
        audio_url, audio_type, audio_bytes = _choose_media(item, base)
    except _Skip as exc:
        raise _Skip(label, str(exc)) from None
    guid = guid or link or audio_url
    if not title:
        title = os.path.splitext(os.path.basename(urllib.parse.urlsplit(audio_url).path))[0] or guid
        warnings.append(f"{label} has no title; titled {title!r} from its media file name")
        label = f"item {index} ({title!r})"
    if len(title) > 300:
        warnings.append(f"{label}: the title is {len(title)} characters; kept the first 300")
        title = title[:300]

    date_text = _first_text(item, *(("atom:published", "atom:updated") if atom else ("pubDate", "dc:date")))
    published_at = _date(date_text)
    if date_text and published_at is None:
        warnings.append(f"{label}: the date {date_text!r} is not one podcast apps read")

    feed_number, title_number = None, None
    for tag in ("itunes:episode", "podcast:episode"):
        value = _first_text(item, tag)
        if value:
            feed_number = _positive(value)
            if feed_number is None:
                warnings.append(f"{label}: {tag} {value!r} is not a positive whole number; numbered as if it had none")
            break
    match = _NUMBER_IN_TITLE.search(title)
    if match:
        title_number = _positive(match.group(1))

    html = (_first_text(item, "content:encoded") or
            (_first_text(item, "atom:content", "atom:summary") if atom else _first_text(item, "description"))
            or _first_text(item, "itunes:summary", "media:description"))
    summary_source = (_first_text(item, "itunes:summary") or
                      (_first_text(item, "atom:summary") if atom else _first_text(item, "description")) or html)
    episode_type = _first_text(item, "itunes:episodeType").lower()
    season = _positive(_first_text(item, "itunes:season", "podcast:season"))
    explicit = _first_text(item, "itunes:explicit").lower()
    image = None
    for tag, attr in (("itunes:image", "href"), ("media:thumbnail", "url"), ("media:group/media:thumbnail", "url")):
        element = _find(item, tag)
        if element is not None and element.get(attr):
            candidate = _resolve(element.get(attr), _base(base, element))
            if is_safe_url(candidate):
                image = candidate
                break
            warnings.append(f"{label}: the {tag} URL {element.get(attr).strip()!r} is not http(s); not kept")
    chapters_url = None
    element = _find(item, "podcast:chapters")
    if element is not None and element.get("url"):
        chapters_url = _resolve(element.get("url"), base)
        if not is_safe_url(chapters_url):
            warnings.append(f"{label}: the podcast:chapters URL {element.get('url').strip()!r} is not http(s); not kept")
            chapters_url = None
    chapters = []
    for element in _findall(item, "psc:chapters/psc:chapter"):
        start, chapter_title = element.get("start"), (element.get("title") or "").strip()
        if not start or not chapter_title:
            warnings.append(f"{label}: a psc:chapter without start or title (dropped)")
            continue
        try:
            start_s = sum(float(part) * 60 ** n for n, part in enumerate(reversed(start.strip().split(":"))))
        except ValueError:
            warnings.append(f"{label}: psc:chapter start {start!r} is not a time (dropped)")
            continue
        href, chapter_image = _resolve(element.get("href") or "", base), _resolve(element.get("image") or "", base)
        chapters.append({"start_s": start_s, "title": chapter_title[:300],
                         "href": href if is_safe_url(href) else None,
                         "image": chapter_image if is_safe_url(chapter_image) else None})

    people, guests = [], []
    for element in _findall(item, "podcast:person"):
        name = _text(element)[:120]
        if not name:
            continue
        href, img = _resolve(element.get("href") or "", base), _resolve(element.get("img") or "", base)
        person = {"name": name, "role": (element.get("role") or "host").strip().lower()[:60],
                  "group": (element.get("group") or "cast").strip().lower()[:60],
                  "href": href if is_safe_url(href) else None, "img": img if is_safe_url(img) else None}
        people.append(person)
        if person["role"] == "guest":
            guests.append(person)
    transcripts = []
    for element in _findall(item, "podcast:transcript"):
        raw = element.get("url") or ""
        url = _resolve(raw, base)
        if not is_safe_url(url):
            warnings.append(f"{label}: {_url_problem('podcast:transcript', raw, url, base)} (link not kept)")
            continue
        transcripts.append({"url": url, "type": (element.get("type") or "").strip()[:100],
                            "language": (element.get("language") or "").strip()[:20] or None})

    fields = {
        "title": title,
        "subtitle": _plain(_first_text(item, "itunes:subtitle"), 1000),
        "summary": _plain(summary_source, 2000),
        "published_at": published_at,
        "duration_s": _seconds(_first_text(item, "itunes:duration")),
        "audio_url": audio_url,
        "audio_bytes": audio_bytes,
        "audio_type": audio_type,
        "episode_type": episode_type if episode_type in EPISODE_TYPES else "full",
        "season": season,
        "explicit": True if explicit in ("yes", "true", "explicit") else False if explicit in ("no", "false", "clean") else None,
        "image_url": image,
        "chapters_url": chapters_url,
        "chapters": [Chapter(**c) for c in chapters],
        "people": [Person(**p) for p in people],
    }
    # What this item was, so a re-run can tell an unchanged item without converting its notes.
    digest = hashlib.sha256(SafeET.tostring(item) + (base or "").encode()).hexdigest()
    return _Item(index, label, guid, fields, feed_number, title_number, published_at is not None,
                 guests, transcripts, html=html, digest=digest)


# ----------------------------------------------------------------------------- the feed

def _channel_fields(show: Show, channel, base: str | None, atom: bool, report: FeedImportReport) -> dict:
    """Show fields the feed has and the show lacks (empty, or still the default)."""
    found: dict = {}
    if not atom:
        image = _find(channel, "itunes:image")
        artwork = _resolve(image.get("href") or "", base) if image is not None else ""
        if not is_safe_url(artwork):
            artwork = _resolve(_first_text(channel, "image/url"), base)
        if is_safe_url(artwork):
            found["artwork_url"] = artwork
        language = _first_text(channel, "language")
        if language:
            found["language"] = language[:20]
        category = _find(channel, "itunes:category")
        if category is not None and category.get("text"):
            found["category"] = category.get("text").strip()[:100]
            sub = _find(category, "itunes:category")
            if sub is not None and sub.get("text"):
                found["subcategory"] = sub.get("text").strip()[:100]
        author = _first_text(channel, "itunes:author", "itunes:owner/itunes:name")
        if author:
            found["owner_name"] = author[:120]
        guid = _first_text(channel, "podcast:guid")
        if guid:
            found["podcast_guid"] = guid[:100]
        funding = _find(channel, "podcast:funding")
        if funding is not None and is_safe_url(_resolve(funding.get("url") or "", base)):
            found["funding_url"] = _resolve(funding.get("url"), base)
            found["funding_text"] = _text(funding)[:200] or None
        hosts = [_text(p)[:120] for p in _findall(channel, "podcast:person")
                 if (p.get("role") or "host").strip().lower() == "host" and _text(p)]
        if hosts:
            found["hosts"] = hosts
    else:
        found_lang = channel.get("{http://www.w3.org/XML/1998/namespace}lang")
        if found_lang:
            found["language"] = found_lang[:20]
        author = _first_text(channel, "atom:author/atom:name")
        if author:
            found["owner_name"] = author[:120]
        icon = _resolve(_first_text(channel, "atom:logo", "atom:icon"), base)
        if is_safe_url(icon):
            found["artwork_url"] = icon
    wanted = {}
    for name, value in found.items():
        current = getattr(show, name)
        default = Show._fields[name].default
        default = default() if callable(default) else default
        if (not current or current == default) and value and value != current:
            wanted[name] = value
            report.show_fields.append(f"{name} set to {value!r} from the feed")
    return wanted


def _chronological(items: list[_Item]) -> list[_Item]:
    """Oldest first. Undated items keep their place in the feed, between their neighbours."""
    dated = [i.fields["published_at"] for i in items if i.dated]
    newest_first = sum(a > b for a, b in zip(dated, dated[1:])) >= sum(a < b for a, b in zip(dated, dated[1:]))
    ordered = list(reversed(items)) if newest_first and len(dated) > 1 else list(items)
    if len(dated) <= 1 and items and not items[0].dated:
        ordered = list(reversed(items))  # feeds list the newest first unless they say otherwise
    key, keys = None, []
    for item in ordered:
        key = item.fields["published_at"] if item.dated else key
        keys.append(key)
    first = next((k for k in keys if k is not None), None)
    ranked = sorted(range(len(ordered)), key=lambda n: (keys[n] or first or dt.datetime.min, n))
    return [ordered[n] for n in ranked]


def _date_undated(items: list[_Item], channel_date: dt.datetime | None, report: FeedImportReport) -> None:
    previous, before = None, None
    for item in items:
        if item.dated:
            previous, before = item.fields["published_at"], item
            continue
        if previous is not None:
            previous = previous + dt.timedelta(seconds=1)
            item.fields["published_at"] = previous
            where = f"just after {before.fields['title']!r}, published before it"
        else:
            item.fields["published_at"] = previous = channel_date or utcnow().replace(microsecond=0)
            where = "the channel's date" if channel_date else "the import time"
        report.warnings.append(f"{item.label} has no pubDate; dated {previous.isoformat(' ')} ({where}) "
                               "so it keeps its place in the feed")
        before = item


def import_feed(raw: bytes, show_slug: str, progress: Callable[[int, int, str], None] | None = None, *,
                base_url: str | None = None, strict: bool = False, dry_run: bool = False,
                numbering: str = "auto") -> FeedImportReport:
    if numbering not in NUMBERING:
        raise FeedImportError(f"numbering must be one of {', '.join(NUMBERING)}, not {numbering!r}")
    show = Show.objects(slug=str(show_slug)).first()
    if show is None:
        raise FeedImportError(f"there is no show {show_slug!r} (create it first)")
    if base_url and not is_safe_url(base_url):
        raise FeedImportError(f"the base URL {base_url!r} is not http or https")
    root, warnings = parse_xml(raw)
    report = FeedImportReport(dry_run=dry_run, warnings=warnings)
    _simplify(root)
    base = _base(base_url, root)
    if root.tag == "rss":
        channel = _find(root, "channel")
        if channel is None:
            raise FeedImportError("this is an <rss> document without a <channel>")
        atom, base = False, _base(base, channel)
        elements = _findall(channel, "item")
        channel_date = _date(_first_text(channel, "pubDate", "lastBuildDate"))
    elif root.tag == "atom:feed":
        channel, atom = root, True
        elements = _findall(root, "atom:entry")
        channel_date = _date(_first_text(root, "atom:updated"))
    else:
        raise FeedImportError(f"this is XML, but not an RSS or Atom feed (the root element is <{root.tag}>)")
    if not elements:
        raise FeedImportError("the feed has no items")

    items: list[_Item] = []
    for index, element in enumerate(elements, 1):
        try:
            items.append(_read_item(index, element, base, atom, report.warnings))
        except _Skip as exc:
            report.skipped.append(exc.args)
        if progress:
            progress(index, len(elements), "items read")
    chronological = _chronological(items)
    _date_undated(chronological, channel_date, report)
    plans = _match_and_number(show, chronological, numbering, report)
    show_fields = _channel_fields(show, channel, base, atom, report)

    if strict and report.skipped:
        raise FeedImportError("strict: nothing was imported, because " + "; ".join(
            f"{item}: {reason}" for item, reason in report.skipped))
    if dry_run:
        for plan in plans:
            try:
                _write(show, plan, report, [], dry_run=True)
            except me.ValidationError as exc:
                report.skipped.append((plan.label, _validation_message(exc)))
        return report

    undo: list[Callable[[], None]] = []
    guests = {g.slug: g for g in Guest.objects.only("id", "slug", "name")}
    try:
        for done, plan in enumerate(plans, 1):
            try:
                _write(show, plan, report, undo, guests=guests)
            except me.ValidationError as exc:
                if strict:
                    raise FeedImportError(f"{plan.label}: {_validation_message(exc)}") from None
                report.skipped.append((plan.label, _validation_message(exc)))
            except me.NotUniqueError as exc:
                if strict:
                    raise FeedImportError(f"{plan.label}: {exc}") from None
                report.skipped.append((plan.label, f"it collides with an episode already stored ({exc})"))
            if progress:
                progress(done, len(plans), "episodes written")
        if show_fields:
            for name, value in show_fields.items():
                setattr(show, name, value)
            show.touch()
            show.save()
    except Exception:
        if strict:
            for step in reversed(undo):
                step()
        raise
    return report


def _validation_message(exc: me.ValidationError) -> str:
    details = "; ".join(f"{k}: {v}" for k, v in (exc.to_dict() or {}).items())
    return details or str(exc.message)


def _match_and_number(show: Show, items: list[_Item], numbering: str, report: FeedImportReport) -> list[_Item]:
    """Match each item to an episode (guid, enclosure URL, number) and settle its number."""
    docs = list(Episode.objects(show=show).only("id", "guid", "audio_url", "number").as_pymongo())
    by_guid = {d.get("guid"): d for d in docs if d.get("guid")}
    by_audio = {d.get("audio_url"): d for d in docs if d.get("audio_url")}
    by_number = {d["number"]: d for d in docs}
    guids = [i.guid for i in items]
    elsewhere = {d["guid"]: d["show"] for d in Episode.objects(guid__in=guids, show__ne=show.id)
                 .only("guid", "show").as_pymongo()} if guids else {}
    plans, taken, seen_guids = [], {}, {}
    feed_numbers = {i.feed_number for i in items if i.feed_number}

    def skip(item, reason):
        report.skipped.append((item.label, reason))

    for item in items:
        if item.guid in seen_guids:
            skip(item, f"its guid {item.guid!r} is also {seen_guids[item.guid]}'s")
            continue
        if item.guid in elsewhere:
            skip(item, f"its guid {item.guid!r} belongs to an episode of another show")
            continue
        wanted = item.feed_number if numbering != "order" else None
        existing = by_guid.get(item.guid) or by_audio.get(item.fields["audio_url"]) or \
            (by_number.get(wanted) if wanted else None)
        number = wanted or (existing["number"] if existing else None)
        if number is None and numbering == "auto" and item.title_number and item.title_number not in feed_numbers \
                and item.title_number not in by_number and item.title_number not in taken:
            number = item.title_number
        if number is not None:
            holder = by_number.get(number)
            if holder is not None and existing is not None and holder["_id"] != existing["_id"]:
                skip(item, f"it is episode {existing['number']} (same guid or enclosure), but its number {number} "
                           "belongs to another episode")
                continue
            if number in taken:
                skip(item, f"episode number {number} is also {taken[number]}'s")
                continue
        item.number, seen_guids[item.guid] = number, item.label
        if number is not None:
            taken[number] = item.label
        item.episode = existing["_id"] if existing else None
        plans.append(item)
    loaded = {e.id: e for e in Episode.objects(id__in=[i.episode for i in plans if i.episode])}
    for item in plans:
        item.episode = loaded.get(item.episode) if item.episode else None
    highest = max([0, *by_number, *taken])
    for item in plans:
        if item.number is None:
            highest += 1
            item.number = highest
            report.numbered.append(f"{item.label} has no episode number; numbered {highest} by publication order")
    return plans


def _write(show: Show, plan: _Item, report: FeedImportReport, undo: list, *, dry_run: bool = False,
           guests: dict | None = None) -> None:
    links = [TranscriptLink(**link) for link in plan.transcripts]
    report.transcript_links += len(links)
    guest_refs, new_guests = [], []
    for person in plan.guests:
        slug = make_slug(person["name"])
        guest = (guests or {}).get(slug) if not dry_run else Guest.objects(slug=slug).first()
        if guest is None:
            new_guests.append(person)
        else:
            guest_refs.append(guest)
    label = f"#{plan.number} {plan.fields['title']}"
    episode = plan.episode
    if episode is not None and episode.feed_item_digest == plan.digest and episode.number == plan.number \
            and episode.state == PUBLISHED and not new_guests:
        report.unchanged.append(label)  # the same item as last time: edits made since are kept
        return
    plan.fields["notes"] = notes_markdown(plan.html[:MAX_NOTES_HTML])[:MAX_MARKDOWN_CHARS]
    plan.fields["feed_item_digest"] = plan.digest
    candidate = episode or Episode(show=show, number=plan.number, slug=make_slug(plan.fields["title"]),
                                   guid=plan.guid, state=PUBLISHED)
    before = episode.to_mongo().to_dict() if episode is not None else None
    for name, value in plan.fields.items():
        setattr(candidate, name, value)
    candidate.number = plan.number
    if links:
        candidate.transcript_links = links
    candidate.state = PUBLISHED
    if dry_run:
        candidate.validate()
        if episode is None:
            report.created.append(label)
        else:
            changed = new_guests or {k: v for k, v in candidate.to_mongo().to_dict().items()
                                     if before.get(k) != v and k != "notes_html"}
            (report.updated if changed else report.unchanged).append(label)
        report.guests_created.extend(p["name"] for p in new_guests if p["name"] not in report.guests_created)
        return
    for person in new_guests:
        guest = Guest(slug=make_slug(person["name"]), name=person["name"], photo_url=person["img"],
                      links=[Link(title="Website", url=person["href"])] if person["href"] else [])
        guest.save()
        guests[guest.slug] = guest
        undo.append(guest.delete)
        report.guests_created.append(guest.name)
        guest_refs.append(guest)
    if guest_refs:
        candidate.guests = guest_refs
    if episode is None:
        candidate.save()
        undo.append(candidate.delete)
        report.created.append(label)
        return
    changed = {k: v for k, v in candidate.to_mongo().to_dict().items() if before.get(k) != v}
    changed.pop("notes_html", None)
    if not changed:
        report.unchanged.append(label)
        return
    candidate.touch()
    candidate.save()
    undo.append(lambda: _restore(before))
    report.updated.append(label)


def _restore(document: dict) -> None:
    Episode._get_collection().replace_one({"_id": document["_id"]}, document)
    changes.record("episode", document["_id"])  # so derived indexes re-read it
