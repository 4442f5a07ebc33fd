from pyramid.view import view_config

from app.security import CONTENT_EDIT


@view_config(route_name="admin.dashboard", renderer="templates:admin/dashboard.pt", permission=CONTENT_EDIT)
def dashboard(request):
    return {"page_title": "Admin"}
