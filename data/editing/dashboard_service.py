"""What the admin dashboard shows: how much of everything, drafts, what goes live next, recent changes."""
from data.catalog import episode_service
from data.catalog.episode import DRAFT, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.catalog.sponsor import Sponsor
from data.core.rows import Row, rows
from data.editing.audit import AuditEntry
from data.training.course import Course
from data.transcripts.transcript import Transcript


def counts() -> dict[str, int]:
    """One count query per kind (a handful of indexed counts)."""
    public = Episode.objects.public().count()
    drafts = Episode.objects(state=DRAFT).count()
    return {
        "shows": Show.objects.count(),
        "episodes": Episode.objects.count(),
        "published": public,
        "drafts": drafts,
        "scheduled": Episode.objects.count() - public - drafts,
        "guests": Guest.objects.count(),
        "sponsors": Sponsor.objects.count(),
        "courses": Course.objects.count(),
        "transcripts": Transcript.objects.count(),
    }


def unpublished_courses(limit: int = 10) -> list[Row]:
    return rows(Course.objects(published__ne=True).only("title", "updated_at").order_by("-updated_at")[:limit])


def recent_changes(limit: int = 12) -> list[AuditEntry]:
    """The latest content writes (logins and account events live on the audit page)."""
    return list(AuditEntry.objects(action__in=["create", "update", "delete"]).order_by("-at", "-id").limit(int(limit)))


def summary(recent: int = 12) -> dict:
    return {
        "counts": counts(),
        "drafts": episode_service.drafts(),
        "course_drafts": unpublished_courses(),
        "scheduled": episode_service.scheduled_next(),
        "recent": recent_changes(recent),
    }
