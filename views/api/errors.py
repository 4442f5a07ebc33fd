"""Every error under /api/ is application/problem+json (RFC 9457), never an HTML page.

These views carry the ``api_path`` predicate, so Pyramid prefers them to the site's pages in
views/errors.py (and views/body_limit.py) for the same exceptions.
"""
import logging

import venusian
from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from pyramid.exceptions import PredicateMismatch, URLDecodeError
from pyramid.httpexceptions import HTTPException, HTTPRequestEntityTooLarge
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from app.database import forget_collection_handles
from app.tweens import MalformedRequest
from views.api import ALLOW, problem

log = logging.getLogger(__name__)


class ApiPath:
    """``api_path=True``: the raw path is /api or under it. Pyramid's own path_info predicate
    decodes the path first, which fails for the very requests (/api/v1/guests/%80) that need
    a problem answer most."""

    def __init__(self, value, config):
        self.value = bool(value)

    def text(self):
        return f"api_path = {self.value}"

    phash = text

    def __call__(self, context, request):
        path = request.environ.get("PATH_INFO", "")
        return (path == "/api" or path.startswith("/api/")) == self.value


def _add_predicate(scanner, name, ob):
    scanner.config.add_view_predicate("api_path", ApiPath)


venusian.attach(ApiPath, _add_predicate, category="pyramid", depth=0)  # called here, not from a decorator


@notfound_view_config(api_path=True)
def api_not_found(request):
    if isinstance(request.exception, PredicateMismatch) and request.matched_route is not None:
        # A known route asked with another method: every v1 endpoint is read-only for now.
        response = problem(405, "Method Not Allowed", "This endpoint answers GET (and HEAD and OPTIONS) only.")
        response.headers["Allow"] = ALLOW
        return response
    return problem(404, "Not Found", "There is no API endpoint at this address. The list is at /api.")


@forbidden_view_config(api_path=True)
def api_forbidden(request):
    return problem(403, "Forbidden", "This needs a permission the request does not carry.")


@exception_view_config(URLDecodeError, api_path=True)
@exception_view_config(MalformedRequest, api_path=True)
def api_malformed(exc, request):
    """An address, query or body that is not readable text (app/tweens.py)."""
    detail = str(exc) if isinstance(exc, MalformedRequest) else "The address contains bytes that are not valid UTF-8."
    return problem(400, "Bad Request", detail)


@exception_view_config(HTTPRequestEntityTooLarge, api_path=True)
def api_too_large(exc, request):
    return problem(413, "Content Too Large", f"Request bodies are limited to {exc.limit_bytes} bytes."
                   if getattr(exc, "limit_bytes", None) else "The request body is too large.")


@exception_view_config(ServerSelectionTimeoutError, api_path=True)
@exception_view_config(ConnectionFailure, api_path=True)
def api_database_down(exc, request):
    log.error("database unavailable: %s", exc)
    forget_collection_handles()  # so index creation is retried once the server is back
    response = problem(503, "Service Unavailable", "The database cannot be reached. Try again shortly.")
    response.headers["Retry-After"] = "10"
    return response


@exception_view_config(HTTPException, api_path=True)
def api_http_exception(exc, request):
    if exc.code and exc.code >= 400:
        return problem(exc.code, exc.title, exc.detail if isinstance(exc.detail, str) and exc.detail else exc.title)
    return exc


@exception_view_config(Exception, api_path=True)
def api_server_error(exc, request):
    log.exception("unhandled API error on %s %r", request.method, request.environ.get("PATH_INFO"))
    return problem(500, "Internal Server Error", "Something went wrong on our side.")
