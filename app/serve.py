"""waitress, with a graceful stop on SIGTERM.

waitress on its own dies at once on SIGTERM (the signal's default action), cutting
off every response it is writing. Process managers (systemd, Docker, Kubernetes)
stop services with SIGTERM, so a deploy would break the requests in flight. This
runner serves exactly as ``waitress.serve`` does, and on SIGTERM:

1. stops listening, so new connections are refused (the proxy retries elsewhere);
2. lets every connection that has started a request receive its whole response;
3. closes idle keep-alive connections, and exits when nothing is left in flight,
   or after ``graceful_timeout`` seconds (default 20), whichever comes first.

It also keeps HTTP/1.1 connections open after a 304 (or 204): waitress closes the
connection after every response without a Content-Length, and those answers may not carry
one, so every feed poll that came back 304 paid a new TCP connection.

``pserve`` uses it through ``[server:main] use = egg:onair#waitress``; every other
key of that section is a waitress setting, as with ``egg:waitress#main``.

One difference: ``trusted_proxy`` may list several addresses or networks
(``10.0.0.10 10.0.0.11``, ``10.0.1.0/24``); waitress itself takes one address or ``*``.
Only a peer on that list may set the client address, host and scheme through the
``trusted_proxy_headers``; from anyone else those headers are dropped, so REMOTE_ADDR,
which login throttling counts by, stays the address the connection came from.
"""
from __future__ import annotations

import ipaddress
import logging
import re
import signal
import time

from waitress import create_server, wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.proxy_headers import proxy_headers_middleware
from waitress.server import BaseWSGIServer
from waitress.task import WSGITask

log = logging.getLogger(__name__)

DEFAULT_GRACEFUL_TIMEOUT = 20.0


class KeepAliveTask(WSGITask):
    """A WSGITask that does not close an HTTP/1.1 connection just because a 304/204 has no length.

    A bodiless answer ends at its headers (RFC 9112 §6.3), so the client knows where the next
    response starts; waitress's "no Content-Length -> close" rule is only needed for bodies."""

    _building_bodiless = False

    def build_response_header(self):
        self._building_bodiless = not self.has_body and self.version == "1.1"
        try:
            return super().build_response_header()
        finally:
            self._building_bodiless = False

    def set_close_on_finish(self) -> None:
        if self._building_bodiless and self.request.headers.get("CONNECTION", "").lower() != "close":
            return  # the bodiless-response rule only; the client's own "close" still closes
        super().set_close_on_finish()


class KeepAliveChannel(HTTPChannel):
    task_class = KeepAliveTask


def keep_alive_on_bodiless(server) -> None:
    """Make every listener of ``create_server``'s result hand out KeepAliveChannels."""
    listeners = [server] if isinstance(server, BaseWSGIServer) else [
        obj for obj in server.map.values() if isinstance(obj, BaseWSGIServer)]
    for listener in listeners:
        listener.channel_class = KeepAliveChannel


PROXY_SETTINGS = ("trusted_proxy", "trusted_proxy_count", "trusted_proxy_headers",
                  "clear_untrusted_proxy_headers", "log_untrusted_proxy_headers")


def _peer_matcher(listed: str):
    """``trusted_proxy`` as a test of REMOTE_ADDR: addresses and networks, ``*`` for any peer,
    other words (waitress's ``localhost`` for a unix socket) as they are."""
    entries = [entry for entry in re.split(r"[\s,]+", listed or "") if entry]
    if "*" in entries:
        return lambda peer: True
    networks, names = [], set()
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry)

    def trusted(peer: str) -> bool:
        if peer in names:
            return True
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in networks)

    return trusted


def trusted_proxies(app, **settings):
    """The app behind waitress's proxy-header handling, trusting only the listed peers."""
    listed = settings.get("trusted_proxy")
    # waitress checks and parses the other settings (and refuses headers without a proxy).
    adj = Adjustments(**{**settings, "trusted_proxy": "*" if listed else None})
    options = dict(trusted_proxy_count=adj.trusted_proxy_count, trusted_proxy_headers=adj.trusted_proxy_headers,
                   clear_untrusted=adj.clear_untrusted_proxy_headers, log_untrusted=adj.log_untrusted_proxy_headers)
    believed = proxy_headers_middleware(app, trusted_proxy="*", **options)
    not_believed = proxy_headers_middleware(app, trusted_proxy=None, **options)  # None matches no peer
    is_trusted = _peer_matcher(listed)

    def proxy_headers(environ, start_response):
        handler = believed if is_trusted(environ.get("REMOTE_ADDR", "")) else not_believed
        return handler(environ, start_response)

    return proxy_headers


