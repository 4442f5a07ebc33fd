"""TOTP as a second factor: enrolment with a QR code, login with a code, no replays,
recovery codes that work once each."""
import time

import pytest
from passlib.totp import TOTP

from data.accounts import user_service
from data.editing.audit import AuditEntry
from tests.conftest import TEST_PASSWORD


def code_at(uri: str, offset_seconds: int = 0) -> str:
    return TOTP.from_uri(uri).generate(time.time() + offset_seconds).token


def enrol(testapp):
    """Set up TOTP through the pages; returns (otpauth URI, recovery codes)."""
    page = testapp.get("/admin/account").click(href="/admin/account/totp")
    uri = page.html.find("code", class_="totp-uri").text
    assert uri.startswith("otpauth://totp/") and "issuer=onair" in uri
    qr = testapp.get(page.html.find("img", class_="qr")["src"])
    assert qr.content_type == "image/svg+xml" and b"<svg" in qr.body
    assert qr.headers["Content-Security-Policy"] == "default-src 'none'" and b"<script" not in qr.body
    form = page.forms["totp-form"]
    form["code"] = code_at(uri)
    shown = form.submit(status=200)
    codes = [node.text for node in shown.html.select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    return uri, codes


def password_step(testapp, email):
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = email, TEST_PASSWORD
    response = form.submit(status=303)
    assert response.location == "http://localhost/admin/login/code"
    return response.follow()


def log_out(testapp, csrf):
    testapp.post("/admin/logout", {"csrf_token": csrf(testapp)}, status=303)


def test_enrolment_stores_an_encrypted_secret_and_hashed_recovery_codes(testapp, login):
    user = login(testapp)
    uri, codes = enrol(testapp)
    stored = user_service.by_id(user.id)
    assert stored.totp_enabled and stored.totp_last_counter
    secret = TOTP.from_uri(uri).base32_key
    assert secret not in stored.totp_secret and '"enckey"' in stored.totp_secret
    assert len(stored.recovery_codes) == 10
    assert not any(code.replace("-", "") in " ".join(stored.recovery_codes) for code in codes)
    assert AuditEntry.objects(action="totp_enable", target_id=str(user.id)).count() == 1
    assert testapp.get("/admin/account/totp", status=303)  # already on: back to the account page


def test_a_wrong_code_at_enrolment_is_explained(testapp, login):
    login(testapp)
    form = testapp.get("/admin/account/totp").forms["totp-form"]
    form["code"] = "12345"
    assert "6 digits" in form.submit(status=400).text
    page = testapp.get("/admin/account/totp")
    right = int(code_at(page.html.find("code", class_="totp-uri").text))
    form = page.forms["totp-form"]
    form["code"] = f"{(right + 500000) % 1000000:06d}"
    assert "not the right one" in form.submit(status=400).text


def test_login_asks_for_the_code_and_refuses_a_replay(testapp, login, csrf):
    user = login(testapp)
    uri, _ = enrol(testapp)
    used_at_enrolment = code_at(uri)
    log_out(testapp, csrf)

    page = password_step(testapp, user.email)
    testapp.get("/admin", status=303)  # the password alone does not log in
    form = page.forms["code-form"]
    form["code"] = used_at_enrolment
    refused = form.submit(status=400)
    assert "already used" in refused.text
    form = refused.forms["code-form"]
    form["code"] = code_at(uri, 30)  # the next code the app will show
    assert form.submit(status=303).location == "http://localhost/admin"
    testapp.get("/admin", status=200)
    log_out(testapp, csrf)

    form = password_step(testapp, user.email).forms["code-form"]
    form["code"] = code_at(uri, 30)  # the same code again, within its 30 seconds
    assert "already used" in form.submit(status=400).text
    testapp.get("/admin", status=303)


def test_recovery_code_works_once(testapp, login, csrf):
    user = login(testapp)
    _, codes = enrol(testapp)
    log_out(testapp, csrf)
    form = password_step(testapp, user.email).forms["code-form"]
    form["code"] = codes[0].lower().replace("-", " ")  # typed loosely
    form.submit(status=303)
    assert len(user_service.by_id(user.id).recovery_codes) == 9
    assert "9 unused recovery codes" in testapp.get("/admin/account").text
    log_out(testapp, csrf)
    form = password_step(testapp, user.email).forms["code-form"]
    form["code"] = codes[0]
    assert "already used" in form.submit(status=400).text
    form["code"] = codes[1]
    form.submit(status=303)


def test_the_code_step_expires(testapp, login, csrf, monkeypatch):
    user = login(testapp)
    uri, _ = enrol(testapp)
    log_out(testapp, csrf)
    form = password_step(testapp, user.email).forms["code-form"]
    real_time = time.time
    monkeypatch.setattr("views.auth.time.time", lambda: real_time() + 301)
    form["code"] = code_at(uri, 30)
    response = form.submit(status=303)
    assert response.location == "http://localhost/admin/login"
    assert "Please log in again" in response.follow().text


def test_code_page_without_a_password_step_goes_to_login(testapp):
    assert testapp.get("/admin/login/code", status=303).location == "http://localhost/admin/login"


def test_turning_the_second_factor_off_needs_the_password(testapp, login):
    user = login(testapp)
    enrol(testapp)
    form = testapp.get("/admin/account").forms["totp-disable-form"]
    form["current"] = "not my password at all"
    assert "not your current password" in form.submit(status=400).text
    assert user_service.by_id(user.id).totp_enabled
    form["current"] = TEST_PASSWORD
    form.submit(status=303)
    stored = user_service.by_id(user.id)
    assert not stored.totp_enabled and stored.totp_secret is None and stored.recovery_codes == []


def test_qr_code_needs_an_enrolment_in_progress(testapp, login):
    login(testapp)
    testapp.get("/admin/account/totp/qr.svg", status=404)


@pytest.mark.parametrize("typed", ["", "x" * 41])
def test_code_field_is_required_and_bounded(testapp, login, typed):
    login(testapp)
    form = testapp.get("/admin/account/totp").forms["totp-form"]
    form["code"] = typed
    form.submit(status=400)
