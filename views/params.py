"""Turning path and query parts into values, or a 404/None, never a 500."""
import re

from pyramid.httpexceptions import HTTPNotFound

from data.catalog import show_service

_CLOCK = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{1,2})$")


class PageNotFound(HTTPNotFound):
    """A 404 whose message was written for visitors (others, like Pyramid's own, stay generic)."""


def not_found(what: str = "We could not find that page."):
    raise PageNotFound(what)


def episode_number(request) -> int:
    raw = request.matchdict.get("number", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        not_found("There is no episode with that number.")
    return int(raw)


def show_from_path(request):
    """The show a show-scoped URL names: /shows/<slug>/..., or the main show."""
    slug = request.matchdict.get("show") or request.registry.settings["onair.main_show"]
    show = show_service.by_slug(slug)
    if show is None:
        not_found("There is no show by that name.")
    return show


def start_seconds(value) -> int | None:
    """?t=90, ?t=1:30 or ?t=1:02:03 -> seconds; anything else is ignored."""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)
    match = _CLOCK.match(value)
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def text_param(request, name: str, max_length: int = 200) -> str:
    """A single query-string value as plain text (lists and operators are not a thing here)."""
    value = request.GET.get(name, "")
    return value.strip()[:max_length] if isinstance(value, str) else ""
