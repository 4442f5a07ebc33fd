"""import-feed on a large back catalog: a generated 2,000-item feed of about 20 MB.

    .venv/bin/python -m bench.feed_import_bench [--items 2000] [--notes-kb 9]

The feed mixes the shapes real catalogs have: most items without itunes:episode, some whose
audio is only in media:content, some with a cover image as the first enclosure, Podlove
chapters, several podcast:person roles and transcript links. It is imported into an empty
embedded store, then imported again (everything unchanged), then the search index is
brought up to date, each step timed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path

PARAGRAPH = ("<p>We talk about <strong>packaging</strong>, <em>typing</em> and the tools around them; "
             "<a href=\"https://example.com/links/{n}\">a link for episode {n}</a> and more.</p>\n")


def make_feed(items: int, notes_kb: int = 9) -> bytes:
    """A podcast feed of ``items`` items, newest first, each with ~``notes_kb`` KB of HTML notes."""
    start = dt.datetime(2010, 1, 4, 8, 0, tzinfo=dt.timezone.utc)
    paragraphs = max(1, notes_kb * 1024 // len(PARAGRAPH.format(n=1000)))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
             'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
             'xmlns:podcast="https://podcastindex.org/namespace/1.0" '
             'xmlns:media="http://search.yahoo.com/mrss/" xmlns:psc="http://podlove.org/simple-chapters">\n'
             "<channel><title>Bench Back Catalog</title><link>https://bench.example.com/</link>"
             "<description>A generated back catalog.</description><language>en</language>\n"]
    for n in range(items, 0, -1):
        when = format_datetime(start + dt.timedelta(days=7 * n), usegmt=True)
        audio = f"https://cdn.bench.example.com/episodes/{n:05d}.mp3"
        if n % 7 == 0:
            media = f'<media:content url="{audio}" fileSize="{n * 1000}" type="audio/mpeg"/>'
        elif n % 11 == 0:
            media = (f'<enclosure url="https://cdn.bench.example.com/art/{n}.jpg" length="1" type="image/jpeg"/>'
                     f'<enclosure url="{audio}" length="{n * 1000}" type="audio/mpeg"/>')
        else:
            media = f'<enclosure url="{audio}" length="{n * 1000}" type="audio/mpeg"/>'
        number = f"<itunes:episode>{n}</itunes:episode>" if n % 3 == 0 else ""
        chapters = ('<psc:chapters version="1.2"><psc:chapter start="00:00:00" title="Intro"/>'
                    '<psc:chapter start="00:10:00" title="Main"/></psc:chapters>') if n % 5 == 0 else ""
        notes = "".join(PARAGRAPH.format(n=n) for _ in range(paragraphs))
        parts.append(
            f"<item><title>Episode {n}: things number {n}</title><guid isPermaLink=\"false\">bench-{n}</guid>"
            f"<pubDate>{when}</pubDate>{media}{number}<itunes:duration>{1800 + n}</itunes:duration>"
            f"<itunes:subtitle>Subtitle {n}</itunes:subtitle><description>Summary of episode {n}.</description>"
            f"<content:encoded><![CDATA[{notes}]]></content:encoded>{chapters}"
            f'<podcast:person role="host">Bench Host</podcast:person>'
            f'<podcast:person role="guest">Guest {n % 150}</podcast:person>'
            f'<podcast:person role="producer" group="crew">Bench Producer</podcast:person>'
            f'<podcast:transcript url="https://cdn.bench.example.com/t/{n}.vtt" type="text/vtt"/>'
            "</item>\n")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--notes-kb", type=int, default=9)
    args = parser.parse_args(argv)

    from app.embedded.store import EmbeddedStore
    from app.progress import progress_printer
    from data.catalog.episode import Episode
    from data.catalog.show import Show
    from data.feeds.importer import import_feed
    from data.search.index import SearchIndex

    started = time.monotonic()
    raw = make_feed(args.items, args.notes_kb)
    print(f"Generated {args.items} items, {len(raw) / 1e6:.1f} MB in {time.monotonic() - started:.1f} s.")
    with tempfile.TemporaryDirectory(prefix="onair-feed-bench-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store").open()
        try:
            Show(slug="bench", title="Bench Back Catalog").save()
            timings = {}
            for label in ("first import", "re-import (unchanged)"):
                started = time.monotonic()
                report = import_feed(raw, "bench", progress=progress_printer())
                timings[label] = time.monotonic() - started
                print(report.lines()[-1])
            started = time.monotonic()
            index = SearchIndex(Path(tmp) / "search.sqlite3")
            outcome = index.sync()
            index.close()
            timings[f"search index ({outcome})"] = time.monotonic() - started
            started = time.monotonic()
            store.flush()
            timings["store flush"] = time.monotonic() - started
            assert Episode.objects.count() == args.items
        finally:
            store.close()
    for label, seconds in timings.items():
        print(f"{label:>28}: {seconds:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
