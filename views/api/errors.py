"""Every error under /api/ is application/problem+json (RFC 9457), never an HTML page.

These views carry a path_info predicate, so Pyramid prefers them to the site's pages in views/errors.py.
"""
import logging

from pyramid.exceptions import PredicateMismatch
from pyramid.httpexceptions import HTTPException
from pyramid.view import exception_view_config, notfound_view_config

from views.api import problem

log = logging.getLogger(__name__)
API = r"^/api(/|$)"


@notfound_view_config(path_info=API)
def api_not_found(request):
    if isinstance(request.exception, PredicateMismatch) and request.matched_route is not None:
        # A known route asked with another method: every v1 endpoint is read-only for now.
        response = problem(405, "Method Not Allowed", "This endpoint answers GET only.")
        response.headers["Allow"] = "GET"
        return response
    return problem(404, "Not Found", "There is no API endpoint at this address.")


@exception_view_config(HTTPException, path_info=API)
def api_http_exception(exc, request):
    if exc.code and exc.code >= 400:
        return problem(exc.code, exc.title, exc.title)
    return exc


@exception_view_config(Exception, path_info=API)
def api_server_error(exc, request):
    log.exception("unhandled API error on %s %r", request.method, request.environ.get("PATH_INFO"))
    return problem(500, "Internal Server Error", "Something went wrong on our side.")
