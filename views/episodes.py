from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPMovedPermanently
from pyramid.view import view_config

from app import urls
from data.catalog import episode_service, show_service, sponsor_service
from data.catalog.chapters import episode_chapters
from data.transcripts import transcript_service
from views import transcript_html
from views.params import episode_number, not_found, show_from_path, start_seconds, text_param


@view_config(route_name="episodes.index", renderer="templates:episodes/archive.pt")
def all_shows_archive(request):
    tag = text_param(request, "tag", 60)
    return {"show": None, "shows": show_service.all_shows(), "tag": tag,
            "episodes": episode_service.archive(tag=tag), "tags": episode_service.tag_counts()}


@view_config(route_name="episodes.all", renderer="templates:episodes/archive.pt")
@view_config(route_name="shows.episodes.all", renderer="templates:episodes/archive.pt")
def show_archive(request):
    show = show_from_path(request)
    tag = text_param(request, "tag", 60)
    return {"show": show, "shows": show_service.all_shows(), "tag": tag,
            "episodes": episode_service.archive(show.id, tag=tag), "tags": episode_service.tag_counts(show.id)}


@view_config(route_name="shows.index")
@view_config(route_name="shows.detail")
def show_landing(request):
    """A show's home is its archive; /shows is the main show's."""
    show = show_from_path(request) if "show" in request.matchdict else None
    slug = show.slug if show else request.registry.settings["onair.main_show"]
    return HTTPMovedPermanently(urls.archive(request, slug) if show else request.route_url("episodes.index"))


def _episode_or_redirect(request, url_for):
    """The public episode the path names; a wrong slug or prefix moves to the canonical URL."""
    show = show_from_path(request)
    episode = episode_service.public_by_number(show.id, episode_number(request))
    if episode is None:
        not_found("There is no published episode with that number.")
    canonical = url_for(request, show.slug, episode.number, episode.slug)
    if request.path_url != canonical:
        # Re-encoded, never echoed raw: a Location header must not carry what the client sent as is.
        query = urlencode(list(request.GET.items()))
        raise HTTPMovedPermanently(canonical + (f"?{query}" if query else ""))
    return show, episode


@view_config(route_name="episodes.show", renderer="templates:episodes/show.pt")
@view_config(route_name="shows.episodes.show", renderer="templates:episodes/show.pt")
@view_config(route_name="episodes.show_bare", renderer="templates:episodes/show.pt")
@view_config(route_name="shows.episodes.show_bare", renderer="templates:episodes/show.pt")
def episode_page(request):
    show, episode = _episode_or_redirect(request, urls.episode)
    previous, following = episode_service.neighbours(episode)
    return {
        "show": show,
        "episode": episode,
        "previous": previous,
        "following": following,
        "sponsors": sponsor_service.by_ids([s.id for s in episode.sponsors]),
        "start_at": start_seconds(request.GET.get("t")),
        "chapters": episode_chapters(episode.notes, episode.chapters),
        "learn_more": request.registry.search_index.related_lectures(episode_service.topic_words(episode)),
    }


@view_config(route_name="episodes.transcript", renderer="templates:episodes/transcript.pt")
@view_config(route_name="shows.episodes.transcript", renderer="templates:episodes/transcript.pt")
def transcript_page(request):
    show, episode = _episode_or_redirect(request, urls.transcript)
    transcript = transcript_service.for_episode(episode.id)
    if transcript is None:
        not_found("This episode has no transcript yet.")
    episode_url = urls.episode(request, show.slug, episode.number, episode.slug)
    return {"show": show, "episode": episode, "transcript": transcript,
            "segments_html": transcript_html.segment_items(transcript.segments, episode_url)}


@view_config(route_name="episodes.short")
def short_link(request):
    """/67 -> episode 67 of the main show."""
    show = show_service.by_slug(request.registry.settings["onair.main_show"])
    episode = show and episode_service.public_by_number(show.id, episode_number(request))
    if not episode:
        not_found("There is no published episode with that number.")
    return HTTPMovedPermanently(urls.episode(request, show.slug, episode.number, episode.slug))
