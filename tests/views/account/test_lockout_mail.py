"""A lockout is announced to the account's owner by mail, once, and to nobody else."""
from data.accounts import user_service

from tests.views.account.conftest import link_in


def wrong_password(testapp, email):
    form = testapp.get("/account/login").forms["login-form"]
    form["email"], form["password"] = email, "not the password at all"
    return form.submit(expect_errors=True)


def test_the_owner_is_told_once_when_the_account_locks(testapp, mailbox):
    user_service.create("owner@example.com", "Owner", "the owners own long passphrase", role="student")
    statuses = [wrong_password(testapp, "owner@example.com").status_int for _ in range(8)]
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    sent = [m for m in mailbox() if m["To"] == "owner@example.com"]
    assert len(sent) == 1 and "paused" in sent[0]["Subject"]
    assert link_in(sent[0]).startswith("http://training.example.org/account/reset")


def test_an_unknown_email_locks_but_mails_nobody(testapp, mailbox):
    for _ in range(7):
        wrong_password(testapp, "nobody@example.com")
    assert mailbox() == []
