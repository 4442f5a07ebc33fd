"""``make bench``: build a large catalog, time every page in-process and over HTTP, report.

    python -m bench.run                 # the full run (20 s per page and connection count)
    python -m bench.run --quick         # a short run for development (3 s, 100 requests)
    python -m bench.run --catalog DIR   # reuse (or build once into) a catalog folder
    python -m bench.run --readme        # render bench/results/latest.json into README.md

Results go to bench/results/<timestamp>.json and bench/results/latest.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import catalog as catalog_mod
from bench import http, inprocess, report

ROOT = Path(__file__).resolve().parent.parent


def throwaway_secrets() -> dict:
    """Random session and auth secrets for this run only (production.ini requires both).

    Set in os.environ (unless the caller already set them) so the in-process app and the
    waitress child see the same two values; nothing signed with them outlives the run."""
    for name in ("ONAIR_SESSION_SECRET", "ONAIR_AUTH_SECRET"):
        os.environ.setdefault(name, secrets.token_urlsafe(32))
    return {name: os.environ[name] for name in ("ONAIR_SESSION_SECRET", "ONAIR_AUTH_SECRET")}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="bench", description="Benchmark onair on a large synthetic catalog.")
    parser.add_argument("--quick", action="store_true", help="short runs for development (3 s, 100 requests)")
    parser.add_argument("--duration", type=float, help="seconds of wrk per page and connection count (default 20)")
    parser.add_argument("--connections", default="16,64", help="wrk connection counts (default 16,64)")
    parser.add_argument("--requests", type=int, help="in-process requests per page (default 400)")
    parser.add_argument("--paths", type=int, default=50, help="distinct URLs per page type (default 50)")
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--transcript-kb", type=int, default=100)
    parser.add_argument("--catalog", type=Path, help="a folder to keep the built catalog in and reuse next time")
    parser.add_argument("--pages", help="only these pages, comma-separated (default: all)")
    parser.add_argument("--no-http", action="store_true", help="skip the waitress + wrk part")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="an app setting for both the in-process app and the server (repeatable)")
    parser.add_argument("--label", default="", help="a name for this run (baseline, after page cache, ...)")
    parser.add_argument("--readme", action="store_true",
                        help="only render bench/results/latest.json into README.md and stop")
    parser.add_argument("--no-save", action="store_true", help="print the table but write no JSON")
    args = parser.parse_args(argv)
    args.duration = args.duration or (3.0 if args.quick else 20.0)
    args.requests = args.requests or (100 if args.quick else 400)
    args.connections = [int(c) for c in args.connections.split(",") if c.strip()]
    args.pages = [p.strip() for p in args.pages.split(",")] if args.pages else list(report.PAGES)
    return args


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def app_settings(store_dir: Path, overrides: list[str]) -> dict:
    """production.ini's app settings on the embedded catalog: what the server runs too."""
    settings, _ = http.production_sections()
    settings.update({"mongodb.uri": "", "onair.store_dir": str(store_dir), "onair.demo_on_empty": "false"})
    for item in overrides:
        key, _, value = item.partition("=")
        settings[key.strip()] = value.strip()
    return settings


def get_catalog(args, tmp: Path) -> tuple[Path, dict]:
    """Build the catalog (or reuse one built earlier into --catalog). Returns its folder and facts."""
    from app.progress import progress_printer

    folder = args.catalog or tmp / "catalog"
    facts_file = folder / "catalog.json"
    wanted = {"episodes": args.episodes, "transcript_kb": args.transcript_kb}
    if facts_file.exists():
        facts = json.loads(facts_file.read_text())
        if facts.get("wanted") == wanted:
            say(f"Reusing the catalog in {folder} (seeded in {facts['seed_s']:.1f} s when built).")
            return folder, facts
        raise SystemExit(f"{folder} holds a different catalog ({facts.get('wanted')}); choose another folder.")
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty and is not a bench catalog; choose another folder.")
    say(f"Building the catalog: demo + {args.episodes} synthetic episodes, ~{args.transcript_kb} KB transcripts...")
    built = catalog_mod.build(folder, args.episodes, args.transcript_kb, progress=progress_printer())
    facts = {"wanted": wanted, "seed_s": round(built.seed_seconds, 2), "flush_s": round(built.flush_seconds, 2),
             "size_bytes": built.size_bytes, "counts": built.counts}
    facts_file.write_text(json.dumps(facts, indent=2))
    say(f"Seeded in {built.seed_seconds:.1f} s (of which writing the files {built.flush_seconds:.1f} s), "
        f"{built.size_bytes / 1e6:.1f} MB of BSON.")
    return folder, facts


