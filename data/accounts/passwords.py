"""Password hashing and password rules: the one place either is decided.

argon2id at OWASP's minimum or above (19 MiB memory, 2 passes, 1 lane). bcrypt and
pbkdf2_sha256 are accepted for hashes brought from elsewhere and are replaced with
argon2id the next time their owner logs in (``deprecated="auto"``).
"""
from __future__ import annotations

import functools
import secrets

from passlib.context import CryptContext

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing a megabyte of "password" is a denial of service, not a password

CONTEXT = CryptContext(
    schemes=["argon2", "bcrypt", "pbkdf2_sha256"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=19456,  # KiB = 19 MiB
    argon2__rounds=2,           # argon2's time_cost
    argon2__parallelism=1,
)


def hash_password(password: str) -> str:
    return CONTEXT.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A real argon2id hash of a random secret: verifying against it costs what a real check costs."""
    return CONTEXT.hash(secrets.token_urlsafe(24))


def verify(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """(matches, new hash to store or None). With no stored hash, still pays for one verify."""
    password = str(password or "")
    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]
        stored_hash = None  # too long to be anyone's password; still spend the same time
    try:
        ok, new_hash = CONTEXT.verify_and_update(password, stored_hash or _dummy_hash())
    except ValueError:
        # A malformed stored hash, or bcrypt's 72-byte limit on a legacy hash: not a match.
        return False, None
    if stored_hash is None:
        return False, None
    return ok, new_hash


def password_problems(password: str, email: str = "") -> list[str]:
    """Why a new password is refused, in plain words. An empty list means it is fine."""
    password = password or ""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"A password needs at least {MIN_LENGTH} characters; this one has {len(password)}. "
                        "A few unrelated words make a long password that is easy to remember.")
    if len(password) > MAX_LENGTH:
        problems.append(f"A password can have at most {MAX_LENGTH} characters.")
    email = (email or "").strip().lower()
    lowered = password.strip().lower()
    if email and lowered:
        local_part = email.split("@", 1)[0]
        if lowered == email or (local_part and lowered == local_part):
            problems.append("The password cannot be your email address or its name part: "
                            "anyone who knows your address would guess it.")
    return problems
