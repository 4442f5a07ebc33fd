"""The page for a request body over ``onair.max_body_bytes`` (raised by app/protection.py)."""
from pyramid.httpexceptions import HTTPRequestEntityTooLarge
from pyramid.view import exception_view_config


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@exception_view_config(HTTPRequestEntityTooLarge, renderer="templates:errors/413.pt")
def too_large(exc, request):
    request.response.status = 413
    limit = getattr(exc, "limit_bytes", None)
    size = getattr(exc, "size_bytes", None)
    # No "Connection: close" here: it is a hop-by-hop header, which a WSGI application may not set
    # (waitress answers it with a 500); the server decides about the connection.
    return {"page_title": "Too large", "limit": size_text(limit) if limit else None,
            "size": size_text(size) if size else None}
