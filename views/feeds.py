"""Podcast feeds, transcript files (.vtt .srt .json .txt) and chapters JSON."""
from pyramid.response import Response
from pyramid.settings import asbool
from pyramid.view import view_config

from app import conditional, urls
from data.catalog.chapters import MEDIA_TYPE as CHAPTERS_TYPE
from data.catalog.chapters import chapters_json, episode_chapters
from data.core import changes
from data.feeds import feed_service
from data.feeds.rss import build_feed
from data.transcripts.formats import MEDIA_TYPES, WRITERS
from views.params import episode_number, not_found, show_from_path


class _Links:
    """The URLs a feed of one show needs, built with the request's routes."""

    def __init__(self, request, show_slug: str, full_history: bool):
        self.request, self.show_slug = request, show_slug
        self.site = urls.archive(request, show_slug)
        self.feed = urls.feed(request, show_slug, full_history)
        self.canonical_feed = urls.feed(request, show_slug)

    def episode(self, row) -> str:
        return urls.episode(self.request, self.show_slug, row.number, row.slug)

    def transcript(self, row, fmt: str) -> str:
        return urls.transcript_file(self.request, self.show_slug, row.number, fmt)

    def chapters(self, row) -> str:
        return urls.chapters(self.request, self.show_slug, row.number)

    def guest(self, slug: str) -> str:
        return self.request.route_url("guests.show", slug=slug)


def _feed(request, full_history: bool):
    show = show_from_path(request)
    validators = conditional.precondition(request, "feed", full_history)
    episodes = feed_service.feed_episodes(show.id, limit=None if full_history else feed_service.RECENT)
    body = build_feed(
        show, episodes, _Links(request, show.slug, full_history),
        last_build=changes.freshness().last_modified,
        chapters_for=lambda row: bool(episode_chapters(row.notes, row.chapters)),
        locked=asbool(request.registry.settings.get("onair.feed_locked", "true")),
    )
    response = Response(body=body, content_type="application/rss+xml", charset="utf-8")
    return conditional.apply(response, validators)


@view_config(route_name="episodes.rss")
@view_config(route_name="shows.episodes.rss")
def recent_feed(request):
    return _feed(request, full_history=False)


@view_config(route_name="episodes.rss_full_history")
@view_config(route_name="shows.episodes.rss_full_history")
def full_history_feed(request):
    return _feed(request, full_history=True)


def _public_episode(request):
    show = show_from_path(request)
    episode = feed_service.public_episode(show.id, episode_number(request))
    return episode or not_found("There is no published episode with that number.")


def _for_players(text: str, media_type: str, validators):
    """UTF-8 text that players fetch from other origins (so CORS allows any)."""
    response = Response(body=text.encode("utf-8"))
    response.headers["Content-Type"] = f"{media_type}; charset=utf-8"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return conditional.apply(response, validators)


@view_config(route_name="episodes.transcript_file")
@view_config(route_name="shows.episodes.transcript_file")
def transcript_file(request):
    episode = _public_episode(request)
    fmt = request.matchdict["fmt"]
    validators = conditional.precondition(request, "transcript", fmt)
    segments = feed_service.transcript_segments(episode.id)
    if not segments:
        not_found("This episode has no transcript yet.")
    return _for_players(WRITERS[fmt](segments), MEDIA_TYPES[fmt], validators)


@view_config(route_name="episodes.chapters")
@view_config(route_name="shows.episodes.chapters")
def chapters(request):
    episode = _public_episode(request)
    validators = conditional.precondition(request, "chapters")
    found = episode_chapters(episode.notes, episode.chapters)
    if not found:
        not_found("This episode's notes have no chapters.")
    return _for_players(chapters_json(found), CHAPTERS_TYPE, validators)
