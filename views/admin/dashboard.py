from pyramid.view import view_config

from app.security import CONTENT_EDIT
from data.editing import dashboard_service
from views.admin.crud import ENTITIES


def change_link(request, entry) -> str | None:
    """Where a recent change can be looked at: the edit page of content that still exists."""
    name = ENTITIES.get(entry.target_type)
    if name is None or entry.action == "delete" or not entry.target_id:
        return None
    return request.route_url(f"admin.{name}.edit", id=entry.target_id)


@view_config(route_name="admin.dashboard", renderer="templates:admin/dashboard.pt", permission=CONTENT_EDIT)
def dashboard(request):
    return {"page_title": "Admin", "change_link": change_link, **dashboard_service.summary()}
