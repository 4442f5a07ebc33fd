"""Every query about accounts."""
from __future__ import annotations

from bson import ObjectId
from bson.errors import InvalidId

from data import passwords
from data.common import utcnow
from data.user import ROLES, User, normalize_email


class AccountError(ValueError):
    """A change to an account that cannot be made; the message says why in plain words."""


def by_email(email) -> User | None:
    email = normalize_email(email)
    return User.objects(email=email).first() if email else None


def by_id(user_id) -> User | None:
    try:
        oid = ObjectId(str(user_id))
    except (InvalidId, TypeError):
        return None
    return User.objects(id=oid).first()


def active_by_id(user_id) -> User | None:
    user = by_id(user_id)
    return user if user is not None and user.active else None


def email_taken(email, except_id=None) -> bool:
    query = User.objects(email=normalize_email(email))
    if except_id is not None:
        query = query.filter(id__ne=except_id)
    return query.count() > 0


def create(email: str, display_name: str, password: str, role: str = "editor", active: bool = True) -> User:
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if not email or "@" not in email:
        raise AccountError("An account needs an email address.")
    if email_taken(email):
        raise AccountError(f"There is already an account for {email}.")
    problems = passwords.password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(email=email, display_name=(display_name or "").strip() or email.split("@")[0],
                password_hash=passwords.hash_password(password), role=role, active=active)
    user.save()
    return user


def authenticate(email, password) -> User | None:
    """The active account these credentials open, or None.

    An unknown or inactive email pays for one password verification like a known one,
    so the answer's timing does not reveal which emails have accounts. An old hash
    (bcrypt, pbkdf2, weaker argon2) is replaced with the current argon2id on success.
    """
    user = by_email(email)
    ok, new_hash = passwords.verify(password, user.password_hash if user is not None else None)
    if not ok or user is None or not user.active:
        return None
    if new_hash:
        User.objects(id=user.id).update_one(set__password_hash=new_hash)
        user.password_hash = new_hash
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    User.objects(id=user.id).update_one(set__last_login_at=user.last_login_at)


def set_password(user: User, password: str) -> None:
    problems = passwords.password_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = passwords.hash_password(password)
    user.version = (user.version or 0) + 1
    user.save()


def admin_count(active_only: bool = True) -> int:
    query = User.objects(role="admin")
    if active_only:
        query = query.filter(active=True)
    return query.count()
