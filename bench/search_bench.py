"""Search speed on the 500-episode synthetic catalog (~50 MB of transcripts), in-process.

    .venv/bin/python -m bench.search_bench [--episodes 500] [--queries 400]

Seeds a temporary embedded store, times building the FTS5 index from it, then times searches
(each the full call the /search page makes: four kinds, ranking, snippets, transcript moments).
Targets: p50 <= 15 ms, p99 <= 50 ms, build <= 60 s.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from data.demo.synthetic import TOPICS, WORDS, seed_synthetic

from app.embedded.store import EmbeddedStore
from app.progress import progress_printer
from data.search.index import SearchIndex


def make_queries(count: int, rng: random.Random, guest_names: list[str]) -> list[str]:
    shapes = [
        lambda: rng.choice(TOPICS),                                      # one topic word
        lambda: rng.choice(WORDS),                                       # any word, often very common
        lambda: f"{rng.choice(TOPICS)} {rng.choice(WORDS)}",            # two words
        lambda: f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"',           # a phrase
        lambda: f"{rng.choice(TOPICS)} OR {rng.choice(TOPICS)}",
        lambda: f"{rng.choice(TOPICS)} -{rng.choice(WORDS)}",
        lambda: rng.choice(TOPICS)[:4] + "*",                            # a prefix
        lambda: rng.choice(guest_names) if guest_names else "python",
        lambda: " ".join(rng.choice(WORDS) for _ in range(4)),          # four words
        lambda: "zzyzx nothing matches",
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--transcript-kb", type=int, default=100)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="onair-search-bench-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store").open()
        try:
            print(f"Seeding {args.episodes} synthetic episodes (~{args.transcript_kb} KB transcripts)...",
                  file=sys.stderr)
            started = time.perf_counter()
            counts = seed_synthetic(args.episodes, transcript_kb=args.transcript_kb, progress=progress_printer())
            print(f"seeded: {counts} in {time.perf_counter() - started:.1f} s")

            index = SearchIndex(Path(tmp) / "search.sqlite3")
            started = time.perf_counter()
            built = index.rebuild(progress=progress_printer())
            build_s = time.perf_counter() - started
            size_mb = (Path(tmp) / "search.sqlite3").stat().st_size / 1e6
            print(f"index build: {build_s:.1f} s ({built}); file {size_mb:.0f} MB")

            from data.catalog.guest import Guest

            rng = random.Random(7)
            names = [g["name"] for g in Guest.objects.only("name").as_pymongo()[:200]]
            queries = make_queries(args.queries, rng, names)
            for query in queries[:20]:  # warm the page cache, as a running server would have it
                index.search(query)
            timings, hits = [], 0
            for query in queries:
                started = time.perf_counter()
                results = index.search(query)
                timings.append((time.perf_counter() - started) * 1000)
                hits += results.total
            print(f"searches: {len(timings)}, p50 {percentile(timings, 50):.1f} ms, "
                  f"p90 {percentile(timings, 90):.1f} ms, p99 {percentile(timings, 99):.1f} ms, "
                  f"max {max(timings):.1f} ms, mean {statistics.mean(timings):.1f} ms, "
                  f"{hits / len(timings):.1f} hits per search")
            slowest = sorted(zip(timings, queries), reverse=True)[:5]
            print("slowest: " + "; ".join(f"{q!r} {t:.0f} ms" for t, q in slowest))
            index.close()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
