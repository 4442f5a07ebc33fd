from bson import ObjectId

from data.catalog.episode import Episode
from data.catalog.guest import Guest
from data.core.rows import Row, rows


def by_slug(slug: str) -> Guest | None:
    return Guest.objects(slug=str(slug)).first()


def names_by_id(ids) -> dict[ObjectId, Row]:
    if not ids:
        return {}
    return {row.id: row for row in rows(Guest.objects(id__in=list(ids)).only("slug", "name"))}


def all_with_appearances() -> list[Row]:
    """Every guest, A to Z, with how many public episodes they appear on."""
    counts: dict[ObjectId, int] = {}
    for doc in Episode.objects.public().only("guests").as_pymongo():
        for guest_id in doc.get("guests", ()):
            counts[guest_id] = counts.get(guest_id, 0) + 1
    guests = rows(Guest.objects.only("slug", "name", "photo_url").order_by("name"))
    for guest in guests:
        guest["appearances"] = counts.get(guest.id, 0)
    return guests


# --- admin ------------------------------------------------------------------------------
def admin_rows() -> list[Row]:
    counts = Episode.objects.reference_counts("guests")
    guests = rows(Guest.objects.only("slug", "name").order_by("name"))
    for guest in guests:
        guest["episodes"] = counts.get(guest.id, 0)
    return guests


def choices() -> list[tuple[str, str]]:
    return [(str(row["_id"]), row["name"]) for row in Guest.objects.only("name").order_by("name").as_pymongo()]
