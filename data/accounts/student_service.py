"""Student accounts: the User document with role "student" (see data/accounts/user.py)."""
from __future__ import annotations

import hashlib
import hmac
import time

from data.accounts import passwords, user_service
from data.accounts.user import User, normalize_email


class SignupRefused(ValueError):
    """The form's own input is unusable (never says whether the email has an account)."""


def signup(email: str, display_name: str, password: str) -> User | None:
    """A new, unverified student; None when the email already has an account.

    The caller answers the same in both cases, so the page never tells who has an account."""
    email = normalize_email(email)
    problems = passwords.password_problems(password, email)
    if problems:
        raise SignupRefused(" ".join(problems))
    if user_service.email_taken(email):
        return None
    return user_service.create(email, display_name, password, role="student")


def end_other_sessions(user: User) -> None:
    """Hook for "end this account's other sessions" (after a password reset).

    With signed-cookie sessions, changing the password hash already invalidates every other
    session's stamp (app/security.py session_stamp); server-side sessions connect here."""
    user.reload()


VERIFY_SECONDS = 2 * 24 * 3600


def _verify_signature(secret: str, user: User, expires: int) -> str:
    # The signature covers email_verified, so a link stops working once it was used.
    message = f"verify:{user.id}:{user.email}:{expires}:{bool(user.email_verified)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verification_token(secret: str, user: User, now: float | None = None) -> str:
    expires = int((now or time.time()) + VERIFY_SECONDS)
    return f"{user.id}.{expires}.{_verify_signature(secret, user, expires)}"


def verify_email(secret: str, token: str, now: float | None = None) -> User | None:
    """The student this link verified, or None (forged, expired, already used)."""
    try:
        user_id, expires, signature = str(token).split(".")
        expires = int(expires)
    except ValueError:
        return None
    user = user_service.active_by_id(user_id)
    if user is None or user.email_verified or expires < (now or time.time()):
        return None
    if not hmac.compare_digest(signature, _verify_signature(secret, user, expires)):
        return None
    User.objects(id=user.id, email_verified=False).update_one(set__email_verified=True)
    user.reload()
    return user
