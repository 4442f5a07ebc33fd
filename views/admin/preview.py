"""Markdown preview: admin.preview. GET shows a scratch box; POST renders what was sent.

The edit forms have their own Preview button (no JavaScript needed). This endpoint serves
the same rendering to app/static/js/admin.js, which asks for ``fragment=1`` and puts the
sanitized HTML into the page without reloading it, and to anyone trying Markdown out.
"""
from html import escape

from pyramid.response import Response
from pyramid.view import view_config

from data.core.markdown import MAX_MARKDOWN_CHARS, markdown_problem, render_markdown
from views.admin.crud import PERMISSION


@view_config(route_name="admin.preview", renderer="templates:admin/preview.pt", permission=PERMISSION,
             request_method=("GET", "POST"))
def markdown_preview(request):
    text = request.POST.get("markdown", "") if request.method == "POST" else ""
    text = text if isinstance(text, str) else ""
    problem = markdown_problem(text)
    if problem:
        # 413 for the size, 422 for the markup; admin.js then posts the edit form, which says why.
        request.response.status = 413 if len(text) > MAX_MARKDOWN_CHARS else 422
        if request.POST.get("fragment") == "1":
            return Response(f'<p class="form-error">{escape(problem)}</p>', status=request.response.status,
                            content_type="text/html", charset="utf-8")
        return {"page_title": "Markdown preview", "text": text[:MAX_MARKDOWN_CHARS], "html": None,
                "problem": problem}
    html = render_markdown(text) if request.method == "POST" else None
    if request.POST.get("fragment") == "1":
        return Response(html or "", content_type="text/html", charset="utf-8")
    return {"page_title": "Markdown preview", "text": text, "html": html, "problem": None}
