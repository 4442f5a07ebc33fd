"""Students sign up, log in and out at /account, and never reach /admin."""
import pytest

from data.accounts import user_service
from data.accounts.user import User
from tests.views.admin.test_access import admin_routes_from_introspector

PASSWORD = "a long student password 42"


def sign_up(testapp, email, name="Sam Student", password=PASSWORD):
    form = testapp.get("/account/signup").forms["signup-form"]
    form["display_name"], form["email"], form["password"] = name, email, password
    return form.submit(expect_errors=True)


def log_in(testapp, email, password=PASSWORD):
    form = testapp.get("/account/login").forms["login-form"]
    form["email"], form["password"] = email, password
    return form.submit(expect_errors=True)


def test_sign_up_then_log_in_lands_on_the_account_page(testapp):
    response = sign_up(testapp, "Sam@Example.com")
    assert response.status_int == 303 and response.location.endswith("/account/login")
    user = user_service.by_email("sam@example.com")
    assert user.role == "student" and not user.email_verified
    assert user.password_hash.startswith("$argon2id$")
    response = log_in(testapp, "sam@example.com")
    assert response.status_int == 303 and response.location.endswith("/account")
    page = response.follow()
    assert "Signed in as Sam Student" in page.text


def test_sign_up_answers_the_same_for_a_taken_email(testapp):
    user_service.create("taken@example.com", "Staff", PASSWORD, role="editor")
    new = sign_up(testapp, "fresh@example.com")
    new_page = new.follow()
    taken = sign_up(testapp, "taken@example.com")
    assert (new.status_int, new.location) == (taken.status_int, taken.location)
    assert "Thank you" in new_page.text
    assert new_page.text == taken.follow().text
    assert User.objects(email="taken@example.com").get().role == "editor"  # untouched


@pytest.mark.parametrize("email, password, message", [
    ("not-an-email", PASSWORD, "Enter an email address"),
    ("short@example.com", "short", "12"),
])
def test_bad_sign_up_is_400_with_a_message(testapp, email, password, message):
    response = sign_up(testapp, email, password=password)
    assert response.status_int == 400 and message in response.text
    assert user_service.by_email(email) is None


def test_wrong_password_uses_the_staff_throttle(testapp):
    sign_up(testapp, "slow@example.com")
    statuses = [log_in(testapp, "slow@example.com", "wrong password here").status_int for _ in range(12)]
    assert statuses[0] == 400 and 429 in statuses


def test_logout_ends_the_session(testapp):
    sign_up(testapp, "out@example.com")
    page = log_in(testapp, "out@example.com").follow()
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    response = testapp.post("/account/logout", {"csrf_token": token})
    assert response.status_int == 303 and response.location.endswith("/account/login")
    assert testapp.get("/account").status_int == 303


def test_a_student_gets_403_on_every_admin_route(app, testapp):
    sign_up(testapp, "nosy@example.com")
    page = log_in(testapp, "nosy@example.com").follow()
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    public = {"auth.login", "auth.login_code", "auth.logout", "auth.setup"}
    checked, wrong = 0, []
    for name, path, methods in admin_routes_from_introspector(app):
        if name in public:
            continue
        for method in sorted(methods):
            checked += 1
            if method == "GET":
                status = testapp.get(path, expect_errors=True).status_int
            else:  # with the real CSRF token, so only the permission can refuse it
                status = testapp.post(path, {"csrf_token": token}, expect_errors=True).status_int
            if status != 403:
                wrong.append(f"{method} {path}: {status}")
    assert not wrong and checked >= 20


def test_the_staff_user_form_does_not_offer_the_student_role(testapp, login):
    login(testapp, role="admin")
    page = testapp.get("/admin/users/new")
    assert 'value="student"' not in page.text
