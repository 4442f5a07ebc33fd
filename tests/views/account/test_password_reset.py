"""Password reset by mail: same answer for every email, token stored hashed, one hour, once,
and the account's other sessions end."""
import datetime as dt

import webtest

from data.accounts import user_service
from data.accounts.user import User
from tests.views.account.conftest import PUBLIC_HOST, link_in
from tests.views.account.test_student_accounts import PASSWORD, log_in, sign_up

NEW_PASSWORD = "another long password 43"


def ask_reset(testapp, email):
    form = testapp.get("/account/reset").forms["reset-request-form"]
    form["email"] = email
    return form.submit()


def test_reset_changes_the_password_once_and_ends_other_sessions(app, testapp, mailbox):
    sign_up(testapp, "forgot@example.com")
    other = webtest.TestApp(app, extra_environ={"HTTP_HOST": PUBLIC_HOST})
    log_in(other, "forgot@example.com")
    assert other.get("/account").status_int == 200
    ask_reset(testapp, "forgot@example.com")
    link = link_in(mailbox()[-1])
    token = link.split("token=")[1]
    stored = User.objects(email="forgot@example.com").get()
    assert stored.reset_token_hash and token not in stored.reset_token_hash  # only the hash
    path = link.removeprefix("http://training.example.org")
    form = testapp.get(path).forms["reset-form"]
    form["password"] = NEW_PASSWORD
    assert form.submit().location.endswith("/account/login")
    assert user_service.authenticate("forgot@example.com", NEW_PASSWORD) is not None
    assert other.get("/account").status_int == 303  # the other session has ended
    assert testapp.get(path).location.endswith("/account/reset")  # spent


def test_the_answer_is_the_same_for_an_unknown_email(testapp, mailbox):
    sign_up(testapp, "known@example.com")
    known = ask_reset(testapp, "known@example.com")
    known_page = known.follow()
    unknown = ask_reset(testapp, "nobody@example.com")
    assert known.location == unknown.location and known_page.text == unknown.follow().text
    assert [m["To"] for m in mailbox()] == ["known@example.com", "known@example.com"]  # signup + reset


def test_an_expired_token_is_refused(testapp, mailbox):
    sign_up(testapp, "old@example.com")
    ask_reset(testapp, "old@example.com")
    User.objects(email="old@example.com").update_one(
        set__reset_expires_at=dt.datetime.utcnow() - dt.timedelta(minutes=1))
    path = link_in(mailbox()[-1]).removeprefix("http://training.example.org")
    assert testapp.get(path).location.endswith("/account/reset")
    token = path.split("token=")[1]
    csrf_token = testapp.get("/account/reset").html.find("input", attrs={"name": "csrf_token"})["value"]
    response = testapp.post("/account/reset/confirm",
                            {"csrf_token": csrf_token, "token": token, "password": NEW_PASSWORD})
    assert response.location.endswith("/account/reset")
    assert user_service.authenticate("old@example.com", PASSWORD) is not None


def test_a_weak_new_password_is_400(testapp, mailbox):
    sign_up(testapp, "weak@example.com")
    ask_reset(testapp, "weak@example.com")
    path = link_in(mailbox()[-1]).removeprefix("http://training.example.org")
    form = testapp.get(path).forms["reset-form"]
    form["password"] = "short"
    assert form.submit(expect_errors=True).status_int == 400
