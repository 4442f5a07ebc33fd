"""Sessions and CSRF. Accounts and permissions build on this."""
import logging
import os
import secrets

from pyramid.session import SignedCookieSessionFactory
from pyramid.settings import asbool

log = logging.getLogger(__name__)


def secret_from(settings: dict, env_name: str, setting: str) -> str:
    """Secrets come from the environment; the ini may carry one for development only."""
    value = os.environ.get(env_name) or settings.get(setting) or ""
    if value:
        return value
    if asbool(settings.get("onair.require_secrets", False)):
        raise RuntimeError(f"{env_name} is not set: production needs it in the environment.")
    log.warning("%s is not set: using a random one, so sessions end when the process stops.", env_name)
    return secrets.token_urlsafe(32)


def includeme(config):
    settings = config.registry.settings
    session_secret = secret_from(settings, "ONAIR_SESSION_SECRET", "onair.session_secret")
    config.set_session_factory(SignedCookieSessionFactory(
        session_secret,
        cookie_name="onair_session",
        httponly=True,
        samesite="Lax",
        secure=asbool(settings.get("onair.https", False)),
        timeout=12 * 3600,
        reissue_time=600,
    ))
    config.set_default_csrf_options(require_csrf=True)
