"""import-transcripts on the synthetic catalog: export every transcript to files, clear them,
import the folder back, then import it again (everything should be skipped as unchanged).

    .venv/bin/python -m bench.import_bench [--episodes 500]

The folder mixes formats the way a real back catalog does: most episodes as .vtt, every
fifth also as .txt (the .vtt must win), every seventh as .srt only, every eleventh as .json
only, plus two broken files and one for an episode that does not exist.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from data.demo.synthetic import seed_synthetic

from app.embedded.store import EmbeddedStore
from app.progress import progress_printer
from data.catalog.episode import Episode
from data.catalog.show import Show
from data.transcripts.formats import WRITERS
from data.transcripts.importer import import_transcripts
from data.transcripts.transcript import Transcript


def export(folder: Path, show: Show) -> int:
    written = 0
    for episode in Episode.objects(show=show).only("id", "number", "slug"):
        doc = Transcript.objects(episode=episode.id).as_pymongo().first()
        if not doc:
            continue
        segments = doc["segments"]
        stem = f"{episode.number:03d}_{episode.slug}"
        if episode.number % 7 == 0:
            formats = ["srt"]
        elif episode.number % 11 == 0:
            formats = ["json"]
        else:
            formats = ["vtt"] + (["txt"] if episode.number % 5 == 0 else [])
        for fmt in formats:
            (folder / f"{stem}.{fmt}").write_text(WRITERS[fmt](segments), encoding="utf-8")
            written += 1
    (folder / "9999_not-an-episode.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n")
    first = Episode.objects(show=show).order_by("number").first()
    (folder / f"{first.number:03d}_broken.json").write_text('{"segments": [')
    (folder / "README.txt").write_text("not a transcript")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="onair-import-bench-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store").open()
        try:
            seed_synthetic(args.episodes, progress=progress_printer())
            show = Show.objects(slug="talkpython").first()
            folder = Path(tmp) / "transcripts"
            folder.mkdir()
            files = export(folder, show)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            removed = Transcript.objects(episode__in=[e.id for e in Episode.objects(show=show).only("id")]).delete()
            print(f"exported {files} files ({size:.0f} MB), cleared {removed} transcripts")
            for run in ("first run", "second run"):
                started = time.perf_counter()
                report = import_transcripts(folder, "talkpython", progress=progress_printer())
                elapsed = time.perf_counter() - started
                print(f"{run}: {report.lines()[-1]} in {elapsed:.1f} s")
                reasons: dict[str, int] = {}
                for _name, reason in report.skipped + report.failed:
                    key = reason.split(" (")[0].split(" for episode")[0]
                    key = "a .vtt is preferred" if "is preferred" in key else key
                    reasons[key] = reasons.get(key, 0) + 1
                for reason, count in sorted(reasons.items(), key=lambda item: -item[1])[:6]:
                    print(f"    {count} x {reason}")
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
