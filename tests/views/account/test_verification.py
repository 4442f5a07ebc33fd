"""The sign-up mail: a signed, expiring, single-use link built from the public URL."""
import time

from data.accounts import student_service, user_service
from tests.views.account.conftest import link_in
from tests.views.account.test_student_accounts import PASSWORD, log_in, sign_up


def test_sign_up_mails_a_link_that_works_once(testapp, mailbox):
    sign_up(testapp, "new@example.com")
    [message] = mailbox()
    assert message["To"] == "new@example.com"
    link = link_in(message)
    assert link.startswith("http://training.example.org/account/verify?token=")  # not the Host
    path = link.removeprefix("http://training.example.org")
    assert "Email confirmed" in testapp.get(path).text
    assert user_service.by_email("new@example.com").email_verified
    assert testapp.get(path, status=400).status_int == 400  # used once


def test_a_taken_email_gets_no_mail_and_the_same_answer(testapp, mailbox):
    user_service.create("staff@example.com", "Staff", PASSWORD, role="editor")
    sign_up(testapp, "staff@example.com")
    assert mailbox() == []


def test_expired_and_forged_links_are_refused(testapp, app):
    sign_up(testapp, "late@example.com")
    user = user_service.by_email("late@example.com")
    secret = app.registry.auth_secret
    old = student_service.verification_token(secret, user, now=time.time() - 3 * 24 * 3600)
    assert student_service.verify_email(secret, old) is None
    forged = student_service.verification_token("another secret", user)
    assert student_service.verify_email(secret, forged) is None
    testapp.get("/account/verify?token=nonsense", status=400)
    assert not user_service.by_email("late@example.com").email_verified


def test_resend_sends_a_new_link(testapp, mailbox):
    sign_up(testapp, "again@example.com")
    page = log_in(testapp, "again@example.com").follow()
    page.forms["resend-form"].submit().follow()
    assert len(mailbox()) == 2
