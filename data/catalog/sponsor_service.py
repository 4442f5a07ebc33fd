from data.catalog.episode import Episode
from data.catalog.sponsor import Sponsor
from data.core.rows import Row, rows


def active() -> list[Sponsor]:
    """Full documents: the sponsors page renders their descriptions (a handful of rows)."""
    return list(Sponsor.objects(active=True).order_by("name"))


def by_slug(slug: str) -> Sponsor | None:
    return Sponsor.objects(slug=str(slug), active=True).first()


def by_ids(ids) -> list[Row]:
    return rows(Sponsor.objects(id__in=list(ids)).order_by("name")) if ids else []


def record_click(sponsor: Sponsor) -> None:
    """Counted atomically, so concurrent clicks are not lost."""
    Sponsor.objects(id=sponsor.id).update_one(inc__clicks=1)


# --- admin ------------------------------------------------------------------------------
def admin_rows() -> list[Row]:
    counts = Episode.objects.reference_counts("sponsors")
    sponsors = rows(Sponsor.objects.only("slug", "name", "active", "clicks").order_by("name"))
    for sponsor in sponsors:
        sponsor["episodes"] = counts.get(sponsor.id, 0)
        sponsor["active"] = "yes" if sponsor.active else "no"
    return sponsors


def choices() -> list[tuple[str, str]]:
    return [(str(row["_id"]), row["name"] + ("" if row.get("active", True) else " (inactive)"))
            for row in Sponsor.objects.only("name", "active").order_by("name").as_pymongo()]
