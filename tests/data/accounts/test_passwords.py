"""The one CryptContext and the password rules."""
import pytest
from passlib.hash import bcrypt, pbkdf2_sha256

from data.accounts import passwords


def test_new_hashes_are_argon2id_at_owasp_minimum_or_above():
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify("correct horse battery staple", stored) == (True, None)
    assert passwords.verify("Correct horse battery staple", stored) == (False, None)


@pytest.mark.parametrize("old", [pbkdf2_sha256, bcrypt])
def test_old_hashes_verify_and_come_back_as_argon2id(old):
    ok, new_hash = passwords.verify("an old but long password", old.hash("an old but long password"))
    assert ok and new_hash.startswith("$argon2id$")


def test_no_stored_hash_still_pays_for_one_verification(monkeypatch):
    calls = []
    real = passwords.CONTEXT.verify_and_update
    monkeypatch.setattr(passwords.CONTEXT, "verify_and_update", lambda s, h: calls.append(h) or real(s, h))
    assert passwords.verify("anything at all here", None) == (False, None)
    assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_odd_input_is_a_no_not_an_error():
    assert passwords.verify("x" * 5000, passwords.hash_password("x" * 12))[0] is False
    # bcrypt refuses secrets over 72 bytes: against a legacy bcrypt hash that is a plain "no".
    assert passwords.verify("y" * 100, bcrypt.hash("y" * 20)) == (False, None)
    assert passwords.verify("password", "not a hash at all") == (False, None)
    assert passwords.verify("", passwords.hash_password("a long enough one")) == (False, None)


@pytest.mark.parametrize("password, email, fragment", [
    ("short", "", "at least 12 characters; this one has 5"),
    ("", "", "at least 12 characters; this one has 0"),
    ("Host@Example.com", "host@example.com", "cannot be your email address"),
    (" host@example.com ", "host@example.com", "cannot be your email address"),
    ("averylongname", "AveryLongName@example.com", "cannot be your email address or its name part"),
    ("x" * 1025, "", "at most 1024 characters"),
])
def test_rules_explain_a_refusal(password, email, fragment):
    problems = passwords.password_problems(password, email)
    assert any(fragment in problem for problem in problems), problems


@pytest.mark.parametrize("password", ["correct horse battery staple", "host@example.com and more", "tr0ub4dor&3xyz"])
def test_good_passwords_pass(password):
    assert passwords.password_problems(password, "host@example.com") == []
