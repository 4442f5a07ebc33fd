from bson import ObjectId

from data.rows import Row, rows
from data.show import Show


def all_shows() -> list[Row]:
    return rows(Show.objects.order_by("sort_order", "title"))


def by_slug(slug: str) -> Show | None:
    return Show.objects(slug=str(slug)).first()


def slugs_by_id(ids) -> dict[ObjectId, str]:
    return {row["_id"]: row["slug"] for row in Show.objects(id__in=list(ids)).only("slug").as_pymongo()}
