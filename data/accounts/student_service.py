"""Student accounts: the User document with role "student" (see data/accounts/user.py)."""
from __future__ import annotations

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
