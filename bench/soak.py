"""make soak: wrk hammers a mix of public pages (64 connections, 60 s) while an admin script
keeps saving an episode through the real edit form. Then: 0 errors, no stale pages (every
page that shows the episode shows its last saved title), and the server's memory (RSS) at the
start and end. Not part of the test suite; numbers go to stdout and test-artifacts/soak.json.

    .venv/bin/python -m bench.soak [--connections 64] [--duration 60] [--threads 8]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bs4 import BeautifulSoup

from tests.live import REPO, AdminClient, LiveServer, create_account

ADMIN = ("soak-admin@example.com", "a long enough soak passphrase")
EPISODE_PAGE = "/episodes/show/67/property-based-testing-with-hypothesis"


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def seed_store(folder: Path) -> None:
    import mongoengine

    from app.embedded.store import EmbeddedStore
    from data.demo.content import seed_demo

    store = EmbeddedStore(folder).open()
    try:
        seed_demo()
        store.flush()
    finally:
        store.close()
        mongoengine.disconnect()


def public_paths(server: LiveServer) -> list[str]:
    """Every page the site links from its own lists: home, archives, episodes, transcripts,
    guests, courses, sponsors, search and the feeds (sponsor redirects left out: they write)."""
    paths = {"/", "/episodes", "/episodes/all", "/guests", "/courses", "/sponsors", "/search?q=python",
             "/search?q=testing", "/episodes/rss", "/shows/pythonbytes/episodes/all", "/shows/pythonbytes/episodes/rss"}
    for listing in ("/episodes", "/guests", "/courses"):
        _, _, body = server.request(listing)
        for href in re.findall(rb'href="http://127\.0\.0\.1:\d+(/(?:episodes/show|shows/[^/"]+/episodes/show|guests|courses)/[^"?#]+)"', body):
            paths.add(href.decode())
    _, _, body = server.request(EPISODE_PAGE)
    paths.update(h.decode() for h in re.findall(rb'href="http://127\.0\.0\.1:\d+(/episodes/transcript/[^"?#]+)"', body))
    return sorted(paths)


def form_fields(html: bytes) -> list[tuple[str, str]]:
    """What a browser would send for the edit form as it stands (without pressing a button)."""
    form = BeautifulSoup(html, "html.parser").find("form", id="edit-form")
    pairs = []
    for element in form.find_all(["input", "textarea", "select"]):
        name, kind = element.get("name"), (element.get("type") or "").lower()
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                pairs.append((name, element.get("value", "on")))
        elif element.name == "select":
            pairs += [(name, option.get("value", option.text)) for option in element.find_all("option")
                      if option.has_attr("selected")]
        elif element.name == "textarea":
            pairs.append((name, element.text.removeprefix("\n")))
        else:
            pairs.append((name, element.get("value", "")))
    return pairs


class EpisodeEditor(threading.Thread):
    """The admin script: open the episode's edit form, change the title, save; again and again."""

    def __init__(self, server: LiveServer, edit_path: str):
        super().__init__(daemon=True)
        self.admin = AdminClient(server, *ADMIN)
        self.edit_path = edit_path
        self.stop = threading.Event()
        self.saved, self.failed, self.last_title = 0, [], None

    def run(self):
        number = 0
        while not self.stop.is_set():
            number += 1
            status, _, html = self.admin.get(self.edit_path)
            if status != 200:
                self.failed.append(f"GET edit form: {status}")
                continue
            title = f"Property-based testing with Hypothesis, take {number}"
            fields = [(k, v) for k, v in form_fields(html) if k not in ("title", "csrf_token")]
            status, _, body = self.admin.post(self.edit_path, fields + [("title", title), ("save", "1")])
            if status == 303:
                self.saved += 1
                self.last_title = title
            else:
                self.failed.append(f"save: {status} {body[:200]!r}")


