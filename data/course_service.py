from data.course import Course
from data.rows import Row, rows

LIST_FIELDS = ("slug", "title", "summary", "instructor", "price", "image_url", "total_duration_s", "featured")


def published() -> list[Row]:
    return rows(Course.objects.published().only(*LIST_FIELDS).order_by("title"))


def featured(limit: int = 3) -> list[Row]:
    return rows(Course.objects.published().filter(featured=True).only(*LIST_FIELDS).order_by("title")[:limit])


def public_by_slug(slug: str) -> Course | None:
    return Course.objects.published().filter(slug=str(slug)).first()
