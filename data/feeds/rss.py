"""Podcast RSS 2.0 with the itunes, content and podcast namespaces, built with ElementTree.

Apple's checklist is met per item (enclosure url/length/type, a permanent guid, RFC 2822
pubDate, itunes:duration/episode/episodeType) and per channel (title, description,
itunes:image, itunes:category, itunes:explicit true|false, language, link, itunes:owner,
itunes:author). Podcasting 2.0 tags: podcast:guid, locked, funding, person, transcript,
chapters, season and episode.

The podcast namespace is declared with its original URI
(``https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md``). The spec
says clients must treat it exactly like ``https://podcastindex.org/namespace/1.0``, and it is
the one URI that gPodder's podcastparser (one of the two clients our tests read feeds with)
recognises, so with it every client sees the transcripts, chapters and people.
"""
from __future__ import annotations

import datetime as dt
import html
import uuid
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from typing import Protocol

from data.transcripts.formats import MEDIA_TYPES

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
PODCAST = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ATOM = "http://www.w3.org/2005/Atom"
NAMESPACES = {"itunes": ITUNES, "content": CONTENT, "podcast": PODCAST, "atom": ATOM}
# The podcast namespace spec's own UUIDv5 namespace for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CHAPTERS_TYPE = "application/json+chapters"
# Apps that keep only one podcast:transcript (podcastparser and feedparser keep the last)
# should get WebVTT, which has times, ends and speakers and which Apple reads too.
TRANSCRIPT_ORDER = ("txt", "srt", "json", "vtt")

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


class FeedLinks(Protocol):
    """The URLs a feed needs; the web layer knows how to build them."""

    site: str
    feed: str  # this document
    canonical_feed: str  # the show's recent feed: podcast:guid is made from it

    def episode(self, row) -> str: ...
    def transcript(self, row, fmt: str) -> str: ...
    def chapters(self, row) -> str: ...
    def guest(self, slug: str) -> str: ...


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without its scheme and trailing slashes, as the spec defines."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def rfc2822(value: dt.datetime) -> str:
    return format_datetime(value.replace(tzinfo=dt.timezone.utc), usegmt=True)


