"""The read-only JSON API under /api/v1/: what visitors may see, as data.

Dates are RFC 3339 in UTC, durations are seconds. Errors are application/problem+json (RFC 9457).
"""
import json
from datetime import datetime, timezone

from pyramid.response import Response
from pyramid.view import view_config

from app import conditional, urls

from data.catalog import episode_service, guest_service, show_service, sponsor_service
from data.catalog.chapters import parse_chapters
from data.transcripts import transcript_service
from views.api.problems import ALLOW, CORS, problem  # noqa: F401 (the API's modules import them from here)

PAGE_MAX = 50
NUMBER_MAX = 9_999_999  # episode numbers past this are no episode (and would overflow a query)
TRANSCRIPT_FORMATS = ("vtt", "srt", "json", "txt")


class BadParameter(ValueError):
    """A query value the API cannot use: answered with a 400 problem naming it."""


def _rfc3339(value):
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")


def _instant(value: str, name: str) -> datetime:
    """An RFC 3339 date-time (or a plain date) as naive UTC, the way the store keeps dates."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadParameter(f"{name} must be an RFC 3339 date-time, like 2024-05-01T00:00:00Z.") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.replace(tzinfo=None)


def text_query(request, name: str, max_length: int) -> str:
    """A query value as the document allows it: one string, at most ``max_length`` characters
    (longer is refused, not cut: a cut value would quietly answer another question)."""
    value = request.GET.get(name, "")
    if not isinstance(value, str) or len(value) > max_length:
        raise BadParameter(f"{name} must be text of at most {max_length} characters.")
    return value


def _public_episode(request):
    """The show and the public episode the path names (None for the episode if there is none)."""
    number = int(request.matchdict["number"])
    show = show_service.by_slug(request.matchdict["show"][:80])
    found = show and number <= NUMBER_MAX and episode_service.public_by_number(show.id, number)
    return show, found or None


def _fresh(request) -> dict:
    """304 before any query if the client's copy is current: the feeds' content stamp, per URL and query."""
    return conditional.precondition(request, "api/v1", request.query_string)


def _json(validators: dict, data) -> Response:
    response = Response(json.dumps(data), content_type="application/json", charset="utf-8")
    response.headers.update(CORS)
    return conditional.apply(response, validators)


PUBLIC_ROUTES = ("api.shows", "api.episodes", "api.episode", "api.transcript", "api.guests", "api.guest",
                 "api.courses", "api.course", "api.search", "api.openapi")


def _preflight(request):
    """CORS preflight: a browser asks before sending If-None-Match from another site."""
    response = Response(status=204)
    response.headers.update(CORS)
    response.headers.update({"Access-Control-Allow-Methods": "GET, HEAD", "Allow": ALLOW,
                             "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
                             "Access-Control-Max-Age": "86400"})
    return response


for _route in PUBLIC_ROUTES:
    _preflight = view_config(route_name=_route, request_method="OPTIONS")(_preflight)


def _episode_summary(row) -> dict:
    return {"show": row["show_slug"], "number": row.number, "slug": row.slug, "title": row.title,
            "summary": row.summary or "", "published_at": _rfc3339(row.published_at),
            "duration_s": row.duration_s, "tags": row.tags or [],
            "guests": [g.get("name") for g in row.guest_rows], "has_transcript": bool(row.has_transcript)}


@view_config(route_name="api.shows", request_method="GET")
def shows(request):
    return _json(_fresh(request), {"items": [{"slug": s.slug, "title": s.title, "description": s.description or ""}
                                     for s in show_service.all_shows()]})


@view_config(route_name="api.episodes", request_method="GET")
def episodes(request):
    validators = _fresh(request)
    show_id = guest_id = None
    try:
        show_slug, guest_slug = text_query(request, "show", 80), text_query(request, "guest", 80)
        tag = text_query(request, "tag", 60) or None
        raw_limit = request.GET.get("limit", "20")
        if not (raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 4):
            raise BadParameter("limit must be an integer.")
        limit = int(raw_limit)
        before = _instant(request.GET["cursor"], "cursor") if "cursor" in request.GET else None
        since = _instant(request.GET["since"], "since") if "since" in request.GET else None
    except BadParameter as exc:
        return problem(400, "Bad Request", str(exc))
    if show_slug:
        show = show_service.by_slug(show_slug)
        if show is None:
            return problem(404, "Not Found", "There is no show with that slug.")
        show_id = show.id
    if guest_slug:
        guest = guest_service.by_slug(guest_slug)
        if guest is None:
            return problem(404, "Not Found", "There is no guest with that slug.")
        guest_id = guest.id
    if not 1 <= limit <= PAGE_MAX:
        return problem(400, "Bad Request", f"limit must be between 1 and {PAGE_MAX}.")
    page = episode_service.public_page(show_id, tag=tag, before=before, limit=limit,
                                       guest_id=guest_id, since=since)
    # The next cursor is the last item's date; an incomplete page means there is no more.
    cursor = _rfc3339(page[-1].published_at) if len(page) == limit else None
    return _json(validators, {"items": [_episode_summary(r) for r in page], "next_cursor": cursor})


@view_config(route_name="api.episode", request_method="GET")
def episode(request):
    validators = _fresh(request)
    show, found = _public_episode(request)
    if not found:
        return problem(404, "Not Found", "There is no published episode with that number.")
    guests = guest_service.names_by_id([g.id for g in found.guests])
    files = ({fmt: urls.transcript_file(request, show.slug, found.number, fmt) for fmt in TRANSCRIPT_FORMATS}
             if found.has_transcript else None)
    return _json(validators, {
        "show": show.slug, "number": found.number, "slug": found.slug, "title": found.title,
        "summary": found.summary or "", "published_at": _rfc3339(found.published_at),
        "duration_s": found.duration_s, "tags": list(found.tags or []), "audio_url": found.audio_url,
        "guests": [{"slug": g.get("slug"), "name": g.get("name")} for g in guests.values()],
        "sponsors": [{"slug": s.get("slug"), "name": s.get("name")}
                     for s in sponsor_service.by_ids([s.id for s in found.sponsors])],
        # The same names as everywhere in the API (the chapters file keeps the podcast namespace's startTime).
        "chapters": [{"start_s": c["startTime"], "title": c["title"]} for c in parse_chapters(found.notes)],
        "transcript_files": files,
        "url": urls.episode(request, show.slug, found.number, found.slug),
    })


def _seconds(ms):
    return None if ms is None else ms / 1000


@view_config(route_name="api.transcript", request_method="GET")
def transcript(request):
    validators = _fresh(request)
    show, found = _public_episode(request)
    transcript = found and transcript_service.for_episode(found.id)
    if not transcript:
        return problem(404, "Not Found", "There is no published episode with a transcript at that number.")
    return _json(validators, {
        "show": show.slug, "number": found.number, "language": transcript.get("language") or "en",
        "segments": [{"start_s": _seconds(seg.get("start_ms") or 0), "end_s": _seconds(seg.get("end_ms")),
                      "speaker": seg.get("speaker"), "text": seg.get("text") or ""}
                     for seg in transcript.get("segments") or ()],
        "files": {fmt: urls.transcript_file(request, show.slug, found.number, fmt) for fmt in TRANSCRIPT_FORMATS},
    })


@view_config(route_name="api.guests", request_method="GET")
def guests(request):
    return _json(_fresh(request), {"items": [{"slug": g.slug, "name": g.name, "appearances": g.appearances}
                                             for g in guest_service.all_with_appearances()]})


@view_config(route_name="api.guest", request_method="GET")
def guest(request):
    validators = _fresh(request)
    found = guest_service.by_slug(request.matchdict["slug"][:80])
    if found is None:
        return problem(404, "Not Found", "There is no guest with that slug.")
    appearances = episode_service.for_guest(found.id)
    return _json(validators, {"slug": found.slug, "name": found.name,
                              "appearances": [_episode_summary(r) for r in appearances]})
