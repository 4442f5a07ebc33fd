"""Import a folder of transcript files: ``NNN_slug.vtt``, ``NNN-slug.txt`` and so on.

The number at the start of each file name picks the episode of the show. When one episode
has several files, the richest format wins: .vtt, then .srt, then .json, then .txt (WebVTT
carries speakers and end times; plain text has neither). A file whose segments equal what
is stored is skipped, so re-running is harmless. Every file ends up imported, skipped or
failed, with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bson import ObjectId

from data.catalog.episode import Episode
from data.catalog.show import Show
from data.core import changes
from data.core.common import utcnow
from data.transcripts.formats import EXTENSIONS, MAX_INPUT_BYTES, TranscriptFormatError, parse_transcript
from data.transcripts.transcript import Transcript

PREFERENCE = ("vtt", "srt", "json", "txt")
_NUMBER = re.compile(r"^(\d{1,7})(?=[-_ .]|$)")


class TranscriptImportError(Exception):
    """The import cannot start (no such folder, no such show)."""


@dataclass
class ImportReport:
    imported: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for label, entries in (("imported", self.imported), ("skipped", self.skipped), ("failed", self.failed)):
            out.extend(f"  {label}: {name}: {reason}" for name, reason in entries)
        out.append(f"Imported {len(self.imported)}, skipped {len(self.skipped)}, failed {len(self.failed)}.")
        return out


def _as_dicts(segments) -> list[dict]:
    return [{"start_ms": s.get("start_ms"), "end_ms": s.get("end_ms"), "speaker": s.get("speaker"),
             "text": s.get("text")} for s in segments]


def _choose(directory: Path, report: ImportReport) -> dict[int, Path]:
    """One file per episode number, the preferred format winning; the rest are reported."""
    chosen: dict[int, Path] = {}
    for path in sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")):
        fmt = EXTENSIONS.get(path.suffix.lower())
        match = _NUMBER.match(path.name)
        if fmt is None:
            report.skipped.append((path.name, "not a transcript file (.vtt, .srt, .json or .txt)"))
        elif match is None:
            report.skipped.append((path.name, "the name does not start with an episode number"))
        else:
            number = int(match.group(1))
            current = chosen.get(number)
            if current is None:
                chosen[number] = path
                continue
            rank = PREFERENCE.index(fmt)
            current_rank = PREFERENCE.index(EXTENSIONS[current.suffix.lower()])
            keep, drop = (path, current) if rank < current_rank else (current, path)
            chosen[number] = keep
            report.skipped.append((drop.name, f"{keep.name} is preferred for episode {number}"))
    return chosen


def import_transcripts(directory: str | Path, show_slug: str,
                       progress: Callable[[int, int, str], None] | None = None) -> ImportReport:
    folder = Path(directory)
    if not folder.is_dir():
        raise TranscriptImportError(f"{folder} is not a folder.")
    show = Show.objects(slug=str(show_slug)).first()
    if show is None:
        raise TranscriptImportError(f"There is no show {show_slug!r}.")
    report = ImportReport()
    chosen = _choose(folder, report)
    for done, (number, path) in enumerate(sorted(chosen.items()), 1):
        _import_one(show, number, path, report)
        if progress:
            progress(done, len(chosen), "files")
    return report


def _import_one(show: Show, number: int, path: Path, report: ImportReport) -> None:
    episode = Episode.objects(show=show, number=number).first()
    if episode is None:
        report.failed.append((path.name, f"{show.title} has no episode {number}"))
        return
    if path.stat().st_size > MAX_INPUT_BYTES:
        report.failed.append((path.name, f"larger than {MAX_INPUT_BYTES // 1048576} MB"))
        return
    try:
        segments = parse_transcript(path.read_bytes(), filename=path.name)
    except TranscriptFormatError as exc:
        report.failed.append((path.name, str(exc)))
        return
    except OSError as exc:
        report.failed.append((path.name, f"could not be read ({exc.strerror or exc})"))
        return
    stored = Transcript.objects(episode=episode.id).only("id", "segments", "created_at", "version") \
        .as_pymongo().first()
    if stored is not None and _as_dicts(stored.get("segments", ())) == _as_dicts(segments):
        if not episode.has_transcript:
            episode.has_transcript = True
            episode.save()
        report.skipped.append((path.name, f"unchanged (episode {number})"))
        return
    _store(episode, show, segments, stored)
    if not episode.has_transcript:
        episode.has_transcript = True
        episode.touch()
        episode.save()
    report.imported.append((path.name, f"episode {number}, {len(segments)} segments"))


def _store(episode: Episode, show: Show, segments: list[dict], stored: dict | None) -> None:
    """Written as the raw document MongoEngine would write, then announced as a save() would
    be (data/core/changes.py). Building a thousand embedded Segment objects per file would make a
    back catalog take minutes; parse_transcript has already checked every value's shape."""
    now = utcnow()
    document = {
        "_id": stored["_id"] if stored else ObjectId(),
        "created_at": (stored or {}).get("created_at") or now,
        "updated_at": now,
        "version": ((stored or {}).get("version") or 0) + 1,
        "episode": episode.id,
        "language": show.language or "en",
        "segments": [{k: v for k, v in segment.items() if v is not None} for segment in segments],
    }
    Transcript._get_collection().replace_one({"_id": document["_id"]}, document, upsert=True)
    changes.notify("transcript", document["_id"])