def in_process(args, settings: dict) -> tuple[dict, dict, dict, float, int]:
    """Time every page with the WSGI app called directly. Also returns what HTTP should request."""
    import mongoengine

    from app import main
    from data.catalog.episode import Episode

    started = time.perf_counter()
    app = main({}, **settings)
    start_s = time.perf_counter() - started
    say(f"In-process app started in {start_s:.2f} s.")
    results, plans, notes = {}, {}, {}
    try:
        public = Episode.objects.public().count()
        paths = catalog_mod.page_paths(app, args.paths)
        paths["feed_304"] = paths["feed"][:1]
        for page in args.pages:
            page_paths = paths[page]
            headers, expect = {}, 200
            if page == "feed_304":
                first = inprocess.probe(app, page_paths[0])
                if first.status_code != 200 or not (first.etag or first.last_modified):
                    notes[page] = f"n/a: {page_paths[0]} answered {first.status_code} without a validator"
                    say(f"  {page:<11} {notes[page]}")
                    continue
                headers = ({"If-None-Match": first.headers["ETag"]} if first.etag
                           else {"If-Modified-Since": first.headers["Last-Modified"]})
                expect = 304
            probe = inprocess.probe(app, page_paths[0])
            if page != "feed_304" and probe.status_code == 404:
                notes[page] = f"n/a: {page_paths[0]} answers 404 (not built on this branch)"
                say(f"  {page:<11} {notes[page]}")
                continue
            result = inprocess.time_page(app, page_paths, args.requests, headers=headers, expect=expect)
            cache = getattr(app.registry, "page_cache", None)
            if cache is not None:  # the same requests with the page cache emptied before each: render cost
                miss = inprocess.time_page(app, page_paths, args.requests, warmup=0, headers=headers,
                                           expect=expect, before_each=cache.clear)
                result.update(miss_p50_ms=miss["p50_ms"], miss_p99_ms=miss["p99_ms"])
            results[page] = result
            plans[page] = {"paths": page_paths, "headers": headers, "expect": expect}
            say(f"  {page:<11} p50 {result['p50_ms']:7.2f} ms  p99 {result['p99_ms']:7.2f} ms  "
                f"max {result['max_ms']:7.2f} ms  first {result['first_ms']:7.1f} ms  "
                f"{result['bytes'] / 1024:6.1f} KB  unexpected {result['unexpected']}"
                + (f"  uncached p50 {result['miss_p50_ms']:7.2f} ms p99 {result['miss_p99_ms']:7.2f} ms"
                   if "miss_p50_ms" in result else ""))
    finally:
        if app.registry.store is not None:
            app.registry.store.close()
        mongoengine.disconnect()
    return results, plans, notes, start_s, public


