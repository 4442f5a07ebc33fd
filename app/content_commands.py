"""``onair reindex``, ``onair import-transcripts``, ``onair import-feed`` and ``onair import-notes``.

Every import brings the search index up to date before it exits, so nobody's first search
after an import pays for catching up."""
from __future__ import annotations

import re
import sys
import time

from app.database import open_from_settings
from app.progress import progress_printer


def _with_store(settings, work) -> int:
    store = open_from_settings(settings)
    try:
        code = work()
        if store is not None:
            store.flush()
        return code
    finally:
        if store is not None:
            store.close()


def _report_and_refresh(report, settings, dry_run: bool = False) -> None:
    """Print an import's report; unless nothing was written, bring the search index up to date."""
    for line in report.lines():
        print(line)
    if not dry_run:
        _refresh_search(settings)


def _refresh_search(settings) -> None:
    """Catch the search index up with what the import wrote (a rebuild when that is cheaper)."""
    from data.search.index import SearchIndex

    from app.search import index_path

    started = time.monotonic()
    index = SearchIndex(index_path(settings))
    try:
        outcome = index.sync()
    finally:
        index.close()
    print(f"Search index {outcome} in {time.monotonic() - started:.1f} s.", file=sys.stderr)


def cmd_reindex(args, settings) -> int:
    from app.search import open_index

    def work():
        index = open_index(settings)
        print(f"Rebuilding the search index in {index.path}...", file=sys.stderr)
        started = time.monotonic()
        counts = index.rebuild(progress=progress_printer())
        index.close()
        summary = ", ".join(f"{value} {key}" for key, value in counts.items())
        print(f"Indexed {summary} in {time.monotonic() - started:.1f} s.")
        return 0

    return _with_store(settings, work)


def cmd_import_transcripts(args, settings) -> int:
    from data.transcripts.importer import TranscriptImportError, import_transcripts

    def work():
        try:
            report = import_transcripts(args.directory, show_slug=args.show or settings["onair.main_show"],
                                        progress=progress_printer())
        except TranscriptImportError as exc:
            print(f"onair: {exc}", file=sys.stderr)
            return 2
        _report_and_refresh(report, settings)
        return 1 if report.failed else 0

    return _with_store(settings, work)


def cmd_import_feed(args, settings) -> int:
    from data.feeds.importer import FeedImportError, import_feed, read_source

    def work():
        started = time.monotonic()
        source = args.source.strip()
        base_url = args.base_url or (source if re.match(r"^https?://", source, re.IGNORECASE) else None)
        try:
            raw = read_source(source)
            report = import_feed(raw, show_slug=args.show, progress=progress_printer(), base_url=base_url,
                                 strict=args.strict, dry_run=args.dry_run, numbering=args.numbering)
        except FeedImportError as exc:
            print(f"onair: the feed was not imported: {exc}", file=sys.stderr)
            return 1
        _report_and_refresh(report, settings, args.dry_run)
        print(f"Done in {time.monotonic() - started:.1f} s.", file=sys.stderr)
        return 0

    return _with_store(settings, work)


def cmd_import_notes(args, settings) -> int:
    from data.catalog.notes_importer import NotesImportError, import_notes

    def work():
        try:
            report = import_notes(args.directory, show_slug=args.show or settings["onair.main_show"],
                                  create=args.create, dry_run=args.dry_run, progress=progress_printer())
        except NotesImportError as exc:
            print(f"onair: {exc}", file=sys.stderr)
            return 2
        _report_and_refresh(report, settings, args.dry_run)
        return 1 if report.failed else 0

    return _with_store(settings, work)


def add_commands(commands) -> None:
    reindex = commands.add_parser("reindex", help="rebuild the search index from the database")
    reindex.set_defaults(handler=cmd_reindex)

    transcripts = commands.add_parser(
        "import-transcripts", help="import NNN_slug.vtt / .srt / .json / .txt transcript files from a folder")
    transcripts.add_argument("directory")
    transcripts.add_argument("--show", help="the show's slug (default: the main show)")
    transcripts.set_defaults(handler=cmd_import_transcripts)

    notes = commands.add_parser(
        "import-notes", help="import Markdown show notes (NNN.md, NNN-title.md) from a folder")
    notes.add_argument("directory")
    notes.add_argument("--show", help="the show's slug (default: the main show)")
    notes.add_argument("--create", action="store_true", help="make missing episodes as drafts")
    notes.add_argument("--dry-run", action="store_true", help="print the report and write nothing")
    notes.set_defaults(handler=cmd_import_notes)

    feed = commands.add_parser("import-feed", help="import a back catalog from a podcast RSS feed (file or URL)")
    feed.add_argument("source", metavar="FILE_OR_URL")
    feed.add_argument("--show", required=True, help="the slug of the show to import into")
    feed.add_argument("--base-url", help="resolve relative URLs against this (default: the feed's URL, if fetched)")
    feed.add_argument("--strict", action="store_true", help="import nothing if any item has to be skipped")
    feed.add_argument("--dry-run", action="store_true", help="print the full report and write nothing")
    feed.add_argument("--numbering", choices=("auto", "feed", "order"), default="auto",
                      help="auto: itunes:episode, then '#N' in the title, then publication order; "
                           "feed: only the feed's episode tags; order: publication order for new items")
    feed.set_defaults(handler=cmd_import_feed)
