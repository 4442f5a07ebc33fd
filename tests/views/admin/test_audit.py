"""The audit log page: newest first, who/when/what changed, in pages."""
import datetime as dt

from data.editing import audit_service
from data.editing.audit import AuditEntry


def test_audit_log_lists_newest_first_with_changes(testapp, login):
    admin = login(testapp, role="admin")
    old = AuditEntry(action="update", target_type="episode", target_label="Episode one",
                     changes={"title": ["Old title", "New title"], "published_at": [None, dt.datetime(2024, 5, 1, 9)]},
                     at=dt.datetime(2020, 1, 1))
    old.save()
    page = testapp.get("/admin/audit")
    rows = page.html.select("table.audit tbody tr")
    assert "login" in rows[0].text and admin.email in rows[0].text        # this login is the newest
    last = [row for row in rows if "Episode one" in row.text][0]
    assert "Old title → New title" in " ".join(last.text.split())
    assert "— → 2024-05-01 09:00" in " ".join(last.text.split())
    assert rows.index(last) == len(rows) - 1


def test_audit_log_is_paginated(testapp, login):
    login(testapp, role="admin")
    AuditEntry.objects.insert([AuditEntry(action="update", target_type="guest", target_label=f"Guest {n:03d}",
                                          at=dt.datetime(2021, 1, 1) + dt.timedelta(minutes=n))
                               for n in range(120)])
    first = testapp.get("/admin/audit")
    assert "Page 1 of 3" in first.text and "Guest 119" in first.text and "Guest 050" not in first.text
    second = first.click(linkid=None, href=r"page=2")
    assert "Page 2 of 3" in second.text and "Guest 069" in second.text
    assert "Page 3 of 3" in testapp.get("/admin/audit", params={"page": "99"}).text
    assert "Page 1 of 3" in testapp.get("/admin/audit", params={"page": "-4"}).text
    assert "Page 1 of 3" in testapp.get("/admin/audit", params={"page": "two"}).text


def test_diff_reports_only_changed_fields_and_hides_secrets():
    changes = audit_service.diff({"title": "A", "slug": "a", "password_hash": "x"},
                                 {"title": "B", "slug": "a", "password_hash": "y", "tags": {"py", }})
    assert changes == {"title": ["A", "B"], "password_hash": ["(changed)", "(changed)"], "tags": [None, ["py"]]}


def test_record_takes_identity_and_address_from_the_request(app, login, testapp):
    from pyramid.request import Request
    from pyramid.scripting import prepare

    user = login(testapp, role="editor")
    request = Request.blank("/", remote_addr="203.0.113.9")
    with prepare(request=request, registry=app.registry):
        entry = audit_service.record(request, "delete", target=user, changes={"x": [1, None]})
    assert entry.ip == "203.0.113.9" and entry.actor_email == ""
    assert entry.target_type == "user" and entry.target_id == str(user.id) and entry.target_label == user.display_name
