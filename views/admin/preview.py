"""Markdown preview: admin.preview. GET shows a scratch box; POST renders what was sent.

The edit forms have their own Preview button (no JavaScript needed). This endpoint serves
the same rendering to app/static/js/admin.js, which asks for ``fragment=1`` and puts the
sanitized HTML into the page without reloading it, and to anyone trying Markdown out.
"""
from pyramid.response import Response
from pyramid.view import view_config

from data.core.markdown import render_markdown
from views.admin.crud import PERMISSION

MAX_MARKDOWN = 200_000


@view_config(route_name="admin.preview", renderer="templates:admin/preview.pt", permission=PERMISSION,
             request_method=("GET", "POST"))
def markdown_preview(request):
    text = request.POST.get("markdown", "") if request.method == "POST" else ""
    text = text if isinstance(text, str) else ""
    if len(text) > MAX_MARKDOWN:
        request.response.status = 413
        return {"page_title": "Markdown preview", "text": text[:MAX_MARKDOWN], "html": None,
                "problem": f"That is more than {MAX_MARKDOWN:,} characters; preview a shorter part."}
    html = render_markdown(text) if request.method == "POST" else None
    if request.POST.get("fragment") == "1":
        return Response(html or "", content_type="text/html", charset="utf-8")
    return {"page_title": "Markdown preview", "text": text, "html": html, "problem": None}
