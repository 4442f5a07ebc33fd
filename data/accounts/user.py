"""Accounts: the people who run the site from the browser.

``role`` is ``admin`` (manages users and reads the audit log) or ``editor``
(manages content). Emails are stored lowercased and are unique, so a lookup in
any case finds the one account.
"""
import mongoengine as me

from data.core.common import utcnow

ROLES = ("admin", "editor")


class User(me.Document):
    email = me.StringField(required=True, max_length=254)
    display_name = me.StringField(required=True, max_length=120)
    password_hash = me.StringField(required=True)
    role = me.StringField(required=True, choices=ROLES, default="editor")
    active = me.BooleanField(default=True)
    created_at = me.DateTimeField(default=utcnow)
    last_login_at = me.DateTimeField()
    version = me.IntField(default=1)

    # Second factor (optional). ``totp_secret`` is passlib's TOTP JSON, encrypted with the
    # auth secret when one is configured; ``totp_last_counter`` is the time step of the
    # last accepted code, so the same code cannot be used twice.
    totp_secret = me.StringField()
    totp_enabled = me.BooleanField(default=False)
    totp_last_counter = me.IntField()
    recovery_codes = me.ListField(me.StringField(), default=list)  # hashes; a used code is removed

    meta = {"collection": "users", "indexes": [{"fields": ["email"], "unique": True}, "role"]}

    def clean(self):
        self.email = normalize_email(self.email)

    def __str__(self):
        return self.display_name or self.email


def normalize_email(email) -> str:
    return str(email or "").strip().lower()
