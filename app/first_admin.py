"""On a site with no admin, start-up logs a one-time link that creates the first one (views/setup.py)."""
import logging
import secrets

log = logging.getLogger(__name__)


def announce_setup_link(registry) -> str | None:
    """Make this process's setup token and log the link; None when an admin exists."""
    from pymongo.errors import PyMongoError

    from data.accounts import user_service

    registry.setup_token = None
    try:
        if user_service.admin_count() > 0:
            return None
    except PyMongoError:  # the database is down at start-up: the 503 pages say so; no link
        return None
    registry.setup_token = secrets.token_urlsafe(32)
    link = registry.mail.url(f"/admin/setup?token={registry.setup_token}")
    log.warning("onair: there is no admin account yet. Open this link to create the first one "
                "(it works once, until this process stops): %s", link)
    return link
