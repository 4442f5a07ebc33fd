"""The admin dashboard: counts, drafts, what goes live next, and recent content changes."""
from data.catalog.episode import DRAFT, Episode
from data.catalog.guest import Guest
from data.training.course import Course
from tests.views.admin.content_helpers import edit_form, editor

__all__ = ["editor"]


def test_dashboard_counts_each_kind_and_links_to_it(editor):
    page = editor.get("/admin")
    counts = {a["href"].rsplit("/", 1)[1]: int(a.strong.text) for a in page.html.select("ul.dash-counts a")}
    assert counts["episodes"] == Episode.objects.count() and counts["guests"] == Guest.objects.count()
    assert counts["courses"] == Course.objects.count()
    assert f"{Episode.objects(state=DRAFT).count()} draft" in page.text


def test_dashboard_lists_drafts_and_the_next_scheduled_episode(editor):
    page = editor.get("/admin")
    draft = Episode.objects(state=DRAFT).first()
    drafts = page.html.find("section", attrs={"aria-labelledby": "drafts-h"})
    assert drafts.find("a", href=f"http://localhost/admin/episodes/{draft.pk}/edit") is not None
    scheduled = page.html.find("section", attrs={"aria-labelledby": "scheduled-h"})
    upcoming = [e for e in Episode.objects(state__ne=DRAFT) if not e.is_public()]
    assert upcoming and all(scheduled.find("a", href=f"http://localhost/admin/episodes/{e.pk}/edit") for e in upcoming)


def test_dashboard_shows_recent_changes_with_who_and_which_fields(editor):
    guest = Guest.objects.get(slug="david-maciver")
    form = edit_form(editor.get(f"/admin/guests/{guest.pk}/edit"))
    form["bio"] = "New biography."
    form.submit("save")
    recent = editor.get("/admin").html.find("section", attrs={"aria-labelledby": "recent-h"})
    row = recent.tbody.tr
    assert "update guest" in row.get_text(" ") and "bio" in row.get_text(" ")
    assert row.find("a", href=f"http://localhost/admin/guests/{guest.pk}/edit").text == "David MacIver"
    assert "editor" in row.get_text()
