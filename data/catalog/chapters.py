"""Podcast chapters from show notes: lines like ``[12:30] Topic`` or ``[01:02:03] Topic``.

The result is the podcast namespace's JSON chapters document
(``{"version": "1.2.0", "chapters": [{"startTime": 750, "title": "Topic"}]}``), served at
``/episodes/<n>/chapters.json`` and linked from the feed as ``podcast:chapters``.
"""
from __future__ import annotations

import json
import re

CHAPTERS_VERSION = "1.2.0"
MEDIA_TYPE = "application/json+chapters"

# Optional list marker, a bracketed time, then the title (Markdown emphasis stripped below).
_LINE = re.compile(r"^\s{0,3}(?:[-*+]\s+|\d{1,3}[.)]\s+)?\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]\s*[-:\u2013\u2014]?\s*(\S.{0,300})$")
_MARKUP = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


def parse_chapters(notes: str | None) -> list[dict]:
    """Chapters in time order; a time given twice keeps its first title."""
    chapters: dict[int, str] = {}
    for line in (notes or "").splitlines():
        if len(line) > 400 or "[" not in line:
            continue
        match = _LINE.match(line)
        if not match:
            continue
        hours, minutes, seconds, title = match.groups()
        if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            continue
        start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
        title = _MARKUP.sub(lambda m: m.group(1) or "", title).strip()
        if title and start not in chapters:
            chapters[start] = title
    return [{"startTime": start, "title": chapters[start]} for start in sorted(chapters)]


def episode_chapters(notes: str | None, stored=None) -> list[dict]:
    """An episode's chapters: the ones kept from an imported feed (psc:chapters), else the
    ``[12:30] Topic`` lines of its notes."""
    if stored:
        out = []
        for chapter in stored:
            get = chapter.get if isinstance(chapter, dict) else lambda key, c=chapter: getattr(c, key, None)
            entry = {"startTime": get("start_s"), "title": get("title")}
            if get("href"):
                entry["url"] = get("href")
            if get("image"):
                entry["img"] = get("image")
            out.append(entry)
        return sorted(out, key=lambda c: c["startTime"])
    return parse_chapters(notes)


def chapters_json(chapters: list[dict]) -> str:
    return json.dumps({"version": CHAPTERS_VERSION, "chapters": chapters}, ensure_ascii=False)
