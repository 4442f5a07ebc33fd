"""What the feeds, transcript files, chapters and the sitemap read. Public content only."""
from __future__ import annotations

import uuid

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.core.rows import Row, rows
from data.training.course import Course
from data.transcripts.transcript import Transcript

RECENT = 50
FEED_FIELDS = ("show", "number", "slug", "title", "summary", "notes", "notes_html", "published_at",
               "duration_s", "audio_url", "audio_bytes", "audio_type", "image_url", "season",
               "episode_type", "guests", "guid", "has_transcript", "transcript_links", "updated_at",
               "subtitle", "explicit", "chapters", "chapters_url", "people")


def feed_episodes(show_id, limit: int | None = RECENT) -> list[Row]:
    """Public episodes that have audio (an item without an enclosure is not a podcast episode),
    newest first, each with ``guest_rows`` (name, slug, photo) attached in one query."""
    query = Episode.objects.public().filter(show=show_id, audio_url__ne=None).only(*FEED_FIELDS) \
        .order_by("-published_at")
    episodes = rows(query[:limit] if limit else query)
    episodes = [row for row in episodes if row.audio_url]
    for row in episodes:
        if not row.guid:
            row["guid"] = _settle_guid(row.id)
    guest_ids = {g for row in episodes for g in row.get("guests", ())}
    guests = {row.id: row for row in rows(Guest.objects(id__in=list(guest_ids)).only("slug", "name", "photo_url"))} \
        if guest_ids else {}
    for row in episodes:
        row["guest_rows"] = [guests[g] for g in row.get("guests", ()) if g in guests]
    return episodes


def _settle_guid(episode_id) -> str:
    """An episode stored before guids existed gets one now, stored once and kept: a guid made
    up on every read would make podcast apps see a new episode each time they poll."""
    Episode.objects(id=episode_id, guid__exists=False).update_one(set__guid=str(uuid.uuid4()))
    return Episode.objects(id=episode_id).only("guid").as_pymongo().first()["guid"]


def public_episode(show_id, number: int) -> Episode | None:
    return Episode.objects.public().filter(show=show_id, number=int(number)).first()


def transcript_segments(episode_id) -> list[dict] | None:
    doc = Transcript.objects(episode=episode_id).only("segments").as_pymongo().first()
    return doc.get("segments", []) if doc else None


def sitemap_entries() -> dict[str, list[Row]]:
    """Everything public a search engine should find, with when it last changed."""
    shows = rows(Show.objects.only("slug", "updated_at"))
    slug_by_id = {show.id: show.slug for show in shows}
    episodes = rows(Episode.objects.public().only("show", "number", "slug", "updated_at", "has_transcript"))
    for row in episodes:
        row["show_slug"] = slug_by_id.get(row.show, "")
    return {
        "shows": shows,
        "episodes": episodes,
        "guests": rows(Guest.objects.only("slug", "updated_at")),
        "courses": rows(Course.objects.published().only("slug", "updated_at")),
    }
