"""The onair command: seed-demo (demo and synthetic), export for mongorestore, and start-up messages."""
import logging
import subprocess
import sys
import textwrap

import bson
import mongoengine
import pytest

from app import cli, main


@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "test.ini"
    path.write_text(textwrap.dedent(f"""
        [app:main]
        use = egg:onair
        onair.store_dir = {tmp_path / 'store'}
        onair.session_secret = cli-test
        onair.demo_on_empty = false
    """))
    yield path
    mongoengine.disconnect()


def test_seed_demo_then_export_gives_mongorestore_files(ini, tmp_path, capsys):
    assert cli.main(["-c", str(ini), "seed-demo"]) == 0
    assert "Seeded:" in capsys.readouterr().out
    assert cli.main(["-c", str(ini), "export", str(tmp_path / "dump")]) == 0
    out = capsys.readouterr().out
    assert "mongorestore" in out
    episodes = bson.decode_all((tmp_path / "dump" / "onair" / "episodes.bson").read_bytes())
    assert {doc["title"] for doc in episodes} >= {"Property-based testing with Hypothesis"}
    assert (tmp_path / "dump" / "onair" / "episodes.metadata.json").exists()


def test_seed_demo_synthetic_catalog_shows_progress_and_summary(ini, capsys):
    assert cli.main(["-c", str(ini), "seed-demo", "--episodes", "12", "--transcript-kb", "4",
                     "--guests", "5", "--courses", "2"]) == 0
    captured = capsys.readouterr()
    assert "12/12" in captured.err  # progress line reached the end
    assert "Seeded:" in captured.out and "in " in captured.out
    from data.episode import Episode
    from data.transcript import Transcript

    assert Episode.objects.count() >= 12 and Transcript.objects.count() >= 12


def test_start_up_log_names_the_mode_and_store(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="app")
    app = main({}, **{"onair.store_dir": str(tmp_path / "s"), "onair.session_secret": "x",
                      "onair.demo_on_empty": "false"})
    app.registry.store.close()
    assert any("embedded store" in r.getMessage() and str(tmp_path / "s") in r.getMessage()
               for r in caplog.records)


def test_a_second_server_on_the_same_store_exits_with_a_message(tmp_path):
    settings = {"onair.store_dir": str(tmp_path / "s"), "onair.session_secret": "x", "onair.demo_on_empty": "false"}
    app = main({}, **settings)
    code = f"from app import main; main({{}}, **{settings!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    app.registry.store.close()
    assert result.returncode == 1
    assert "is in use by pid" in result.stderr
    assert "Traceback" not in result.stderr
