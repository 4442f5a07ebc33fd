"""Every episode query onair makes. Visitors only ever see ``Episode.objects.public()``."""
from collections import Counter

from data import guest_service, show_service
from data.episode import DRAFT, Episode
from data.rows import Row, rows

LIST_FIELDS = ("show", "number", "slug", "title", "summary", "published_at", "duration_s",
               "guests", "tags", "has_transcript")


def _with_names(episodes: list[Row]) -> list[Row]:
    """Attach show slugs and guest names with one query each, not one per row."""
    show_slugs = show_service.slugs_by_id({row["show"] for row in episodes})
    guests = guest_service.names_by_id({g for row in episodes for g in row.get("guests", ())})
    for row in episodes:
        row["show_slug"] = show_slugs.get(row["show"], "")
        row["guest_rows"] = [guests[g] for g in row.get("guests", ()) if g in guests]
    return episodes


def _public_list(**filters):
    return Episode.objects.public().filter(**filters).only(*LIST_FIELDS).order_by("-published_at")


def latest(show_id, limit: int = 5) -> list[Row]:
    return _with_names(rows(_public_list(show=show_id)[:limit]))


def archive(show_id=None, tag: str | None = None) -> list[Row]:
    """The public archive of one show (or all shows), newest first, optionally by tag."""
    filters = {}
    if show_id is not None:
        filters["show"] = show_id
    if tag:
        filters["tags"] = str(tag)
    return _with_names(rows(_public_list(**filters)))


def tag_counts(show_id=None) -> list[tuple[str, int]]:
    query = Episode.objects.public()
    if show_id is not None:
        query = query.filter(show=show_id)
    counts = Counter(tag for doc in query.only("tags").as_pymongo() for tag in doc.get("tags", ()))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def public_by_number(show_id, number: int) -> Episode | None:
    return Episode.objects.public().filter(show=show_id, number=number).first()


def neighbours(episode: Episode) -> tuple[Row | None, Row | None]:
    """The previous and next public episodes of the same show, by number."""
    base = Episode.objects.public().filter(show=episode.show.id).only("number", "slug", "title")
    previous = base.filter(number__lt=episode.number).order_by("-number").as_pymongo().first()
    following = base.filter(number__gt=episode.number).order_by("number").as_pymongo().first()
    return (Row(previous) if previous else None, Row(following) if following else None)


def for_guest(guest_id) -> list[Row]:
    """Every public appearance of a guest, newest first."""
    return _with_names(rows(_public_list(guests=guest_id)))


def next_due(now):
    """When the next not-yet-public, non-draft episode becomes public (None if there is none)."""
    row = (Episode.objects(state__ne=DRAFT, published_at__gt=now).only("published_at")
           .order_by("published_at").as_pymongo().first())
    return row["published_at"] if row else None
