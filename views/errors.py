"""404, 500 and 503 pages in the site's layout. No traceback ever reaches a visitor."""
import logging

from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from pyramid.exceptions import BadCSRFOrigin, BadCSRFToken, URLDecodeError
from pyramid.httpexceptions import HTTPException
from pyramid.renderers import render
from pyramid.request import Request
from pyramid.scripting import prepare
from pyramid.view import exception_view_config, notfound_view_config, view_config

from app.database import forget_collection_handles
from app.tweens import MalformedRequest
from views.params import PageNotFound

log = logging.getLogger(__name__)


@notfound_view_config(renderer="templates:errors/404.pt")
def not_found(request):
    request.response.status = 404
    # Only our own messages reach the page: Pyramid's (route predicates, view names) are internal.
    exc = request.exception
    message = exc.detail if isinstance(exc, PageNotFound) and exc.detail else "We could not find that page."
    return {"message": message,
            "page_title": "Not found"}


@exception_view_config(HTTPException)
def http_exception(exc, request):
    """Redirects, 400s, 403s and friends pass through as they are."""
    return exc


@exception_view_config(URLDecodeError, renderer="templates:errors/400.pt")
@exception_view_config(MalformedRequest, renderer="templates:errors/400.pt")
def malformed_request(exc, request):
    """A path like /guests/%80, or a query or form body that cannot be read (app/tweens.py)."""
    request.response.status = 400
    message = str(exc) if isinstance(exc, MalformedRequest) else "The address contains bytes that are not valid UTF-8 text."
    return {"message": message, "page_title": "Bad request"}


@exception_view_config(BadCSRFToken, renderer="templates:errors/expired.pt")
@exception_view_config(BadCSRFOrigin, renderer="templates:errors/expired.pt")
def form_expired(exc, request):
    """A form posted without this session's token: most often the session ended (a timeout, a
    log-out in another tab, a restart) while the page stood open. Pyramid's own page is plain text."""
    request.response.status = 400
    request.response.cache_control = "no-store"
    if isinstance(exc, BadCSRFOrigin):
        message = "This form was sent from another site, so it was not accepted. Reload the page and try again."
    else:
        message = "This form has expired. Reload the page and try again."
    return {"message": message, "page_title": "Form expired"}


@exception_view_config(ServerSelectionTimeoutError, renderer="templates:errors/503.pt")
@exception_view_config(ConnectionFailure, renderer="templates:errors/503.pt")
def database_down(exc, request):
    log.error("database unavailable: %s", exc)
    forget_collection_handles()  # so index creation is retried once the server is back
    request.response.status = 503
    request.response.headers["Retry-After"] = "10"
    return {"page_title": "Temporarily unavailable"}


def warm_up_error_page(registry) -> None:
    """Compile the 503 page and the layout at start-up. Compiling takes about 0.4 s, and a
    dead database's first visitor should get the page within a second, not pay for that too."""
    env = prepare(registry=registry, request=Request.blank("/"))
    try:
        render("templates:errors/503.pt", {"page_title": "Temporarily unavailable"}, request=env["request"])
    finally:
        env["closer"]()


@exception_view_config(Exception, renderer="templates:errors/500.pt")
def server_error(exc, request):
    # The raw WSGI path: decoding it could be what failed.
    log.exception("unhandled error on %s %r", request.method, request.environ.get("PATH_INFO"))
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
