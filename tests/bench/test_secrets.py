"""make bench runs on a fresh clone: it makes its own secrets, and keeps ones already set."""
import os

from bench.run import throwaway_secrets

NAMES = ("ONAIR_SESSION_SECRET", "ONAIR_AUTH_SECRET")


def test_missing_secrets_are_generated_distinct_and_exported(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    env = throwaway_secrets()
    assert set(env) == set(NAMES)
    assert env["ONAIR_SESSION_SECRET"] != env["ONAIR_AUTH_SECRET"]  # security.includeme refuses equal ones
    assert all(len(value) >= 32 and os.environ[name] == value for name, value in env.items())
    assert throwaway_secrets() == env  # the in-process app and the server child get the same pair


def test_secrets_already_set_are_kept(monkeypatch):
    monkeypatch.setenv("ONAIR_SESSION_SECRET", "mine-session")
    monkeypatch.setenv("ONAIR_AUTH_SECRET", "mine-auth")
    assert throwaway_secrets() == {"ONAIR_SESSION_SECRET": "mine-session", "ONAIR_AUTH_SECRET": "mine-auth"}
