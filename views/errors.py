"""404, 500 and 503 pages in the site's layout. No traceback ever reaches a visitor."""
import logging

from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from pyramid.httpexceptions import HTTPException
from pyramid.view import exception_view_config, notfound_view_config, view_config

log = logging.getLogger(__name__)


@notfound_view_config(renderer="templates:errors/404.pt")
def not_found(request):
    request.response.status = 404
    message = getattr(request.exception, "detail", None) or getattr(request.exception, "message", "")
    return {"message": message if isinstance(message, str) and message else "We could not find that page.",
            "page_title": "Not found"}


@exception_view_config(HTTPException)
def http_exception(exc, request):
    """Redirects, 400s, 403s and friends pass through as they are."""
    return exc


@exception_view_config(ServerSelectionTimeoutError, renderer="templates:errors/503.pt")
@exception_view_config(ConnectionFailure, renderer="templates:errors/503.pt")
def database_down(exc, request):
    log.error("database unavailable: %s", exc)
    request.response.status = 503
    request.response.headers["Retry-After"] = "10"
    return {"page_title": "Temporarily unavailable"}


@exception_view_config(Exception, renderer="templates:errors/500.pt")
def server_error(exc, request):
    log.exception("unhandled error on %s %s", request.method, request.path_qs)
    request.response.status = 500
    return {"page_title": "Something went wrong"}


@view_config(route_name="healthz", renderer="json")
def healthz(request):
    """Up, and the database answers."""
    from mongoengine.connection import get_db

    request.response.cache_control = "no-store"  # a health check is never answered from a cache
    try:
        get_db().command("ping")
    except Exception as exc:  # any failure to reach the store means unhealthy
        request.response.status = 503
        return {"status": "unhealthy", "database": type(exc).__name__}
    return {"status": "ok", "store": "embedded" if request.registry.store else "mongodb"}