def make_server(app, **kw):
    """waitress's ``create_server``, with the proxy settings above and keep-alive after a 304."""
    proxy = {name: kw.pop(name) for name in PROXY_SETTINGS if name in kw}
    app = trusted_proxies(app, **proxy)
    server = create_server(app, clear_untrusted_proxy_headers=False, **kw)  # done by trusted_proxies
    keep_alive_on_bodiless(server)
    return server


class GracefulServer:
    """Runs a waitress server's loop until SIGTERM, then drains it."""

    def __init__(self, server, graceful_timeout: float = DEFAULT_GRACEFUL_TIMEOUT):
        self.server = server
        self.graceful_timeout = graceful_timeout
        # One listen address gives a TcpWSGIServer (its own map); several give a MultiSocketServer.
        self.map = server._map if isinstance(server, BaseWSGIServer) else server.map
        self.adj = server.adj
        self.stop_requested = False
        self.deadline: float | None = None

    def request_stop(self, signum=None, frame=None) -> None:
        """The SIGTERM handler: only sets flags; the loop does the work between polls."""
        if self.stop_requested:  # a second SIGTERM: stop waiting
            self.deadline = time.monotonic()
        self.stop_requested = True

    def _poll(self, timeout: float) -> None:
        wasyncore.loop(timeout=timeout, map=self.map, use_poll=self.adj.asyncore_use_poll, count=1)

    def _channels(self) -> list[HTTPChannel]:
        return [obj for obj in list(self.map.values()) if isinstance(obj, HTTPChannel)]

    @staticmethod
    def _in_flight(channel: HTTPChannel) -> bool:
        # A request being received, queued or served, or a response not yet sent.
        return bool(channel.request is not None or channel.requests or channel.total_outbufs_len)

    def run(self) -> int:
        """Serve until SIGTERM; return the number of requests cut off (0 after a clean drain)."""
        previous = signal.signal(signal.SIGTERM, self.request_stop)
        try:
            while not self.stop_requested:
                self._poll(self.adj.asyncore_loop_timeout)
            return self._drain()
        except KeyboardInterrupt:  # Ctrl-C: stop at once, as plain waitress does
            return len([c for c in self._channels() if self._in_flight(c)])
        finally:
            self.server.task_dispatcher.shutdown()
            wasyncore.close_all(self.map)
            signal.signal(signal.SIGTERM, previous)

    def _drain(self) -> int:
        for listener in [obj for obj in list(self.map.values()) if isinstance(obj, BaseWSGIServer)]:
            listener.accepting = False
            # Close the listening socket only: the trigger that wakes this loop stays open.
            wasyncore.dispatcher.close(listener)
        busy = [c for c in self._channels() if self._in_flight(c)]
        log.info("SIGTERM: no longer accepting connections; finishing %d request(s) in flight "
                 "(up to %.0f s)", len(busy), self.graceful_timeout)
        if self.deadline is None:
            self.deadline = time.monotonic() + self.graceful_timeout
        while time.monotonic() < self.deadline:
            busy = []
            for channel in self._channels():
                if self._in_flight(channel):
                    busy.append(channel)
                else:
                    channel.will_close = True  # idle keep-alive: closed on the next poll
            if not busy:
                log.info("SIGTERM: every request finished; stopped.")
                return 0
            self._poll(0.05)
        busy = [c for c in self._channels() if self._in_flight(c)]
        log.warning("SIGTERM: stopped after %.0f s with %d request(s) unfinished.",
                    self.graceful_timeout, len(busy))
        return len(busy)


def serve(app, graceful_timeout=DEFAULT_GRACEFUL_TIMEOUT, **kw) -> int:
    """Like ``waitress.serve(app, **kw)``, with the graceful SIGTERM stop described above."""
    logging.basicConfig()
    server = make_server(app, **kw)
    server.print_listen("Serving on http://{}:{}")
    return GracefulServer(server, float(graceful_timeout)).run()


def serve_paste(app, global_conf, **kw) -> int:
    """The paste.server_runner behind ``use = egg:onair#waitress``."""
    serve(app, **kw)
    return 0
