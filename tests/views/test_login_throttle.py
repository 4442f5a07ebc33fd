"""Login throttling: per account and per client address, a 429 page that says when, then it lifts."""
import re

import limits.storage.memory
import pytest
import webtest

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
