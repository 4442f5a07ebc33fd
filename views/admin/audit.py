"""The audit log page: admins only (permission audit.read)."""
import datetime as dt

from pyramid.view import view_config

from app.security import AUDIT_READ
from data.editing import audit_service
from views.params import text_param

PER_PAGE = 50
SHOWN_CHARS = 160


def shown(value) -> str:
    """One logged value as a reader wants it: dates as dates, long texts cut, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value) or "(none)"
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def changes_of(entry) -> list[tuple[str, str, str | None]]:
    """(field, before, after) rows; a value logged without a before/after pair has after None."""
    result = []
    for name, pair in (entry.changes or {}).items():
        if isinstance(pair, list) and len(pair) == 2:
            result.append((name, shown(pair[0]), shown(pair[1])))
        else:
            result.append((name, shown(pair), None))
    return result


@view_config(route_name="admin.audit", renderer="templates:admin/audit.pt", permission=AUDIT_READ)
def audit_log(request):
    raw = text_param(request, "page", 6)
    number = int(raw) if raw.isascii() and raw.isdigit() else 1
    entries, pages = audit_service.page(number, PER_PAGE)
    number = min(max(number, 1), pages)
    return {"entries": [(entry, changes_of(entry)) for entry in entries], "page": number, "pages": pages,
            "page_title": "Audit log"}
