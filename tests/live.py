"""A real onair server for tests: ``pserve`` in a subprocess, waitress on a free localhost port.

Browser tests, fault tests (SIGKILL, SIGTERM, a dead database) and the soak script use it,
so they exercise the same serve path as ``make run``: pserve -> egg:onair#waitress -> app.main.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import wave
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
MEDIA_PREFIX = "/_media/"

# The same settings the in-process tests use (tests/conftest.py), so new required keys flow here too.
from tests.conftest import BASE_SETTINGS  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pserve_command() -> list[str]:
    script = Path(sys.executable).with_name("pserve")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pyramid.scripts.pserve"]


INI = """\
[app:main]
use = {app_use}
{settings}

[server:main]
use = egg:onair#waitress
listen = 127.0.0.1:{port}
threads = {threads}
graceful_timeout = {graceful_timeout}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = INFO
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s][%(threadName)s] %(message)s
"""


class LiveServer:
    """One onair process. ``store_dir`` for the embedded store, or ``mongodb_uri`` for a server."""

    def __init__(self, workdir: Path, store_dir: Path | None = None, *, mongodb_uri: str = "",
                 media_dir: Path | None = None, threads: int = 4, graceful_timeout: float = 10,
                 port: int | None = None, settings: dict | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        values = {**BASE_SETTINGS, "onair.demo_on_empty": "false", **(settings or {})}
        values["mongodb.uri"] = mongodb_uri
        if store_dir is not None:
            values["onair.store_dir"] = str(store_dir)
        if media_dir is not None:
            values["onair.test_media_dir"] = str(media_dir)
        self.ini = self.workdir / f"live-{self.port}.ini"
        self.ini.write_text(INI.format(
            app_use="call:tests.live:app_with_media" if media_dir is not None else "egg:onair",
            settings="\n".join(f"{key} = {value}" for key, value in values.items()),
            port=self.port, threads=threads, graceful_timeout=graceful_timeout,
        ))
        self.log_path = self.workdir / f"live-{self.port}.log"
        self.process: subprocess.Popen | None = None

    # -- life cycle
    def start(self, timeout: float = 30) -> "LiveServer":
        env = {k: v for k, v in os.environ.items() if k not in ("ONAIR_MONGODB_URI", "ONAIR_TEST_MONGODB_URI")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(pserve_command() + [str(self.ini)], cwd=REPO, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"onair exited with {self.process.returncode} on start:\n{self.log()}")
            try:
                self.request("/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"onair did not answer within {timeout} s:\n{self.log()}")

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = 30) -> int:
        return self.process.wait(timeout)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait: the graceful stop."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        try:
            self.stop()
        finally:
            self.kill()

    # -- talking to it
    def request(self, path: str, method: str = "GET", body: bytes | None = None,
                headers: dict | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
        """One request on a new connection; redirects are not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


def create_account(store_dir: Path, email: str, password: str, role: str = "admin") -> None:
    """An account in a store no server has open, made the way `onair create-admin` makes one."""
    import mongoengine

    from app.embedded.store import EmbeddedStore
    from data.accounts import user_service

    store = EmbeddedStore(store_dir).open()
    try:
        user_service.create(email, email.split("@")[0], password, role=role)
        store.flush()
    finally:
        store.close()
        mongoengine.disconnect()


class AdminClient:
    """An admin's browser, reduced to what a script needs: a session cookie and a CSRF token."""

    def __init__(self, server: "LiveServer", email: str, password: str):
        self.server, self.cookies = server, {}
        self.token = self._token("/admin/login")
        status, _, _ = self.post("/admin/login", {"email": email, "password": password})
        if status != 303:
            raise RuntimeError(f"login as {email} failed with {status}")
        self.token = self._token("/admin")  # a new session and token after login

    def _remember(self, headers) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _send(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            headers = {"Host": f"127.0.0.1:{self.server.port}",
                       "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if content_type:
                headers["Content-Type"] = content_type
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self._remember(response.headers)
            return response.status, response.headers, data
        finally:
            connection.close()

    def _token(self, path: str) -> str:
        status, _, body = self._send("GET", path)
        match = re.search(rb'name="csrf_token" value="([^"]+)"', body)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return match.group(1).decode()

    def get(self, path: str):
        return self._send("GET", path)

    def post(self, path: str, fields):
        """``fields``: a dict, or a list of (name, value) pairs (repeated names, as forms send)."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode([("csrf_token", self.token), *pairs]).encode()
        return self._send("POST", path, body, "application/x-www-form-urlencoded")


def copy_store(snapshot: Path, target: Path) -> Path:
    shutil.copytree(snapshot, target)
    (target / "onair.lock").unlink(missing_ok=True)
    return target


def write_silent_wav(path: Path, seconds: int, rate: int = 8000) -> Path:
    """A real, playable audio file: unsigned 8-bit mono PCM silence."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * (rate * seconds))
    return path


def app_with_media(global_config, **settings):
    """The onair app, plus the test's media files under /_media/ (with HTTP range requests).

    The demo audio lives on example.com, which test machines cannot reach; a browser needs
    a real file to play and seek in.
    """
    from webob import Request
    from webob.static import DirectoryApp

    from app import main

    media = DirectoryApp(settings.pop("onair.test_media_dir"))
    application = main(global_config, **settings)

    def dispatch(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(MEDIA_PREFIX):
            request = Request(environ)
            request.path_info_pop()
            return media(request.environ, start_response)
        return application(environ, start_response)

    dispatch.registry = application.registry
    return dispatch
