"""/account/redeem: each access code opens its course once, for one student."""
from data.editing.audit import AuditEntry
from data.training.access import create_codes, needs
from data.training.course import Course
from data.accounts import user_service
from tests.views.account.conftest import PUBLIC_HOST
from tests.views.account.test_student_accounts import log_in, sign_up


def redeem(testapp, code):
    form = testapp.get("/account/redeem").forms["redeem-form"]
    form["code"] = code
    return form.submit(expect_errors=True)


def test_a_code_opens_its_course_once(testapp, app):
    import webtest

    course = Course(slug="team-course", title="Team course", published=True).save()
    [code] = create_codes(course, 1, batch="acme")
    sign_up(testapp, "first@example.com")
    log_in(testapp, "first@example.com")
    response = redeem(testapp, code.code.lower())  # typed in any case
    assert response.status_int == 303 and response.location.endswith("/courses/team-course")
    assert needs(user_service.by_email("first@example.com"), course) is None
    assert AuditEntry.objects(action="code_redeemed").count() == 1
    other = webtest.TestApp(app, extra_environ={"HTTP_HOST": PUBLIC_HOST})
    assert sign_up(other, "second@example.com").status_int == 303, "signup"
    assert log_in(other, "second@example.com").status_int == 303, "login"
    again = redeem(other, code.code)
    assert again.status_int == 400 and "already used" in again.text
    assert needs(user_service.by_email("second@example.com"), course) == "grant"


def test_redeem_needs_an_account(testapp):
    assert "/account/login" in testapp.get("/account/redeem").location
