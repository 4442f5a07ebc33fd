"""Login throttling: per account and per client address, a 429 page that says when, then it lifts."""
import re
import threading
from multiprocessing.pool import ThreadPool

import limits.storage.memory
import pytest
import webtest

from app.throttle import DEVICE_COOKIE
from data.accounts import user_service
from tests.conftest import TEST_PASSWORD


class Clock:
    """A clock the test moves by hand, for limits' memory storage and the throttle."""

    def __init__(self):
        import time

        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def clock(app, monkeypatch):
    fake = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    monkeypatch.setattr(app.registry.login_throttle, "clock", fake.time)
    return fake


def attempt(testapp, email, password, **kwargs):
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = email, password
    return form.submit(**kwargs)


def test_account_throttle_kicks_in_then_lifts(testapp, clock):
    user_service.create("target@example.com", "Target", TEST_PASSWORD)
    for _ in range(5):
        attempt(testapp, "target@example.com", "a wrong guess here", status=400)
    refused = attempt(testapp, "TARGET@example.com", TEST_PASSWORD, status=429)  # even the right password waits
    assert refused.headers["Retry-After"] == "60"
    assert "Try again in 60 seconds" in refused.text
    assert refused.html.find("header", class_="site-header") is not None
    testapp.get("/admin", status=303)

    clock.now += 30
    assert attempt(testapp, "target@example.com", TEST_PASSWORD, status=429).headers["Retry-After"] == "30"
    # Another account from the same address is not affected by this account's limit.
    user_service.create("other@example.com", "Other", TEST_PASSWORD)
    attempt(testapp, "other@example.com", TEST_PASSWORD, status=303)

    clock.now += 31
    attempt(testapp, "target@example.com", TEST_PASSWORD, status=303)


def test_address_throttle_kicks_in_then_lifts(app, clock):
    attacker = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.7"})
    neighbour = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.8"})
    user_service.create("victim@example.com", "Victim", TEST_PASSWORD)
    for number in range(20):  # 20 different accounts: the per-account limit never triggers
        attacker.extra_environ["HTTP_X_FORWARDED_FOR"] = f"10.0.0.{number}"  # claims are not believed
        attempt(attacker, f"guess{number}@example.com", "a wrong guess here", status=400)
    page = attempt(attacker, "victim@example.com", TEST_PASSWORD, status=429)
    assert re.search(r"Try again in \d+ seconds? \(at \d\d:\d\d:\d\d UTC\)", page.text)
    attempt(neighbour, "victim@example.com", TEST_PASSWORD, status=303)
    clock.now += 61
    attempt(attacker, "victim@example.com", TEST_PASSWORD, status=303)


def test_successful_logins_do_not_count(testapp, login, csrf, clock):
    for _ in range(8):
        login(testapp, email="regular@example.com")
        testapp.post("/admin/logout", {"csrf_token": csrf(testapp)}, status=303)


def ready_form(app, email, password, remote_addr="198.51.100.7", **environ):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": remote_addr, **environ})
    form = client.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = email, password
    return client, form


def test_forty_parallel_wrong_passwords_get_five_checks(app):
    """The attack as it is made: 40 browsers, 40 addresses, one account, posted at once."""
    user_service.create("target@example.com", "Target", TEST_PASSWORD)
    forms = [ready_form(app, "target@example.com", "a wrong guess here", f"198.51.100.{n}")[1]
             for n in range(40)]
    barrier = threading.Barrier(len(forms))

    def submit(form):
        barrier.wait()
        return form.submit(expect_errors=True).status_int

    with ThreadPool(len(forms)) as pool:
        statuses = pool.map(submit, forms)
    assert statuses.count(400) == 5 and statuses.count(429) == 35
    assert attempt(ready_form(app, "x", "y")[0], "target@example.com", TEST_PASSWORD, status=429)


def test_the_owners_known_device_still_logs_in_while_a_stranger_locks_the_account(app, clock):
    user_service.create("owner@example.com", "Owner", TEST_PASSWORD)
    owner = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.10"})
    response = attempt(owner, "owner@example.com", TEST_PASSWORD, status=303)
    cookie = next(value for name, value in response.headerlist
                  if name == "Set-Cookie" and value.startswith(DEVICE_COOKIE + "="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "max-age", "path", "samesite"} <= attributes
    assert "owner%40example.com" not in cookie and "owner@example.com" not in cookie  # encoded, signed
    owner.post("/admin/logout", {"csrf_token": owner.get("/admin/login").html.find(
        "input", attrs={"name": "csrf_token"})["value"]}, status=303)

    stranger = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "203.0.113.5"})
    for _ in range(5):
        attempt(stranger, "owner@example.com", "a wrong guess here", status=400)
    attempt(stranger, "owner@example.com", TEST_PASSWORD, status=429)   # the account is locked...
    attempt(owner, "owner@example.com", TEST_PASSWORD, status=303)      # ...but not on the owner's device

    # The device cookie of one account is no key to another's lockout, and a copy with another
    # device id (or signature) is no device cookie at all.
    user_service.create("victim@example.com", "Victim", TEST_PASSWORD)
    for _ in range(5):
        attempt(stranger, "victim@example.com", "a wrong guess here", status=400)
    attempt(owner, "victim@example.com", TEST_PASSWORD, status=429)
    value = owner.cookies[DEVICE_COOKIE]
    encoded, _, mac = value.split(".")
    stranger.set_cookie(DEVICE_COOKIE, f"{encoded}.guessed.{mac}")
    attempt(stranger, "owner@example.com", TEST_PASSWORD, status=429)


def test_failures_on_a_known_device_lock_that_device_only(app, clock):
    user_service.create("owner@example.com", "Owner", TEST_PASSWORD)
    device, _ = ready_form(app, "owner@example.com", TEST_PASSWORD, "192.0.2.10")
    attempt(device, "owner@example.com", TEST_PASSWORD, status=303)
    for _ in range(5):
        attempt(device, "owner@example.com", "a wrong guess here", status=400)
    attempt(device, "owner@example.com", TEST_PASSWORD, status=429)
    other, _ = ready_form(app, "x", "y", "192.0.2.10")   # same address, no device cookie
    attempt(other, "owner@example.com", TEST_PASSWORD, status=303)


def test_the_password_step_alone_leaves_no_device_cookie(app, testapp, login, csrf):
    """With a second factor, the device cookie comes only after the code."""
    user = user_service.create("twofactor@example.com", "Two", TEST_PASSWORD)
    user.totp_enabled, user.totp_secret = True, "x"
    user.save()
    response = attempt(testapp, "twofactor@example.com", TEST_PASSWORD, status=303)
    assert response.location.endswith("/admin/login/code")
    assert DEVICE_COOKIE not in testapp.cookies
