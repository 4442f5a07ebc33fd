"""The results table: printed, written as JSON, and rendered into README.md between markers."""
from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

PAGES = ("home", "archive", "episode", "transcript", "guest", "course", "feed", "feed_304", "search")
LABELS = {"archive": "archive (all)", "feed": "feed (full history)", "feed_304": "feed 304"}
# The in-process p50 targets, in milliseconds.
TARGET_P50_MS = {"home": 2, "episode": 2, "guest": 2, "course": 2, "archive": 5, "transcript": 10,
                 "search": 15, "feed": 20, "feed_304": 1}
TARGET_RATIO = 0.60


def _num(value, digits=1, suffix=""):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}{suffix}"


def _ms(value):
    if value is None:
        return "n/a"
    return _num(value, 2 if value < 10 else 1)


def table(result: dict) -> str:
    """Markdown: one row per page, in-process then HTTP at each connection count."""
    conns = [str(c) for c in result.get("settings", {}).get("connections", [])]
    inproc, http = result.get("inprocess", {}), result.get("http", {})
    head = ["page", "p50 ms", "p99 ms", "max ms", "target p50", "uncached p50", "uncached p99"]
    for c in conns:
        head += [f"req/s @{c}", f"p50 ms @{c}", f"p99 ms @{c}", f"× trivial @{c}"]
    head += ["errors"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def http_cells(entry_by_conn, trivial_row=False):
        cells, errors = [], 0
        for c in conns:
            entry = (entry_by_conn or {}).get(c)
            if not entry:
                cells += ["n/a"] * 4
                continue
            ratio = "1.00" if trivial_row else _num(entry.get("ratio"), 2)
            cells += [_num(entry["rps"], 0), _ms(entry["p50_ms"]), _ms(entry["p99_ms"]), ratio]
            errors += entry.get("errors", 0)
        return cells, errors

    for page in PAGES:
        ip = inproc.get(page) or {}
        target = TARGET_P50_MS.get(page)
        if ip.get("p50_ms") is None:
            row = [LABELS.get(page, page), "n/a", "n/a", "n/a", f"≤ {target}", "n/a", "n/a"]
            met = ""
        else:
            met = " ✓" if ip["p50_ms"] <= target else " ✗"
            row = [LABELS.get(page, page), _ms(ip["p50_ms"]), _ms(ip["p99_ms"]), _ms(ip["max_ms"]),
                   f"≤ {target}{met}", _ms(ip.get("miss_p50_ms")), _ms(ip.get("miss_p99_ms"))]
        cells, errors = http_cells(http.get("pages", {}).get(page))
        inproc_errors = ip.get("unexpected", 0) or 0
        total = errors + inproc_errors if (ip or http.get("pages", {}).get(page)) else None
        lines.append("| " + " | ".join(row + cells + [str(total) if total is not None else "n/a"]) + " |")
    if http.get("trivial"):
        cells, errors = http_cells(http["trivial"], trivial_row=True)
        lines.append("| " + " | ".join(["trivial view (ceiling)"] + [""] * 6 + cells + [str(errors)]) + " |")

    catalog, settings = result.get("catalog", {}), result.get("settings", {})
    size_mb = catalog.get("size_bytes", 0) / 1e6
    has_cache = any("miss_p50_ms" in entry for entry in inproc.values())
    facts = [
        ("in-process columns: p50/p99/max with every URL requested once before"
         + (" (page cache warm); uncached: the same requests with the page cache emptied before each one "
            "(the render cost)" if has_cache else " (no page cache in this run)")
         + "; HTTP columns: wrk through waitress, over the same URLs"),
        (f"catalog: {catalog.get('episodes_public', '?')} public episodes, {_num(size_mb, 1)} MB of BSON; "
         f"seeded in {_num(catalog.get('seed_s'), 1)} s"),
        f"cold start to first response (pserve, full catalog): {_num(result.get('cold_start_s'), 2)} s (target ≤ 3 s)",
        f"server peak RSS (VmHWM): {_num(result.get('peak_rss_mb'), 0)} MB (target ≤ 300 MB)",
        f"in-process app start (load store, configure): {_num(result.get('inprocess_start_s'), 2)} s",
        (f"waitress threads: {settings.get('threads', '?')}; wrk {settings.get('duration_s', '?')} s per page "
         f"and connection count; in-process {settings.get('requests', '?')} requests per page, "
         f"{settings.get('paths_per_page', '?')} distinct URLs per page type"),
    ]
    if result.get("load_average"):
        start, end = result["load_average"]["start"], result["load_average"]["end"]
        facts.append(f"machine: {result.get('machine', {}).get('cpus', '?')} CPUs; load average "
                     f"{start[0]:.1f} at the start, {end[0]:.1f} at the end")
    for page, why in (result.get("skipped") or {}).items():
        facts.append(f"{LABELS.get(page, page)}: {why}")
    if result.get("notes"):
        facts.append(str(result["notes"]))
    header = f"Run `{result.get('label') or 'bench'}` at {result.get('timestamp', '?')} (commit {result.get('commit', '?')})"
    return "\n".join([header, "", *lines, "", *(f"- {fact}" for fact in facts)])


def write(result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = result["timestamp"].replace(":", "").replace("-", "")
    path = RESULTS / f"{stamp}.json"
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    path.write_text(text)
    (RESULTS / "latest.json").write_text(text)
    return path


def latest() -> dict:
    return json.loads((RESULTS / "latest.json").read_text())


def render_readme(result: dict, readme: Path = README) -> bool:
    """Replace what is between the markers with the table. False if the markers are missing."""
    text = readme.read_text()
    if START not in text or END not in text:
        return False
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{table(result)}\n{END}{after}")
    return True