def _sub(parent, tag: str, text=None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _it(name: str) -> str:
    return f"{{{ITUNES}}}{name}"


def _pc(name: str) -> str:
    return f"{{{PODCAST}}}{name}"


def build_feed(show, episodes: list, links: FeedLinks, *, last_build: dt.datetime,
               chapters_for=lambda row: False, locked: bool = True) -> bytes:
    """The feed document as UTF-8 bytes. ``episodes`` come from feed_service.feed_episodes;
    ``chapters_for(row)`` says whether an episode has chapters to link."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    hosts = list(show.hosts or [])
    author = ", ".join(hosts) or show.owner_name or show.title

    _sub(channel, "title", show.title)
    _sub(channel, "link", show.website_url or links.site)
    # RSS <description> is HTML to podcast apps; these fields are plain text: escape them as text.
    _sub(channel, "description", html.escape(show.description or show.title, quote=False))
    _sub(channel, "language", show.language or "en")
    _sub(channel, "copyright", f"Copyright {last_build.year} {show.owner_name or author}")
    _sub(channel, "lastBuildDate", rfc2822(last_build))
    _sub(channel, "generator", "onair")
    _sub(channel, f"{{{ATOM}}}link", href=links.feed, rel="self", type="application/rss+xml")
    if show.artwork_url:
        image = _sub(channel, "image")
        _sub(image, "url", show.artwork_url)
        _sub(image, "title", show.title)
        _sub(image, "link", show.website_url or links.site)
        _sub(channel, _it("image"), href=show.artwork_url)
    _sub(channel, _it("author"), author)
    _sub(channel, _it("summary"), show.description or show.title)
    _sub(channel, _it("type"), "episodic")
    owner = _sub(channel, _it("owner"))
    _sub(owner, _it("name"), show.owner_name or author)
    if show.owner_email:
        _sub(owner, _it("email"), show.owner_email)
    category = _sub(channel, _it("category"), text=None, text_=show.category or "Technology")
    if show.subcategory:
        _sub(category, _it("category"), text_=show.subcategory)
    _sub(channel, _it("explicit"), "true" if show.explicit else "false")

    # A show brought in from another host keeps its podcast:guid: apps follow it across moves.
    _sub(channel, _pc("guid"), getattr(show, "podcast_guid", None) or podcast_guid(links.canonical_feed))
    _sub(channel, _pc("locked"), "yes" if locked else "no", owner=show.owner_email or None)
    if show.funding_url:
        _sub(channel, _pc("funding"), show.funding_text or "Support the show", url=show.funding_url)
    for host in hosts:
        _sub(channel, _pc("person"), host, role="host", group="cast")

    for row in episodes:
        _item(channel, show, row, hosts, links, chapters_for(row))

    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _item(channel, show, row, hosts: list[str], links: FeedLinks, has_chapters: bool) -> None:
    item = _sub(channel, "item")
    page = links.episode(row)
    _sub(item, "title", row.title)
    _sub(item, "link", page)
    _sub(item, "guid", row.guid, isPermaLink="false")
    _sub(item, "pubDate", rfc2822(row.published_at))
    _sub(item, "description", html.escape(row.summary or row.title, quote=False))  # plain text, as above
    if row.notes_html:
        _sub(item, f"{{{CONTENT}}}encoded", row.notes_html)
    _sub(item, "enclosure", url=row.audio_url, length=int(row.audio_bytes or 0),
         type=row.audio_type or "audio/mpeg")
    _sub(item, _it("title"), row.title)
    if row.subtitle:
        _sub(item, _it("subtitle"), row.subtitle)
    _sub(item, _it("duration"), int(row.duration_s or 0))
    _sub(item, _it("episode"), row.number)
    if row.season:
        _sub(item, _it("season"), row.season)
    _sub(item, _it("episodeType"), row.episode_type or "full")
    explicit = show.explicit if row.explicit is None else row.explicit
    _sub(item, _it("explicit"), "true" if explicit else "false")
    if row.image_url:
        _sub(item, _it("image"), href=row.image_url)
    if row.season:
        _sub(item, _pc("season"), row.season)
    _sub(item, _pc("episode"), row.number)
    if row.has_transcript:
        for fmt in TRANSCRIPT_ORDER:
            _sub(item, _pc("transcript"), url=links.transcript(row, fmt), type=MEDIA_TYPES[fmt],
                 language=show.language or "en", rel="captions" if fmt in ("vtt", "srt") else None)
    else:  # published elsewhere (an imported back catalog): passed on as they came
        for link in row.transcript_links or ():
            _sub(item, _pc("transcript"), url=link["url"], type=link.get("type") or "text/plain",
                 language=link.get("language") or None)
    if has_chapters:
        _sub(item, _pc("chapters"), url=links.chapters(row), type=CHAPTERS_TYPE)
    elif row.chapters_url:  # published elsewhere (an imported back catalog)
        _sub(item, _pc("chapters"), url=row.chapters_url, type=CHAPTERS_TYPE)
    # Item-level people replace the channel's in podcast apps, so the hosts are restated.
    for host in hosts:
        _sub(item, _pc("person"), host, role="host", group="cast")
    for person in row.people or ():  # credits kept from an imported feed, beyond hosts and guests
        if person.get("role") not in ("host", "guest"):
            _sub(item, _pc("person"), person["name"], role=person.get("role"), group=person.get("group"),
                 href=person.get("href"), img=person.get("img"))
    for guest in row.guest_rows or ():
        _sub(item, _pc("person"), guest.name, role="guest", group="cast",
             href=links.guest(guest.slug), img=guest.photo_url or None)
