"""The users admin: list, create, edit, delete; never zero admins; role changes audited."""
import pytest

from data.accounts import user_service
from data.accounts.user import User
from data.editing.audit import AuditEntry
from tests.inert import script_vectors

XSS_NAME = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'


def fill(form, **values):
    for name, value in values.items():
        form[name] = value
    return form


def test_admin_creates_an_account_that_can_log_in(testapp, login):
    login(testapp, role="admin")
    form = testapp.get("/admin/users/new").forms["user-form"]
    fill(form, email="New.Editor@Example.com", display_name="New Editor", role="editor",
         password="fresh long passphrase", confirm="fresh long passphrase")
    page = form.submit(status=303).follow()
    assert "Account new.editor@example.com created." in page.text
    assert "new.editor@example.com" in page.text
    user = user_service.by_email("NEW.EDITOR@example.com")
    assert user.role == "editor" and user.active
    entry = AuditEntry.objects(action="create", target_id=str(user.id)).first()
    assert entry.changes["email"] == [None, "new.editor@example.com"]
    assert "password" not in entry.changes and "password_hash" not in entry.changes


@pytest.mark.parametrize("values, message", [
    ({"password": "too short", "confirm": "too short"}, "at least 12 characters"),
    ({"password": "someone@example.com", "confirm": "someone@example.com"}, "cannot be your email address"),
    ({"password": "someone", "confirm": "someone"}, "at least 12 characters"),
    ({"password": "fresh long passphrase", "confirm": "other long passphrase"}, "not the same"),
    ({"email": "not an email"}, "does not look like an email address"),
    ({"display_name": ""}, "Give the account a name"),
])
def test_invalid_input_is_explained_and_kept(testapp, login, values, message):
    login(testapp, role="admin")
    form = testapp.get("/admin/users/new").forms["user-form"]
    typed = {"email": "someone@example.com", "display_name": "Someone Typed This", "role": "admin",
             "password": "fresh long passphrase", "confirm": "fresh long passphrase", **values}
    page = fill(form, **typed).submit(status=400)
    assert message in page.text
    kept = page.forms["user-form"]
    assert kept["email"].value == typed["email"] and kept["display_name"].value == typed["display_name"]
    assert kept["role"].value == "admin"
    assert user_service.by_email("someone@example.com") is None


def test_a_taken_email_is_refused_in_any_case(testapp, login):
    admin = login(testapp, role="admin")
    form = testapp.get("/admin/users/new").forms["user-form"]
    fill(form, email=admin.email.upper(), display_name="Twin", password="fresh long passphrase",
         confirm="fresh long passphrase")
    page = form.submit(status=400)
    assert f"There is already an account for {admin.email}" in page.text
    assert User.objects(email=admin.email).count() == 1


def test_role_change_is_audited_as_role_change(testapp, login):
    login(testapp, role="admin")
    other = user_service.create("promote@example.com", "Promote Me", "fresh long passphrase")
    form = testapp.get(f"/admin/users/{other.id}/edit").forms["user-form"]
    fill(form, role="admin", display_name="Promoted").submit(status=303)
    entries = {e.action: e for e in AuditEntry.objects(target_id=str(other.id))}
    assert entries["role_change"].changes == {"role": ["editor", "admin"]}
    assert entries["update"].changes == {"display_name": ["Promote Me", "Promoted"]}
    assert User.objects.get(id=other.id).role == "admin"


def test_admin_resets_a_password_and_ends_that_users_sessions(app, testapp, login):
    import webtest

    editor_app = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    editor = login(editor_app, role="editor")
    login(testapp, role="admin")
    form = testapp.get(f"/admin/users/{editor.id}/edit").forms["user-form"]
    fill(form, password="brand new passphrase", confirm="brand new passphrase").submit(status=303)
    editor_app.get("/admin", status=303)
    entry = AuditEntry.objects(action="update", target_id=str(editor.id)).first()
    assert entry.changes == {"password": ["(changed)", "(changed)"]}


def test_the_only_admin_cannot_demote_deactivate_or_delete_themselves(testapp, login):
    admin = login(testapp, role="admin")
    User.objects(role="admin", id__ne=admin.id).delete()
    for change in ({"role": "editor"}, {"active": False}):
        form = testapp.get(f"/admin/users/{admin.id}/edit").forms["user-form"]
        page = fill(form, **change).submit(status=400)
        assert "only active admin" in page.text
    page = testapp.get(f"/admin/users/{admin.id}/delete").forms["delete-form"].submit(status=400)
    assert "only active admin" in page.text
    assert User.objects.get(id=admin.id).role == "admin"


def test_with_a_second_admin_an_admin_may_step_down(testapp, login):
    admin = login(testapp, role="admin")
    user_service.create("second@example.com", "Second Admin", "fresh long passphrase", role="admin")
    form = testapp.get(f"/admin/users/{admin.id}/edit").forms["user-form"]
    fill(form, role="editor").submit(status=303)
    testapp.get("/admin/users", status=403)  # the new role applies at once


def test_delete_asks_first_then_deletes(testapp, login):
    login(testapp, role="admin")
    other = user_service.create("leaving@example.com", "Leaving", "fresh long passphrase")
    page = testapp.get(f"/admin/users/{other.id}/delete")
    assert "Delete leaving@example.com?" in page.text
    assert user_service.by_id(other.id) is not None  # looking at the question deletes nothing
    page.forms["delete-form"].submit(status=303)
    assert user_service.by_id(other.id) is None
    assert AuditEntry.objects(action="delete", target_id=str(other.id)).count() == 1


def test_editing_over_a_newer_version_saves_nothing(testapp, login):
    login(testapp, role="admin")
    other = user_service.create("race@example.com", "Race", "fresh long passphrase")
    form = testapp.get(f"/admin/users/{other.id}/edit").forms["user-form"]
    user_service.update(other, email=other.email, display_name="Changed Elsewhere", role="editor", active=True)
    page = fill(form, display_name="My Change").submit(status=400)
    assert "Someone changed this account" in page.text
    assert page.forms["user-form"]["display_name"].value == "My Change"
    assert "Changed Elsewhere" in page.text
    assert User.objects.get(id=other.id).display_name == "Changed Elsewhere"


def test_unknown_account_is_404(testapp, login):
    login(testapp, role="admin")
    testapp.get("/admin/users/000000000000000000000000/edit", status=404)
    testapp.get("/admin/users/not-an-id/delete", status=404)


def test_display_names_with_markup_are_shown_escaped(testapp, login):
    admin = login(testapp, role="admin", display_name=XSS_NAME)
    other = user_service.create("xss@example.com", XSS_NAME, "fresh long passphrase")
    for path in ("/admin", "/admin/users", f"/admin/users/{other.id}/edit", f"/admin/users/{other.id}/delete",
                 "/admin/audit", "/admin/account"):
        page = testapp.get(path)
        main = str(page.html.find("main"))  # the layout's own <script src> and <link> are not the question
        assert script_vectors(main, allowed_tags={"form"}) == [], path
        assert "&lt;script&gt;alert(1)" in main, path
    assert admin.display_name == XSS_NAME
