"""Admin page speed on a large catalog: dashboard, lists, edit forms, saves, transcript preview.

    .venv/bin/python -m bench.admin_bench [--episodes 1000] [--rounds 30]

Builds a temporary embedded store with the demo content plus a synthetic catalog, logs in as
an editor through the real login form, and times whole requests through the WSGI app
(WebTest, in-process: no network, so this is the server's own time, store flush included).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import webtest

from app import main as make_app
from app.progress import progress_printer
from bench.search_bench import percentile

PASSWORD = "a bench password that is long enough"


def timed(rounds: int, call) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="onair-admin-bench-") as tmp:
        settings = {"onair.store_dir": str(Path(tmp) / "store"), "onair.session_secret": "bench-session",
                    "onair.auth_secret": "bench-auth", "onair.search_index": str(Path(tmp) / "search.sqlite3")}
        app = make_app({}, **settings)
        from data.demo.synthetic import seed_synthetic

        from data.accounts import user_service
        from data.catalog.episode import Episode
        from data.transcripts.formats import to_vtt
        from data.transcripts.transcript import Transcript

        print(f"Adding {args.episodes} synthetic episodes...", file=sys.stderr)
        seed_synthetic(args.episodes, transcript_kb=20, guests=200, courses=10, progress=progress_printer())
        app.registry.store.flush()
        user_service.create("bench@example.com", "Bench", PASSWORD, role="editor")
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
        login = client.get("/admin/login").forms["login-form"]
        login["email"], login["password"] = "bench@example.com", PASSWORD
        login.submit()

        episode = Episode.objects.order_by("-number").first()
        transcript = Transcript.objects.order_by("-id").first()  # a synthetic one, ~20 KB
        vtt = to_vtt(transcript.segments)
        edit_url = f"/admin/episodes/{episode.pk}/edit"
        counter = iter(range(10**6))

        def save():
            form = client.get(edit_url).forms["edit-form"]
            form["summary"] = f"Bench summary {next(counter)}"
            form.submit("save")

        def preview_transcript():
            form = client.get("/admin/transcripts/new").forms["edit-form"]
            form["text"] = vtt
            form.submit("preview")

        cases = [
            ("GET /admin (dashboard)", lambda: client.get("/admin")),
            (f"GET /admin/episodes ({Episode.objects.count()} rows)", lambda: client.get("/admin/episodes")),
            ("GET /admin/guests", lambda: client.get("/admin/guests")),
            ("GET episode edit form", lambda: client.get(edit_url)),
            ("GET edit form + POST save (+flush)", save),
            (f"transcript form + preview ({len(vtt) // 1024} KB VTT, {len(transcript.segments)} segments)",
             preview_transcript),
        ]
        print(f"{'request':62} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, call in cases:
            call()  # warm templates and caches
            times = timed(args.rounds, call)
            print(f"{label:62} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} {max(times):8.1f}")
        app.registry.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
