"""Server-side sessions, tested the way a stolen cookie would be used."""
import datetime as dt

import pytest

from app.sessions import SESSION_COOKIE, TOUCH_SECONDS
from data.accounts import user_service
from data.accounts.browser_session import BrowserSession, truncated_address


def session_cookie(testapp) -> str:
    return testapp.cookies[SESSION_COOKIE]


def as_stranger(testapp, cookie: str):
    """A second browser that holds only a copy of someone's cookie."""
    testapp.reset()
    testapp.set_cookie(SESSION_COOKIE, cookie)
    return testapp


def record_of(user) -> BrowserSession:
    return BrowserSession.objects(user_id=str(user.id)).get()


def log_out(testapp, csrf):
    return testapp.post("/admin/logout", {"csrf_token": csrf(testapp)}, status=303)


def test_a_cookie_copied_before_logout_is_dead_after_it(testapp, login, csrf):
    login(testapp, "admin")
    stolen = session_cookie(testapp)
    token = csrf(testapp)
    log_out(testapp, csrf)
    thief = as_stranger(testapp, stolen)
    assert thief.get("/admin", status=303).location.startswith("http://localhost/admin/login")
    # An admin write with the copied cookie and the CSRF token it had is refused too.
    refused = thief.post("/admin/guests/new", {"csrf_token": token, "name": "Mallory"}, expect_errors=True)
    assert refused.status_int in (303, 400)
    assert "admin/login" in (refused.location or "") or refused.status_int == 400


def test_the_cookie_holds_only_a_random_token_stored_hashed(testapp, login):
    user = login(testapp, "editor")
    cookie = session_cookie(testapp)
    record = record_of(user)
    assert len(cookie) >= 40 and cookie not in record.to_json()
    assert str(user.id) not in cookie


def test_reading_pages_writes_nothing_until_the_touch_interval(testapp, login):
    user = login(testapp, "editor")
    before = record_of(user)
    for _ in range(3):
        testapp.get("/admin", status=200)
    after = record_of(user)
    assert (after.last_seen_at, after.data) == (before.last_seen_at, before.data)
    # Once the interval has passed, one request pushes the idle limit forward.
    old = before.last_seen_at - dt.timedelta(seconds=TOUCH_SECONDS + 5)
    BrowserSession.objects(id=before.id).update_one(set__last_seen_at=old)
    testapp.get("/admin", status=200)
    assert record_of(user).last_seen_at > before.last_seen_at


def test_an_idle_session_ends(testapp, login):
    user = login(testapp, "editor")
    past = dt.datetime.utcnow() - dt.timedelta(seconds=1)
    BrowserSession.objects(user_id=str(user.id)).update_one(set__ends_at=past)
    assert testapp.get("/admin", status=303).location.startswith("http://localhost/admin/login")


def test_use_does_not_slide_past_the_absolute_lifetime(app, testapp, login):
    user = login(testapp, "editor")
    lifetime = app.registry.settings.get("onair.session.lifetime_seconds", 7 * 24 * 3600)
    # A minute of the lifetime left (room for a slow machine between these lines).
    born = dt.datetime.utcnow() - dt.timedelta(seconds=int(lifetime) - 60)
    BrowserSession.objects(user_id=str(user.id)).update_one(
        set__created_at=born, set__last_seen_at=born, set__ends_at=dt.datetime.utcnow() + dt.timedelta(seconds=60))
    record = record_of(user)
    BrowserSession.objects(id=record.id).update_one(
        set__last_seen_at=record.last_seen_at - dt.timedelta(seconds=TOUCH_SECONDS + 5))
    testapp.get("/admin", status=200)  # a touch: the idle limit moves, the lifetime does not
    assert record_of(user).ends_at <= born + dt.timedelta(seconds=int(lifetime))


@pytest.mark.parametrize("change", ["deactivate", "role", "password", "totp_off"])
def test_account_changes_end_every_session(testapp, login, change):
    user = login(testapp, "editor")
    stolen = session_cookie(testapp)
    if change == "deactivate":
        user_service.update(user, email=user.email, display_name=user.display_name, role=user.role, active=False)
        user_service.update(user, email=user.email, display_name=user.display_name, role=user.role, active=True)
    elif change == "role":
        user_service.update(user, email=user.email, display_name=user.display_name, role="admin", active=True)
    elif change == "password":
        user_service.set_password(user, "another long passphrase 42")
    else:
        user_service.disable_totp(user)
    thief = as_stranger(testapp, stolen)
    # Reactivating the account does not bring the old session back.
    assert thief.get("/admin", status=303).location.startswith("http://localhost/admin/login")
    assert BrowserSession.objects(user_id=str(user.id)).count() == 0


def test_changing_my_password_keeps_me_in_and_signs_out_my_other_browser(app, login, csrf):
    from webtest import TestApp

    mine, other = TestApp(app), TestApp(app)
    user = login(mine, "editor")
    login(other, "editor", email=user.email)
    form = mine.get("/admin/account").forms["password-form"]
    form["current"] = "correct horse battery staple"
    form["password"] = form["confirm"] = "a brand new passphrase 7"
    form.submit(status=303)
    mine.get("/admin", status=200)
    assert other.get("/admin", status=303).location.startswith("http://localhost/admin/login")


def test_my_account_lists_my_sessions_and_signs_out_one_or_all(app, login, csrf):
    from webtest import TestApp

    mine, other = TestApp(app), TestApp(app)
    user = login(mine, "editor")
    login(other, "editor", email=user.email)
    page = mine.get("/account", headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"})
    rows = page.html.select("#sessions tbody tr")
    assert len(rows) == 2 and "This browser" in page.text
    page.forms[next(k for k, f in page.forms.items() if "session_id" in f.fields)].submit(status=303)
    assert other.get("/admin", status=303).location.startswith("http://localhost/admin/login")
    mine.get("/admin", status=200)
    mine.get("/account").forms["end-all-form"].submit(status=303)
    assert mine.get("/admin", status=303).location.startswith("http://localhost/admin/login")
    assert BrowserSession.objects(user_id=str(user.id)).count() == 0


def test_a_session_id_from_someone_else_cannot_be_signed_out(app, login, csrf):
    from webtest import TestApp

    mine, theirs = TestApp(app), TestApp(app)
    login(mine, "editor")
    victim = login(theirs, "editor")
    victim_session = str(record_of(victim).id)
    mine.post("/account/sessions/end", {"csrf_token": csrf(mine), "session_id": victim_session}, status=303)
    theirs.get("/admin", status=200)


def test_addresses_are_truncated():
    assert truncated_address("203.0.113.42") == "203.0.113.x"
    assert truncated_address("2001:db8:85a3::8a2e:370:7334") == "2001:0db8:85a3::x"
    assert truncated_address("not an address") == ""