def over_http(args, settings: dict, plans: dict, tmp: Path) -> tuple[dict, float | None, float | None, int]:
    _, server_settings = http.production_sections()
    threads = int(server_settings.get("threads", 4))
    # PYTHONPATH: the trivial app lives in bench/, which is not an installed package.
    env = {**throwaway_secrets(), "ONAIR_MONGODB_URI": "", "PYTHONPATH": str(ROOT)}

    def serve(name: str, app_section: dict, first_path: str = "/") -> http.Server:
        port = http.free_port()
        ini = http.write_ini(tmp / f"{name}.ini", app_section, {**server_settings, "listen": f"127.0.0.1:{port}"})
        return http.start(ini, port, tmp / f"{name}.log", first_path=first_path, env=env)

    results = {"trivial": {}, "pages": {}}
    say(f"Over HTTP: waitress with production.ini's server settings ({threads} threads), "
        f"wrk {args.duration:.0f} s per run at {', '.join(map(str, args.connections))} connections.")
    trivial = serve("trivial", {"use": "call:bench.trivial:main"})
    try:
        paths_file = tmp / "trivial.paths"
        paths_file.write_text("/\n")
        for conns in args.connections:
            entry = http.run_wrk(trivial.base_url, paths_file, conns, args.duration)
            results["trivial"][str(conns)] = entry
            say(f"  trivial     @{conns:<3} {entry['rps']:8.0f} req/s  p50 {entry['p50_ms']:7.2f} ms  "
                f"p99 {entry['p99_ms']:7.2f} ms  errors {entry['errors']}")
    finally:
        trivial.stop()

    server = serve("onair", {"use": "egg:onair", **settings})
    say(f"  onair cold start to first response: {server.cold_start_s:.2f} s")
    try:
        for page, plan in plans.items():
            paths_file = tmp / f"{page}.paths"
            paths_file.write_text("\n".join(plan["paths"]) + "\n")
            if plan["expect"] == 304:
                plan = {**plan, "headers": http.validator_headers(server.base_url + plan["paths"][0])}
            for path in plan["paths"]:  # compile templates and warm up before the clock starts
                http.fetch(server.base_url + path, plan["headers"])
            results["pages"][page] = {}
            for conns in args.connections:
                entry = http.run_wrk(server.base_url, paths_file, conns, args.duration,
                                     expect=plan["expect"], headers=plan["headers"])
                ceiling = results["trivial"].get(str(conns), {}).get("rps")
                entry["ratio"] = entry["rps"] / ceiling if ceiling else None
                results["pages"][page][str(conns)] = entry
                say(f"  {page:<11} @{conns:<3} {entry['rps']:8.0f} req/s  p50 {entry['p50_ms']:7.2f} ms  "
                    f"p99 {entry['p99_ms']:7.2f} ms  ×trivial {entry['ratio'] or 0:.2f}  errors {entry['errors']}")
        peak = server.peak_rss_mb()
    finally:
        server.stop()
    return results, server.cold_start_s, peak, threads


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.readme:
        done = report.render_readme(report.latest())
        say("README.md updated." if done else f"README.md has no {report.START} ... {report.END} markers.")
        return 0 if done else 1
    if os.environ.pop("ONAIR_MONGODB_URI", None):
        say("Note: ONAIR_MONGODB_URI is ignored; the benchmark runs on the embedded store.")
    throwaway_secrets()
    if not args.no_http and not http.wrk_installed():
        raise SystemExit("wrk is not installed: apt-get install -y wrk (or run with --no-http).")

    load_start = os.getloadavg()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory(prefix="onair-bench-") as tmp_name:
        tmp = Path(tmp_name)
        folder, facts = get_catalog(args, tmp)
        settings = app_settings(folder, args.set)
        inproc, plans, notes, start_s, public = in_process(args, settings)
        http_results, cold, peak, threads = ({}, None, None, None)
        if not args.no_http:
            http_results, cold, peak, threads = over_http(args, settings, plans, tmp)

    result = {
        "timestamp": stamp, "label": args.label, "commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"connections": args.connections if not args.no_http else [], "duration_s": args.duration,
                     "requests": args.requests, "paths_per_page": args.paths, "threads": threads,
                     "overrides": args.set, "quick": args.quick},
        "catalog": {"episodes_public": public, "seed_s": facts["seed_s"], "flush_s": facts.get("flush_s"),
                    "size_bytes": facts["size_bytes"], "counts": facts["counts"]},
        "inprocess": inproc, "inprocess_start_s": start_s, "http": http_results,
        "cold_start_s": cold, "peak_rss_mb": peak, "skipped": notes,
        # Other work on the machine skews absolute numbers; the ratios to the trivial view hold better.
        "load_average": {"start": load_start, "end": os.getloadavg()},
    }
    print(report.table(result))
    if not args.no_save:
        path = report.write(result)
        say(f"Wrote {path.relative_to(ROOT)} and bench/results/latest.json.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
