from data.core.rows import Row, rows
from data.training.course import Course

LIST_FIELDS = ("slug", "title", "summary", "instructor", "price", "image_url", "total_duration_s", "featured")


def published() -> list[Row]:
    return rows(Course.objects.published().only(*LIST_FIELDS).order_by("title"))


def featured(limit: int = 3) -> list[Row]:
    return rows(Course.objects.published().filter(featured=True).only(*LIST_FIELDS).order_by("title")[:limit])


def public_by_slug(slug: str) -> Course | None:
    return Course.objects.published().filter(slug=str(slug)).first()


def published_outlines() -> list[Row]:
    """Published courses with their chapters and lectures (no descriptions), A to Z."""
    return rows(Course.objects.published().only(*LIST_FIELDS, "access_level", "chapters").order_by("title"))


# --- admin ------------------------------------------------------------------------------
def admin_rows() -> list[Row]:
    """Every course, published or not, with the size of its outline."""
    found = rows(Course.objects.only("slug", "title", "published", "chapters").order_by("title"))
    for course in found:
        chapters = course.pop("chapters", None) or []
        course["chapters"] = len(chapters)
        course["lectures"] = sum(len(chapter.get("lectures", ())) for chapter in chapters)
        course["published"] = "yes" if course.published else "no"
    return found


# --- lectures ---------------------------------------------------------------------------
def lecture_in(course: Course, slug: str) -> dict | None:
    """The lecture with this slug, its chapter, and the lectures before and after it."""
    outline = course.lecture_slugs()
    for index, (lecture, lecture_slug) in enumerate(outline):
        if lecture_slug == slug:
            chapter = next(c for c in course.chapters if any(item is lecture for item in c.lectures))
            return {"lecture": lecture, "slug": lecture_slug, "chapter": chapter,
                    "previous": outline[index - 1] if index > 0 else None,
                    "next": outline[index + 1] if index + 1 < len(outline) else None}
    return None
