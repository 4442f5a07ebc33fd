"""Student accounts: the User document with role "student" (see data/accounts/user.py)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from data.accounts import passwords, user_service
from data.accounts.user import User, normalize_email
from data.core.common import same_secret, utcnow


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
    if not same_secret(signature, _verify_signature(secret, user, expires)):
        return None
    User.objects(id=user.id, email_verified=False).update_one(set__email_verified=True)
    user.reload()
    return user


RESET_LIFETIME = timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def start_reset(email: str) -> tuple[User, str] | None:
    """(account, token to mail) for an active account with this email, else None."""
    user = user_service.by_email(email)
    if user is None or not user.active:
        return None
    token = secrets.token_urlsafe(32)
    User.objects(id=user.id).update_one(set__reset_token_hash=_hash(token),
                                        set__reset_expires_at=utcnow() + RESET_LIFETIME)
    return user, token


def reset_user(token: str) -> User | None:
    """The account an unexpired, unused reset token belongs to."""
    if not token:
        return None
    user = User.objects(reset_token_hash=_hash(token), active=True).first()
    if user is None or user.reset_expires_at is None:
        return None
    return user if user.reset_expires_at > utcnow() else None  # both naive UTC


def finish_reset(token: str, password: str) -> User | None:
    """Set the new password once (the token is spent atomically) and end the other sessions."""
    user = reset_user(token)
    if user is None:
        return None
    problems = passwords.password_problems(password, user.email)
    if problems:
        raise SignupRefused(" ".join(problems))
    spent = User.objects(id=user.id, reset_token_hash=_hash(token)).update_one(
        unset__reset_token_hash=True, unset__reset_expires_at=True)
    if not spent:
        return None
    user.reload()
    user_service.set_password(user, password)  # which ends every session of the account
    return user
