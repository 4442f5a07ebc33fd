"""SIGTERM stops the server gracefully (app/serve.py): requests in flight finish, new
connections are refused, and the process exits 0. Plain waitress would die at once (exit -15)
and send nothing to a client that was still sending its request."""
import http.client
import signal
import socket
import threading
import time

import pytest

from tests.live import LiveServer


@pytest.fixture
def server(tmp_path, store_copy):
    live = LiveServer(tmp_path, store_copy, threads=4).start()
    yield live
    live.kill()


def read_all(sock) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_a_request_still_being_sent_gets_its_whole_response(server):
    # A slow client: half of the request line and headers, then a pause across the SIGTERM.
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    slow.sendall(b"GET /episodes HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    time.sleep(0.3)
    server.signal(signal.SIGTERM)
    time.sleep(1.5)  # the server has noticed (its loop wakes at least once a second)

    with pytest.raises(ConnectionRefusedError):  # no new connections while draining
        socket.create_connection(("127.0.0.1", server.port), timeout=2)

    slow.sendall(b"User-Agent: slow-client\r\nConnection: close\r\n\r\n")
    response = read_all(slow)
    slow.close()
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    assert len(body) == length and body.rstrip().endswith(b"</html>")
    assert server.wait(10) == 0
    assert "every request finished; stopped" in server.log()


def test_a_burst_in_flight_gets_complete_responses_or_clean_refusals(server):
    """Clients keep requesting pages through the SIGTERM. Every response that arrives is complete;
    the rest are refused connections or keep-alive connections closed before any byte was sent."""
    outcomes = {"complete": 0, "refused": 0, "closed_idle": 0}
    problems = []
    lock = threading.Lock()
    stop = threading.Event()

    def client():
        connection = None
        while not stop.is_set():
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                connection.request("GET", "/episodes")
                response = connection.getresponse()
                body = response.read()  # raises IncompleteRead if the response was cut off
                ok = response.status == 200 and body.rstrip().endswith(b"</html>")
                with lock:
                    outcomes["complete" if ok else "bad"] = outcomes.get("complete" if ok else "bad", 0) + 1
            except ConnectionRefusedError:
                with lock:
                    outcomes["refused"] += 1
                return
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: nothing of a response was lost.
                with lock:
                    outcomes["closed_idle"] += 1
                connection.close()
                connection = None
            except Exception as exc:  # a truncated response, a timeout...
                problems.append(repr(exc))
                return

    threads = [threading.Thread(target=client, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    server.signal(signal.SIGTERM)
    assert server.wait(20) == 0
    stop.set()
    for thread in threads:
        thread.join(10)
    assert problems == [] and "bad" not in outcomes, (problems, outcomes)
    assert outcomes["complete"] > 0 and outcomes["refused"] > 0
    print(f"SIGTERM during a burst: {outcomes}")
