"""Accounts: the people who run the site from the browser.

``role`` is ``admin`` (manages users and reads the audit log), ``editor``
(manages content) or ``student`` (signed up at /account/signup; no admin permission). Emails are stored lowercased and are unique, so a lookup in
any case finds the one account.
"""
import mongoengine as me

from data.core.common import utcnow

STAFF_ROLES = ("admin", "editor")
# Students are the same document with their own role: one login, one throttle, one session
# check and one unique email for everybody, and the ACL (app/security.py) gives "student" nothing.
ROLES = STAFF_ROLES + ("student",)


class User(me.Document):
    email = me.StringField(required=True, max_length=254)
    display_name = me.StringField(required=True, max_length=120)
    password_hash = me.StringField(required=True)
    role = me.StringField(required=True, choices=ROLES, default="editor")
    active = me.BooleanField(default=True)
    created_at = me.DateTimeField(default=utcnow)
    last_login_at = me.DateTimeField()
    version = me.IntField(default=1)
    email_verified = me.BooleanField(default=False)  # students: set by the link in the sign-up mail
    # Password reset by mail: only the SHA-256 of the token is kept, so a database leak opens nothing.
    reset_token_hash = me.StringField()
    reset_expires_at = me.DateTimeField()

    # Second factor (optional). ``totp_secret`` is passlib's TOTP JSON, encrypted with the
    # auth secret when one is configured; ``totp_last_counter`` is the time step of the
    # last accepted code, so the same code cannot be used twice.
    totp_secret = me.StringField()
    totp_enabled = me.BooleanField(default=False)
    totp_last_counter = me.IntField()
    recovery_codes = me.ListField(me.StringField(), default=list)  # hashes; a used code is removed

    meta = {"collection": "users", "indexes": [{"fields": ["email"], "unique": True}, "role",
                                             {"fields": ["reset_token_hash"], "sparse": True}]}

    def clean(self):
        self.email = normalize_email(self.email)

    def __str__(self):
        return self.display_name or self.email


def normalize_email(email) -> str:
    return str(email or "").strip().lower()
