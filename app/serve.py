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
"""
from __future__ import annotations

import logging
import signal
import time

from waitress import create_server, wasyncore
from waitress.channel import HTTPChannel
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
    server = create_server(app, **kw)
    keep_alive_on_bodiless(server)
    server.print_listen("Serving on http://{}:{}")
    return GracefulServer(server, float(graceful_timeout)).run()


def serve_paste(app, global_conf, **kw) -> int:
    """The paste.server_runner behind ``use = egg:onair#waitress``."""
    serve(app, **kw)
    return 0
