"""The disk is full (or the store folder is not writable): the write gets a clear 503, nothing
already stored is lost, readers still get their pages, and the next flush writes what is pending.

Two ways to fill the disk: a real one (a 512 KB tmpfs filled to the brim, which needs root and
mount rights; skipped without them), and OSError(ENOSPC) injected into the store's file writer,
which runs everywhere. Permissions (chmod) would not do: the tests often run as root.
"""
import errno
import os
import subprocess
from pathlib import Path

import bson
import mongoengine
import pytest
import webtest

import app.embedded.store as store_module
from app import main
from tests.conftest import BASE_SETTINGS
from tests.live import copy_store


def sponsor_file(store_dir: Path) -> Path:
    return store_dir / "onair" / "sponsors.bson"


def clicks_in(path: Path, slug: str) -> int:
    return next(doc["clicks"] for doc in bson.decode_all(path.read_bytes()) if doc["slug"] == slug)


def check_disk_full_cycle(testapp, store_dir: Path, make_space) -> None:
    path = sponsor_file(store_dir)
    slug = next(doc["slug"] for doc in bson.decode_all(path.read_bytes()) if doc.get("active", True))
    before = path.read_bytes()

    page = testapp.get(f"/{slug}", status=503)
    assert "could not be saved" in page.text and "disk is full" in page.text
    assert "Traceback" not in page.text and "Errno" not in page.text
    assert path.read_bytes() == before  # the old file is untouched and still loads
    assert not list(path.parent.glob(".*.tmp")), "a half-written temp file was left on the full disk"

    testapp.get("/episodes", status=200)  # readers are served while the save is pending

    make_space()
    testapp.get(f"/{slug}", status=302)
    # The click that got the 503 was still pending in memory: the next flush wrote it too.
    assert clicks_in(path, slug) == clicks_in_bytes(before, slug) + 2


def clicks_in_bytes(data: bytes, slug: str) -> int:
    return next(doc["clicks"] for doc in bson.decode_all(data) if doc["slug"] == slug)


def make_app(store_dir: Path):
    application = main({}, **BASE_SETTINGS, **{"onair.store_dir": str(store_dir)})
    return application, webtest.TestApp(application, extra_environ={"HTTP_HOST": "localhost"})


def test_injected_enospc(demo_snapshot, tmp_path, monkeypatch):
    store_dir = copy_store(demo_snapshot, tmp_path / "store")
    application, testapp = make_app(store_dir)
    real_write = store_module._atomic_write

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_module, "_atomic_write", full_disk)
    try:
        check_disk_full_cycle(testapp, store_dir,
                              make_space=lambda: monkeypatch.setattr(store_module, "_atomic_write", real_write))
    finally:
        application.registry.store.close()
        mongoengine.disconnect()


@pytest.fixture
def tiny_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'}); "
                    "test_injected_enospc covers the same path")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_real_full_disk(demo_snapshot, tiny_disk):
    store_dir = copy_store(demo_snapshot, tiny_disk / "store")
    application, testapp = make_app(store_dir)
    filler = tiny_disk / "filler"
    try:
        with open(filler, "wb", buffering=0) as handle:  # take every free block
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        check_disk_full_cycle(testapp, store_dir, make_space=filler.unlink)
    finally:
        filler.unlink(missing_ok=True)
        application.registry.store.close()
        mongoengine.disconnect()
