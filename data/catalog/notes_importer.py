"""Import a folder of Markdown show notes: ``onair import-notes DIR --show SLUG``.

One file per episode, matched by the number its name starts with, as transcripts are
(``182.md``, ``182-title.md``, ``182_title.md``). A file may start with YAML front matter
(``title``, ``date``, ``tags``, ``guests``, ``summary``; other keys are ignored and reported
once each), or with a ``# `` line that gives the title; a leading "Show Name 182:" or
"#182 -" in that title is dropped, since the page shows the number already.

The body becomes the episode's notes. Other fields are only filled when empty, so what an
editor typed in the admin is never overwritten by an old file. Missing episodes are reported,
or with ``create`` made as drafts. Running it twice changes nothing the second time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import mongoengine as me
import yaml

from data.catalog.episode import DRAFT, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core.common import make_slug

EXTENSIONS = (".md", ".markdown")
FRONT_MATTER_KEYS = ("title", "date", "tags", "guests", "summary")
MAX_FILE_BYTES = 1_000_000
_NUMBER = re.compile(r"^(\d{1,7})(?=[-_ .]|$)")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class NotesImportError(Exception):
    """The import cannot start (no such folder, no such show)."""


@dataclass
class NotesReport:
    filled: list[tuple[str, str]] = field(default_factory=list)  # (file, what changed)
    created: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    ignored_keys: dict[str, str] = field(default_factory=dict)  # key -> the first file that had it
    guests_created: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        out = [f"  ignored: front matter key {key!r} (first in {name}); onair reads only "
               + ", ".join(FRONT_MATTER_KEYS) for key, name in self.ignored_keys.items()]
        out += [f"  filled: {name}: {what}" for name, what in self.filled]
        out += [f"  created: {name}: {what}" for name, what in self.created]
        out += [f"  skipped: {name}: {why}" for name, why in self.skipped]
        out += [f"  failed: {name}: {why}" for name, why in self.failed]
        verb = "Would fill" if self.dry_run else "Filled"
        out.append(f"{verb} {len(self.filled)}, created {len(self.created)}, unchanged {len(self.unchanged)}, "
                   f"skipped {len(self.skipped)}, failed {len(self.failed)}; {len(self.guests_created)} new guests.")
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        return out


@dataclass
class Note:
    number: int
    body: str
    title: str = ""
    date: dt.datetime | None = None
    tags: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    summary: str = ""
    ignored: list[str] = field(default_factory=list)


def _strip_number(title: str, number: int) -> str:
    """'Show Name 182: Title', 'Episode 182 - Title', '#182: Title' -> 'Title'."""
    match = re.match(rf"^(?:.{{0,80}}?[\s#])?#?0*{number}\s*[:\-\u2013\u2014|.]\s+(?=\S)", title)
    if match is None:
        match = re.match(rf"^#?0*{number}\s*[:\-\u2013\u2014|.]\s+(?=\S)", title)
    return title[match.end():].strip() if match else title.strip()


def _names(value, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"\s*,\s*", value) if part]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ValueError(f"front matter {what!r} must be a list of names or a comma-separated line")
    return [str(v).strip() for v in value if str(v).strip()]


def _when(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"front matter date {text!r} is not a date like 2024-03-05") from None
    return parsed.astimezone(dt.timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def read_note(text: str, number: int) -> Note:
    """One file's text as a Note; ValueError says what is wrong with it."""
    text = text.lstrip("\ufeff")
    meta: dict = {}
    front = _FRONT.match(text)
    if front:
        try:
            loaded = yaml.safe_load(front.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            raise ValueError(f"the front matter is not valid YAML{where} ({getattr(exc, 'problem', exc)})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ValueError("the front matter is not a set of 'key: value' lines")
        meta = loaded or {}
        text = text[front.end():]
    note = Note(number=number, body="")
    note.ignored = [str(key) for key in meta if key not in FRONT_MATTER_KEYS]
    title = meta.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise ValueError("front matter 'title' must be one line of text")
    note.title = str(title or "").strip()
    note.date = _when(meta.get("date"))
    note.tags = [t[:60] for t in _names(meta.get("tags"), "tags")]
    note.guests = [g[:120] for g in _names(meta.get("guests"), "guests")]
    summary = meta.get("summary")
    note.summary = str(summary).strip()[:2000] if summary is not None else ""
    lines = text.splitlines()
    if not note.title:
        for position, line in enumerate(lines):
            if not line.strip():
                continue
            if line.startswith("# "):
                note.title = line[2:].strip()
                lines = lines[:position] + lines[position + 1:]
            break
    note.title = _strip_number(note.title, number)[:300]
    note.body = "\n".join(lines).strip()
    return note


def _choose(folder: Path, report: NotesReport) -> dict[int, Path]:
    chosen: dict[int, Path] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        match = _NUMBER.match(path.name)
        if path.suffix.lower() not in EXTENSIONS:
            report.skipped.append((path.name, "not a Markdown file (.md)"))
        elif match is None:
            report.skipped.append((path.name, "the name does not start with an episode number"))
        elif int(match.group(1)) in chosen:
            number = int(match.group(1))
            report.skipped.append((path.name, f"{chosen[number].name} is used for episode {number} "
                                              "(the first file in name order wins)"))
        else:
            chosen[int(match.group(1))] = path
    return chosen


def import_notes(directory: str | Path, show_slug: str, *, create: bool = False, dry_run: bool = False,
                 progress: Callable[[int, int, str], None] | None = None) -> NotesReport:
    folder = Path(directory)
    if not folder.is_dir():
        raise NotesImportError(f"{folder} is not a folder.")
    show = Show.objects(slug=str(show_slug)).first()
    if show is None:
        raise NotesImportError(f"There is no show {show_slug!r}.")
    report = NotesReport(dry_run=dry_run)
    chosen = _choose(folder, report)
    episodes = {e.number: e for e in Episode.objects(show=show, number__in=list(chosen))}
    for done, (number, path) in enumerate(sorted(chosen.items()), 1):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES // 1000} KB")
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
            note = read_note(text, number)
            for key in note.ignored:
                report.ignored_keys.setdefault(key, path.name)
            _apply(show, note, episodes.get(number), path.name, report, create=create, dry_run=dry_run)
        except ValueError as exc:
            report.failed.append((path.name, str(exc)))
        except me.ValidationError as exc:
            details = "; ".join(f"{k}: {v}" for k, v in (exc.to_dict() or {}).items())
            report.failed.append((path.name, details or str(exc.message)))
        if progress:
            progress(done, len(chosen), "files")
    return report


def _guests(names: list[str], report: NotesReport, dry_run: bool) -> list[Guest]:
    found = []
    for name in names:
        slug = make_slug(name)
        guest = Guest.objects(slug=slug).first()
        if guest is None:
            if name not in report.guests_created:
                report.guests_created.append(name)
            if dry_run:
                continue
            guest = Guest(slug=slug, name=name)
            guest.save()
        found.append(guest)
    return found


def _apply(show: Show, note: Note, episode: Episode | None, name: str, report: NotesReport, *,
           create: bool, dry_run: bool) -> None:
    if episode is None:
        if not create:
            report.skipped.append((name, f"{show.title} has no episode {note.number} (--create makes it a draft)"))
            return
        title = note.title or f"Episode {note.number}"
        episode = Episode(show=show, number=note.number, slug=make_slug(title), title=title, notes=note.body,
                          summary=note.summary, tags=note.tags, published_at=note.date, state=DRAFT)
        episode.guests = _guests(note.guests, report, dry_run)
        episode.validate()
        if not dry_run:
            episode.save()
        report.created.append((name, f"draft episode {note.number} {title!r}"))
        return
    what = []
    if note.body and note.body != (episode.notes or "").strip():
        what.append("notes replaced" if episode.notes else "notes added")
        episode.notes = note.body
    if note.title and not episode.title:
        episode.title = note.title
        what.append("title")
    if note.summary and not episode.summary:
        episode.summary = note.summary
        what.append("summary")
    if note.tags and not episode.tags:
        episode.tags = note.tags
        what.append("tags")
    if note.date and episode.published_at is None:
        episode.published_at = note.date
        what.append("date")
    if note.guests and not episode.guests:
        episode.guests = _guests(note.guests, report, dry_run)
        what.append("guests")
    if not what:
        report.unchanged.append(name)
        return
    if not dry_run:
        episode.validate()
        episode.touch()
        episode.save()
    report.filled.append((name, f"episode {note.number}: " + ", ".join(what)))
