"""Every episode query onair makes. Visitors only ever see ``Episode.objects.public()``."""
from collections import Counter

from data.catalog import guest_service, show_service
from data.catalog.episode import DRAFT, PUBLISHED, SCHEDULED, Episode
from data.core.common import utcnow
from data.core.rows import Row, rows

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


def public_page(show_id=None, tag: str | None = None, before=None, limit: int = 20,
                guest_id=None, since=None) -> list[Row]:
    """One page of public episodes, newest first; ``before`` (a published_at) is the API's cursor,
    ``since`` the earliest published_at wanted."""
    filters = {}
    if show_id is not None:
        filters["show"] = show_id
    if tag:
        filters["tags"] = str(tag)
    if guest_id is not None:
        filters["guests"] = guest_id
    if before is not None:
        filters["published_at__lt"] = before
    if since is not None:
        filters["published_at__gte"] = since
    return _with_names(rows(_public_list(**filters)[:limit]))


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


# --- admin ------------------------------------------------------------------------------
ADMIN_FIELDS = ("show", "number", "slug", "title", "state", "published_at", "has_transcript", "updated_at")




def status(state: str | None, published_at, now=None) -> str:
    """What visitors get: draft, scheduled (its time is still to come) or published."""
    if state == DRAFT or published_at is None:
        return DRAFT
    return SCHEDULED if published_at > (now or utcnow()) else PUBLISHED


def _admin_rows(query) -> list[Row]:
    found = rows(query.only(*ADMIN_FIELDS))
    titles = show_service.titles_by_id({row["show"] for row in found})
    now = utcnow()
    for row in found:
        row["show_title"] = titles.get(row["show"], "")
        row["status"] = status(row.state, row.published_at, now)
        row["label"] = f"#{row['number']} {row['title']}"
    return found


def admin_rows() -> list[Row]:
    """Every episode, drafts and scheduled ones included, by show then newest number first."""
    return _admin_rows(Episode.objects.order_by("show", "-number"))


def using(guests=None, sponsors=None) -> list[Row]:
    """Episodes (any state) that list this guest or sponsor."""
    query = Episode.objects
    if guests is not None:
        query = query.filter(guests=guests)
    if sponsors is not None:
        query = query.filter(sponsors=sponsors)
    return _admin_rows(query.order_by("-number"))


def drafts(limit: int = 10) -> list[Row]:
    return _admin_rows(Episode.objects(state=DRAFT).order_by("-updated_at")[:limit])


def scheduled_next(limit: int = 5) -> list[Row]:
    """Episodes set to go live, soonest first."""
    query = Episode.objects(state__in=[SCHEDULED, PUBLISHED], published_at__gt=utcnow())
    return _admin_rows(query.order_by("published_at")[:limit])


def choices(without_transcript_only: bool = False) -> list[tuple[str, str]]:
    """(id, "Show #n Title") for pickers; optionally only episodes still lacking a transcript."""
    query = Episode.objects
    if without_transcript_only:
        query = query.filter(has_transcript__ne=True)
    return [(str(row.id), f"{row.show_title} {row.label}") for row in _admin_rows(query.order_by("show", "-number"))]


def of_show(show_id) -> list[Row]:
    return _admin_rows(Episode.objects(show=show_id).order_by("-number"))


def next_number(show_id) -> int:
    last = Episode.objects(show=show_id).only("number").order_by("-number").as_pymongo().first()
    return (last["number"] + 1) if last else 1


def labels_by_id(ids) -> dict:
    """id -> "Show #n Title", one query for the episodes and one for their shows."""
    return {row.id: f"{row.show_title} {row.label}" for row in _admin_rows(Episode.objects(id__in=list(ids)))}


# --- "learn more" ---
def topic_words(episode) -> list[str]:
    """An episode's topics, as a matching course lecture would name them. Tags only: they are
    chosen by people, while title words ("will", "right", "time") match lectures by accident."""
    return [tag.replace("-", " ") for tag in episode.tags or ()]
