"""Serve an app with waitress through pserve, as production does, and drive it with wrk."""
from __future__ import annotations

import configparser
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LUA = HERE / "paths.lua"

LOGGING = """
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


def production_sections(ini: Path = ROOT / "production.ini") -> tuple[dict, dict]:
    """production.ini's [app:main] and [server:main], uninterpolated."""
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # keep the keys' case
    parser.read(ini)
    return dict(parser["app:main"]), dict(parser["server:main"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ini(path: Path, app: dict, server: dict) -> Path:
    lines = ["[app:main]"] + [f"{k} = {v}" for k, v in app.items()]
    lines += ["", "[server:main]"] + [f"{k} = {v}" for k, v in server.items()]
    path.write_text("\n".join(lines) + "\n" + LOGGING)
    return path


@dataclass
class Server:
    process: subprocess.Popen
    base_url: str
    cold_start_s: float
    log_path: Path

    def peak_rss_mb(self) -> float | None:
        """VmHWM: the most resident memory the server process has ever had."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) / 1024 if match else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(ini: Path, port: int, log_path: Path, first_path: str = "/", timeout: float = 120.0,
          env: dict | None = None) -> Server:
    """Start ``pserve ini`` and wait for the first 200; the wait is the cold start."""
    pserve = Path(sys.executable).with_name("pserve")
    command = [str(pserve), str(ini)] if pserve.exists() else [sys.executable, "-m", "pyramid.scripts.pserve", str(ini)]
    started = time.perf_counter()
    with open(log_path, "wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env={**os.environ, **(env or {})})
    base_url = f"http://127.0.0.1:{port}"
    deadline = started + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base_url + first_path, timeout=5) as response:
                if response.status == 200:
                    response.read()
                    break
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            pass
        if time.perf_counter() > deadline:
            process.kill()
            raise RuntimeError(f"the server did not answer within {timeout:.0f} s")
        time.sleep(0.02)
    cold = time.perf_counter() - started
    return Server(process, base_url, cold, log_path)


def wrk_installed() -> bool:
    return shutil.which("wrk") is not None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    def find(pattern, cast=float, default=None):
        match = re.search(pattern, output, re.MULTILINE)
        return cast(match.group(1)) if match else default

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {
        "rps": find(r"^Requests/sec:\s+([\d.]+)"),
        "p50_ms": find(r"^\s+50%\s+(\S+)", _ms),
        "p99_ms": find(r"^\s+99%\s+(\S+)", _ms),
        "requests": find(r"^\s+(\d+) requests in", int, 0),
        "unexpected": find(r"^UNEXPECTED (\d+)", int, 0),
        "socket_errors": errors,
    }


def run_wrk(base_url: str, paths_file: Path, connections: int, duration: float, expect: int = 200,
            headers: dict | None = None, threads: int = 2) -> dict:
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{max(1, round(duration))}s",
               "--latency", "--timeout", "30s", "-s", str(LUA)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += [base_url + "/", "--", str(paths_file), str(expect)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    parsed = parse_wrk(result.stdout)
    # Errors: any status other than the expected one (200, or 304 for revalidation), plus socket errors.
    parsed["errors"] = parsed.pop("unexpected") + parsed["socket_errors"]
    return parsed


def validator_headers(url: str) -> dict:
    """The conditional-GET headers a client would send after one GET of ``url`` from this server.

    Feed ETags name the host they were served from, so the in-process probe's validator
    (Host: localhost) never matches over HTTP: take the server's own."""
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    if etag:
        return {"If-None-Match": etag}
    return {"If-Modified-Since": modified} if modified else {}


def fetch(url: str, headers: dict | None = None) -> int:
    """One request; the status (304 and errors included, never an exception)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
