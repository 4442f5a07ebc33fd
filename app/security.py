"""Sessions, CSRF, who is logged in, and what they may do.

* The session lives in the database; its cookie (HttpOnly, SameSite=Lax, Secure when
  ``onair.https``) holds only a random token (app/sessions.py).
* CSRF is checked on every unsafe method by default.
* ``OnairSecurityPolicy`` (Pyramid 2) keeps the user id in the session through
  ``SessionAuthenticationHelper`` and answers permissions through ``ACLHelper``
  against ``Root.__acl__``. ``request.identity`` is the active ``User`` or None.
* The session also carries an HMAC, under the auth secret, of the user id and
  password hash: a session forged with a leaked session secret alone is refused,
  and changing a password ends every other session of that account.
"""
import hashlib
import hmac
import logging
import os
import secrets

from pyramid.authentication import SessionAuthenticationHelper
from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.settings import asbool

log = logging.getLogger(__name__)

from app.sessions import SESSION_COOKIE, SessionSettings, session_factory
from data.core.common import same_secret

STAMP_KEY = "auth.stamp"

# Permission names the views use.
CONTENT_EDIT = "content.edit"
USERS_MANAGE = "users.manage"
AUDIT_READ = "audit.read"


class SecretsError(RuntimeError):
    """The secrets are missing or unsafe; the message says which and what to do."""


MIN_SECRET_BYTES = 32
HOW_TO_MAKE = "`onair generate-secrets` prints a fresh pair"


def secret_from(settings: dict, env_name: str, setting: str) -> str:
    """Secrets come from the environment; the ini may carry one for development only.
    Production (``onair.require_secrets``) refuses a missing or short one."""
    value = os.environ.get(env_name) or settings.get(setting) or ""
    required = asbool(settings.get("onair.require_secrets", False))
    if value:
        if required and len(value.encode()) < MIN_SECRET_BYTES:
            raise SecretsError(f"{env_name} is {len(value.encode())} bytes long; it needs at least "
                               f"{MIN_SECRET_BYTES} random bytes ({HOW_TO_MAKE}).")
        return value
    if required:
        raise SecretsError(f"{env_name} is not set: production needs it in the environment ({HOW_TO_MAKE}).")
    log.warning("%s is not set: using a random one, so sessions end when the process stops.", env_name)
    return secrets.token_urlsafe(32)


def generate_secrets() -> dict[str, str]:
    return {"ONAIR_SESSION_SECRET": secrets.token_urlsafe(48), "ONAIR_AUTH_SECRET": secrets.token_urlsafe(48)}


class Root:
    """The context of every route: who may do what."""

    __acl__ = [
        (Allow, "role:admin", (CONTENT_EDIT, USERS_MANAGE, AUDIT_READ)),
        (Allow, "role:editor", CONTENT_EDIT),
    ]

    def __init__(self, request):
        self.request = request


def session_stamp(auth_secret: str, user) -> str:
    message = f"{user.id}:{user.password_hash}".encode()
    return hmac.new(auth_secret.encode(), message, hashlib.sha256).hexdigest()


class OnairSecurityPolicy:
    def __init__(self, auth_secret: str):
        self.auth_secret = auth_secret
        self.helper = SessionAuthenticationHelper()
        self.acl = ACLHelper()

    def identity(self, request):
        # Visitors without a session cookie never get a session created just to ask.
        if "session" not in request.__dict__ and SESSION_COOKIE not in request.cookies:
            return None
        userid = self.helper.authenticated_userid(request)
        if not userid:
            return None
        stamp = request.session.get(STAMP_KEY, "")
        cached = request.__dict__.get("_onair_identity")
        if cached is not None and cached[0] == (userid, stamp):
            return cached[1]
        from pymongo.errors import PyMongoError

        from data.accounts import user_service

        try:
            user = user_service.active_by_id(userid)
        except PyMongoError:
            if getattr(request, "exception", None) is None:
                raise
            # Rendering an error page (the database is down): show it, as a visitor would see it.
            user = None
        if user is not None and not same_secret(stamp, session_stamp(self.auth_secret, user)):
            user = None
        request.__dict__["_onair_identity"] = ((userid, stamp), user)
        return user

    def authenticated_userid(self, request):
        user = self.identity(request)
        return str(user.id) if user is not None else None

    def principals(self, request) -> list[str]:
        user = self.identity(request)
        if user is None:
            return [Everyone]
        return [Everyone, Authenticated, f"user:{user.id}", f"role:{user.role}"]

    def permits(self, request, context, permission):
        return self.acl.permits(context, self.principals(request), permission)

    def remember(self, request, userid, user=None, **kw):
        headers = self.helper.remember(request, userid, **kw)
        if user is not None:
            request.session[STAMP_KEY] = session_stamp(self.auth_secret, user)
        return headers

    def forget(self, request, **kw):
        request.session.pop(STAMP_KEY, None)
        return self.helper.forget(request, **kw)


def includeme(config):
    settings = config.registry.settings
    session_secret = secret_from(settings, "ONAIR_SESSION_SECRET", "onair.session_secret")
    auth_secret = secret_from(settings, "ONAIR_AUTH_SECRET", "onair.auth_secret")
    if same_secret(session_secret, auth_secret):
        raise SecretsError("The session secret and the auth secret are the same: set ONAIR_SESSION_SECRET "
                           "and ONAIR_AUTH_SECRET to two different random values.")
    config.registry.auth_secret = auth_secret
    config.set_session_factory(session_factory(SessionSettings(session_secret, settings)))
    config.set_default_csrf_options(require_csrf=True)
    config.set_root_factory(Root)
    config.set_security_policy(OnairSecurityPolicy(auth_secret))

    from app.throttle import LoginThrottle

    config.registry.login_throttle = LoginThrottle.from_settings(settings)