def run_wrk(server: LiveServer, paths_file: Path, connections: int, duration: int) -> dict:
    command = ["wrk", f"-t{min(4, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(REPO / "bench" / "soak.lua"), server.url, "--", str(paths_file)]
    print("  $", " ".join(command), flush=True)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    print("\n".join("  | " + line for line in output.splitlines() if not line.startswith("SOAK-JSON")))
    return json.loads(output.split("SOAK-JSON", 1)[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("soak needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="onair-soak-"))
    print(f"[1/5] seeding a demo store in {work}", flush=True)
    seed_store(work / "store")
    create_account(work / "store", *ADMIN)
    server = LiveServer(work, work / "store", threads=args.threads, graceful_timeout=30).start()
    try:
        paths = public_paths(server)
        (work / "paths.txt").write_text("\n".join(paths) + "\n")
        print(f"[2/5] warming {len(paths)} pages", flush=True)
        for path in paths:
            status, _, _ = server.request(path)
            assert status == 200, (path, status)
        rss_start = rss_kb(server.process.pid)

        admin_list = AdminClient(server, *ADMIN).get("/admin/episodes")[2]
        edit_path = re.search(rb'href="http://127\.0\.0\.1:\d+(/admin/episodes/[0-9a-f]{24}/edit)"[^>]*>Property-based',
                              admin_list).group(1).decode()
        editor = EpisodeEditor(server, edit_path)
        print(f"[3/5] wrk: {args.connections} connections for {args.duration} s, "
              f"while the admin saves {edit_path}", flush=True)
        editor.start()
        samples, sampling = [rss_start], threading.Event()

        def sample_rss():  # every tenth of the run: growth that levels off is warm-up, not a leak
            while not sampling.wait(args.duration / 10):
                samples.append(rss_kb(server.process.pid))

        sampler = threading.Thread(target=sample_rss, daemon=True)
        sampler.start()
        result = run_wrk(server, work / "paths.txt", args.connections, args.duration)
        sampling.set()
        editor.stop.set()
        editor.join(30)
        rss_end = rss_kb(server.process.pid)

        print("[4/5] checking for stale pages", flush=True)
        stale = []
        for path in ["/", "/episodes", "/episodes/all", EPISODE_PAGE, "/episodes/rss", "/search?q=hypothesis",
                     "/guests/david-maciver"]:
            status, _, body = server.request(path)
            if editor.last_title and editor.last_title.encode() not in body.replace(b"&#x27;", b"'"):
                stale.append(f"{path} ({status}) does not show {editor.last_title!r}")
    finally:
        print("[5/5] stopping the server (SIGTERM)", flush=True)
        code = server.stop()

    errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    report = {
        "connections": args.connections, "duration_s": args.duration, "waitress_threads": args.threads,
        "pages": len(paths), "requests": result["requests"],
        "requests_per_s": round(result["requests"] / (result["duration_us"] / 1e6), 1),
        "p50_ms": result["p50_ms"], "p99_ms": result["p99_ms"], "max_ms": result["max_ms"],
        "errors": {k: result[k] for k in ("connect", "read", "write", "status", "timeout")},
        "admin_saves": editor.saved, "admin_save_failures": editor.failed[:5], "last_saved_title": editor.last_title,
        "stale_pages": stale, "rss_start_mb": round(rss_start / 1024, 1), "rss_end_mb": round(rss_end / 1024, 1),
        "rss_samples_mb": [round(kb / 1024, 1) for kb in samples],
        "server_exit_code": code,
    }
    out = REPO / "test-artifacts" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    ok = errors == 0 and not stale and not editor.failed and editor.saved > 0 and code == 0
    print(f"soak {'passed' if ok else 'FAILED'}: {result['requests']} requests, {errors} errors, "
          f"{editor.saved} admin saves, {len(stale)} stale pages, RSS {report['rss_start_mb']} -> "
          f"{report['rss_end_mb']} MB (report in {out})")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
