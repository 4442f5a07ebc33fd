from bson import ObjectId

from data.catalog.show import Show
from data.core.rows import Row, rows


def all_shows() -> list[Row]:
    return rows(Show.objects.order_by("sort_order", "title"))


def by_slug(slug: str) -> Show | None:
    return Show.objects(slug=str(slug)).first()


def slugs_by_id(ids) -> dict[ObjectId, str]:
    return {row["_id"]: row["slug"] for row in Show.objects(id__in=list(ids)).only("slug").as_pymongo()}


# --- admin ------------------------------------------------------------------------------
def titles_by_id(ids) -> dict[ObjectId, str]:
    return {row["_id"]: row["title"] for row in Show.objects(id__in=list(ids)).only("title").as_pymongo()}


def choices() -> list[tuple[str, str]]:
    return [(str(row["_id"]), row["title"]) for row in Show.objects.only("title").order_by("sort_order", "title")
            .as_pymongo()]


def admin_rows() -> list[Row]:
    from data.catalog.episode import Episode

    counts: dict = {}
    for doc in Episode.objects.only("show").as_pymongo():
        counts[doc["show"]] = counts.get(doc["show"], 0) + 1
    shows = rows(Show.objects.only("slug", "title", "sort_order").order_by("sort_order", "title"))
    for show in shows:
        show["episodes"] = counts.get(show.id, 0)
    return shows
