"""Every query about accounts."""
from __future__ import annotations

from bson import ObjectId
from bson.errors import InvalidId

from data.accounts import browser_session, passwords
from data.accounts.user import ROLES, User, normalize_email
from data.core.common import utcnow
from data.editing import audit_service


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
    end_sessions(user)


def end_sessions(user: User) -> int:
    """End every session of the account. Called on each change that must sign it out
    everywhere; the request that made the change gets a fresh session (views/auth.py)."""
    return browser_session.end_for_user(user.id)


def admin_count(active_only: bool = True) -> int:
    query = User.objects(role="admin")
    if active_only:
        query = query.filter(active=True)
    return query.count()


# --- second factor ---------------------------------------------------------------
def enable_totp(user: User, secret_json: str, counter: int, recovery_hashes: list[str]) -> None:
    user.totp_secret, user.totp_enabled, user.totp_last_counter = secret_json, True, counter
    user.recovery_codes = list(recovery_hashes)
    user.save()
    end_sessions(user)


def disable_totp(user: User) -> None:
    user.totp_secret, user.totp_enabled, user.totp_last_counter = None, False, None
    user.recovery_codes = []
    user.save()
    end_sessions(user)


def accept_totp_counter(user: User, counter: int) -> bool:
    """Record ``counter`` as the last code used, unless another request got there first.

    A compare-and-set on the previous value: two logins racing with the same code
    cannot both succeed.
    """
    if user.totp_last_counter is not None and counter <= user.totp_last_counter:
        return False
    updated = User.objects(id=user.id, totp_last_counter=user.totp_last_counter).update_one(
        set__totp_last_counter=int(counter))
    if updated:
        user.totp_last_counter = int(counter)
    return bool(updated)


def use_recovery_code(user: User, code_hash: str) -> bool:
    """Spend one recovery code: True once per code, atomically."""
    updated = User.objects(id=user.id, recovery_codes=str(code_hash)).update_one(
        pull__recovery_codes=str(code_hash))
    if updated:
        user.recovery_codes = [h for h in user.recovery_codes if h != code_hash]
    return bool(updated)


# --- managing accounts (the users admin) ---------------------------------------------
class VersionConflict(AccountError):
    """The account changed since the form was loaded; nothing was overwritten."""


EDITABLE = ("email", "display_name", "role", "active")


def listing() -> list:
    """Every account for the users page: what it shows, never the secrets."""
    from data.core.rows import rows

    return rows(User.objects.only("email", "display_name", "role", "active", "created_at",
                                  "last_login_at", "totp_enabled").order_by("email"))


def snapshot(user: User) -> dict:
    return {name: getattr(user, name) for name in EDITABLE}


def leaves_no_admin(user: User, role: str, active: bool) -> bool:
    """Would this change leave the site without an active admin?"""
    if user.role != "admin" or not user.active:
        return False
    if role == "admin" and active:
        return False
    return admin_count() <= 1


def update(user: User, *, email: str, display_name: str, role: str, active: bool,
           password: str = "", expected_version: int | None = None) -> dict:
    """Apply an edit from the users admin. Returns field -> [old, new] of what changed."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if expected_version is not None and expected_version != user.version:
        raise VersionConflict("Someone changed this account after you opened it. Nothing was saved; "
                              "the form below shows the current values, with your changes lost.")
    if leaves_no_admin(user, role, active):
        raise AccountError("This is the only active admin. Make another account an admin first, "
                           "so that someone can still manage users.")
    if email != user.email and email_taken(email, except_id=user.id):
        raise AccountError(f"There is already an account for {email}.")
    if password:
        problems = passwords.password_problems(password, email)
        if problems:
            raise AccountError(" ".join(problems))
    before = snapshot(user)
    values = {"email": email, "display_name": display_name.strip(), "role": role, "active": bool(active)}
    sets = {f"set__{name}": value for name, value in values.items()}
    if password:
        sets["set__password_hash"] = passwords.hash_password(password)
    changed = User.objects(id=user.id, version=user.version).update_one(inc__version=1, **sets)
    if not changed:
        raise VersionConflict("Someone changed this account while you were saving. Nothing was saved.")
    user.reload()
    if password or role != before["role"] or not user.active:
        end_sessions(user)
    # A new password shows in the log only as "changed" (audit_service redacts it).
    return audit_service.diff({**before, "password": ""}, {**values, "password": "new" if password else ""})


def delete(user: User) -> None:
    if leaves_no_admin(user, "editor", False):
        raise AccountError("This is the only active admin, so it cannot be deleted. "
                           "Make another account an admin first.")
    end_sessions(user)
    user.delete()
