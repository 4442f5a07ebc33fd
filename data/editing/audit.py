"""The audit log: who did what to which thing, when, from where, and what changed."""
import mongoengine as me

from data.core.common import utcnow

# The actions onair records. Features may add their own short verbs; these are the common ones.
ACTIONS = ("create", "update", "delete", "login", "login_failed", "logout", "role_change",
           "password_change", "totp_enable", "totp_disable", "recovery_code_used")


class AuditEntry(me.Document):
    at = me.DateTimeField(default=utcnow, required=True)
    actor_id = me.ObjectIdField()
    actor_email = me.StringField(default="", max_length=254)
    action = me.StringField(required=True, max_length=40)
    target_type = me.StringField(default="", max_length=60)
    target_id = me.StringField(default="", max_length=60)
    target_label = me.StringField(default="", max_length=300)
    changes = me.DictField(default=dict)  # field -> [old, new]
    ip = me.StringField(default="", max_length=64)

    meta = {"collection": "audit", "indexes": ["-at", ("target_type", "target_id")]}
