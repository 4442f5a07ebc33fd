"""Fault tests run the real app in a subprocess (tests/live.py) and hurt it."""
import socket

import pytest

from tests.live import copy_store


@pytest.fixture
def store_copy(demo_snapshot, tmp_path):
    """A fresh copy of the demo store on disk, for a server process to open."""
    return copy_store(demo_snapshot, tmp_path / "store")


@pytest.fixture
def closed_port():
    """A localhost port where nothing listens: bound (so nobody else takes it) but not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
