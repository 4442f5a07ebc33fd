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
    from data.catalog.episode import Episode
    from data.transcripts.transcript import Transcript

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



# --- onair create-admin / set-password ------------------------------------------------
STRONG = "a long enough passphrase"


def run_with_stdin(monkeypatch, argv, text):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return cli.main(argv)


def stored_user(tmp_path, email):
    """The account as the store on disk has it, opened again like the next process would."""
    from app.embedded.store import EmbeddedStore
    from data.accounts import user_service

    store = EmbeddedStore(tmp_path / "store").open()
    try:
        return user_service.by_email(email)
    finally:
        store.close()


def test_create_admin_reads_the_password_from_stdin(ini, tmp_path, monkeypatch, capsys):
    argv = ["-c", str(ini), "create-admin", "--email", "Host@Example.com", "--name", "The Host", "--password-stdin"]
    assert run_with_stdin(monkeypatch, argv, STRONG + "\n") == 0
    assert "Created admin host@example.com" in capsys.readouterr().out
    user = stored_user(tmp_path, "host@example.com")
    assert user.role == "admin" and user.active and user.display_name == "The Host"
    assert user.password_hash.startswith("$argon2id$")
    from data.accounts import passwords
    from data.editing.audit import AuditEntry

    assert passwords.verify(STRONG, user.password_hash)[0]
    entry = AuditEntry.objects(action="create", target_id=str(user.id)).first()
    assert entry.ip == "command line" and entry.changes["role"] == [None, "admin"]


@pytest.mark.parametrize("password, reason", [
    ("short one", "at least 12 characters"),
    ("editor@example.com", "cannot be your email address"),
    ("EDITOR", "at least 12 characters"),
])
def test_create_admin_refuses_weak_passwords_in_plain_words(ini, tmp_path, monkeypatch, capsys, password, reason):
    argv = ["-c", str(ini), "create-admin", "--email", "editor@example.com", "--password-stdin"]
    assert run_with_stdin(monkeypatch, argv, password + "\n") == 1
    assert reason in capsys.readouterr().err
    assert stored_user(tmp_path, "editor@example.com") is None


def test_create_admin_asks_twice_without_echo(ini, tmp_path, monkeypatch, capsys):
    import getpass

    answers = iter([STRONG, STRONG + " typo"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    argv = ["-c", str(ini), "create-admin", "--email", "twice@example.com"]
    assert cli.main(argv) == 1
    assert "not the same" in capsys.readouterr().err
    answers = iter([STRONG, STRONG])
    assert cli.main(argv) == 0
    assert stored_user(tmp_path, "twice@example.com").display_name == "twice"


def test_create_admin_has_no_password_argument(ini, capsys):
    with pytest.raises(SystemExit):
        cli.main(["-c", str(ini), "create-admin", "--email", "x@example.com", "--password", STRONG])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_create_admin_refuses_an_existing_email(ini, monkeypatch, capsys):
    argv = ["-c", str(ini), "create-admin", "--email", "dup@example.com", "--password-stdin"]
    assert run_with_stdin(monkeypatch, argv, STRONG + "\n") == 0
    assert run_with_stdin(monkeypatch, argv, STRONG + "\n") == 1
    assert "set-password" in capsys.readouterr().err


def test_set_password_changes_it(ini, tmp_path, monkeypatch, capsys):
    from data.accounts import passwords

    create = ["-c", str(ini), "create-admin", "--email", "reset@example.com", "--password-stdin"]
    assert run_with_stdin(monkeypatch, create, STRONG + "\n") == 0
    change = ["-c", str(ini), "set-password", "--email", "RESET@example.com", "--password-stdin"]
    assert run_with_stdin(monkeypatch, change, "reset\n") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert run_with_stdin(monkeypatch, change, "another long passphrase\n") == 0
    user = stored_user(tmp_path, "reset@example.com")
    assert passwords.verify("another long passphrase", user.password_hash)[0]
    nobody = ["-c", str(ini), "set-password", "--email", "nobody@example.com", "--password-stdin"]
    assert run_with_stdin(monkeypatch, nobody, STRONG + "\n") == 1


def test_demo_content_still_loads_after_create_admin_on_a_fresh_store(tmp_path):
    from data.accounts.user import User
    from data.catalog.show import Show

    settings = {"onair.store_dir": str(tmp_path / "s"), "onair.session_secret": "x", "onair.auth_secret": "y"}
    from app.embedded.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "s").open()
    User(email="admin@example.com", display_name="Admin", role="admin", password_hash="x").save()
    store.flush()
    store.close()
    app = main({}, **settings)
    try:
        assert Show.objects.count() == 2 and User.objects.count() == 1
    finally:
        app.registry.store.close()
