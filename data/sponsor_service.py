from data.rows import Row, rows
from data.sponsor import Sponsor


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
