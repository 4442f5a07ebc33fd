"""Who may open what, CSRF on unsafe methods, the login session, and the secrets."""
import pytest

from app import main
from data.accounts import user_service
from data.accounts.user import User


def test_anonymous_visitor_is_sent_to_login_and_back(testapp, login):
    response = testapp.get("/admin", status=303)
    assert response.location == "http://localhost/admin/login?next=%2Fadmin"
    user_service.create("back@example.com", "Back Again", "a long enough passphrase", role="editor")
    form = testapp.get(response.location).forms["login-form"]
    assert form["next"].value == "/admin"
    form["email"], form["password"] = "back@example.com", "a long enough passphrase"
    assert form.submit(status=303).location == "http://localhost/admin"


def test_editor_sees_the_dashboard(testapp, login):
    user = login(testapp, role="editor")
    page = testapp.get("/admin", status=200)
    assert user.display_name in page.text
    assert page.html.find("header", class_="site-header") is not None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "admin"])
def test_login_never_redirects_off_site(testapp, target):
    user_service.create("stay@example.com", "Stay Here", "a long enough passphrase")
    form = testapp.get("/admin/login", params={"next": target}).forms["login-form"]
    form["email"], form["password"] = "stay@example.com", "a long enough passphrase"
    assert form.submit(status=303).location == "http://localhost/admin"


def test_login_post_without_csrf_token_is_400(testapp):
    user_service.create("nocsrf@example.com", "No Token", "a long enough passphrase")
    testapp.get("/admin/login")
    testapp.post("/admin/login", {"email": "nocsrf@example.com", "password": "a long enough passphrase"},
                 status=400)
    testapp.get("/admin", status=303)  # still not logged in


def test_logout_needs_csrf_and_ends_the_session(testapp, login, csrf):
    login(testapp)
    testapp.post("/admin/logout", {}, status=400)
    testapp.get("/admin", status=200)
    testapp.post("/admin/logout", {"csrf_token": csrf(testapp)}, status=303)
    testapp.get("/admin", status=303)
    from data.editing.audit import AuditEntry

    assert AuditEntry.objects(action="logout").count() == 1


def test_login_starts_a_new_session(app, testapp, login, csrf):
    """Session fixation: the cookie (a signed session is its own id) and the CSRF token change,
    and the cookie from before login does not carry the login."""
    import webtest

    before_token = csrf(testapp)
    before_cookie = testapp.cookies["onair_session"]
    login(testapp)
    assert testapp.cookies["onair_session"] != before_cookie
    assert csrf(testapp) != before_token
    fixated = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    fixated.set_cookie("onair_session", before_cookie)
    fixated.get("/admin", status=303)


def test_wrong_password_is_refused_and_explained(testapp):
    user_service.create("typo@example.com", "Typo", "a long enough passphrase")
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "TYPO@example.com", "not the passphrase"
    page = form.submit(status=400)
    assert "do not match an active account" in page.text
    assert page.forms["login-form"]["email"].value == "TYPO@example.com"  # what was typed stays
    assert page.forms["login-form"]["password"].value == ""               # except the password


def test_email_lookup_ignores_case(testapp):
    user_service.create("Mixed.Case@Example.com", "Mixed", "a long enough passphrase")
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "mixed.case@EXAMPLE.COM", "a long enough passphrase"
    form.submit(status=303)


def test_inactive_account_cannot_log_in(testapp):
    user_service.create("gone@example.com", "Gone", "a long enough passphrase", active=False)
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "gone@example.com", "a long enough passphrase"
    form.submit(status=400)


def test_deactivating_an_account_ends_its_sessions(testapp, login):
    user = login(testapp)
    User.objects(id=user.id).update_one(set__active=False)
    testapp.get("/admin", status=303)


def test_changing_the_password_ends_other_sessions(testapp, login):
    user = login(testapp)
    user_service.set_password(user, "an entirely new passphrase")
    testapp.get("/admin", status=303)


def test_rehash_on_login_replaces_an_old_hash_with_argon2id(testapp):
    from passlib.hash import pbkdf2_sha256

    user = user_service.create("old@example.com", "Old Hash", "a long enough passphrase")
    User.objects(id=user.id).update_one(set__password_hash=pbkdf2_sha256.hash("a long enough passphrase"))
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "old@example.com", "a long enough passphrase"
    form.submit(status=303)
    stored = User.objects.get(id=user.id).password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_unknown_email_costs_one_password_verification_like_a_wrong_password(testapp, monkeypatch):
    from data.accounts import passwords

    calls = []
    real = passwords.CONTEXT.verify_and_update

    def counting(secret, hash):
        calls.append(hash.split("$")[1])
        return real(secret, hash)

    monkeypatch.setattr(passwords.CONTEXT, "verify_and_update", counting)
    user_service.create("known@example.com", "Known", "a long enough passphrase")
    for email in ("known@example.com", "nobody-here@example.com"):
        form = testapp.get("/admin/login").forms["login-form"]
        form["email"], form["password"] = email, "wrong wrong wrong"
        form.submit(status=400)
    assert calls == ["argon2id", "argon2id"]


def test_login_and_failed_login_are_audited(testapp, login):
    from data.editing.audit import AuditEntry

    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "stranger@example.com", "a guess of a password"
    form.submit(status=400)
    user = login(testapp)
    failed = AuditEntry.objects(action="login_failed").first()
    assert failed.target_label == "stranger@example.com" and failed.actor_email == ""
    entry = AuditEntry.objects(action="login").first()
    assert entry.actor_email == user.email and entry.target_id == str(user.id)


def test_equal_session_and_auth_secrets_refuse_to_start(settings):
    settings = dict(settings, **{"onair.auth_secret": settings["onair.session_secret"]})
    with pytest.raises(SystemExit, match="different"):
        main({}, **settings)
    import mongoengine

    mongoengine.disconnect()


@pytest.mark.parametrize("session_secret, problem", [("x", "1 bytes long"), ("", "is not set")])
def test_production_refuses_a_short_or_missing_secret_in_one_line(settings, monkeypatch, session_secret, problem):
    monkeypatch.delenv("ONAIR_SESSION_SECRET", raising=False)
    settings = dict(settings, **{"onair.require_secrets": "true", "onair.session_secret": session_secret,
                                 "onair.auth_secret": "a" * 43})
    with pytest.raises(SystemExit) as stopped:
        main({}, **settings)
    message = str(stopped.value)
    assert problem in message and "onair generate-secrets" in message and "\n" not in message
    import mongoengine

    mongoengine.disconnect()


def test_a_generated_pair_is_long_enough_and_starts_production(settings, monkeypatch, capsys):
    from app import cli

    assert cli.main(["generate-secrets"]) == 0
    pairs = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert set(pairs) == {"ONAIR_SESSION_SECRET", "ONAIR_AUTH_SECRET"}
    assert all(len(value) >= 32 for value in pairs.values()) and len(set(pairs.values())) == 2
    for name, value in pairs.items():
        monkeypatch.setenv(name, value)
    main({}, **dict(settings, **{"onair.require_secrets": "true"}))
    import mongoengine

    mongoengine.disconnect()


def test_secure_cookie_when_https(settings):
    import webtest

    application = main({}, **dict(settings, **{"onair.https": "true"}))
    try:
        page = webtest.TestApp(application, extra_environ={"HTTP_HOST": "localhost"}).get("/admin/login")
        cookie = page.headers["Set-Cookie"]
        assert "secure" in cookie.lower() and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        if application.registry.store is not None:
            application.registry.store.close()


def test_database_down_page_renders_for_a_logged_in_user(testapp, login, monkeypatch):
    from pymongo.errors import ServerSelectionTimeoutError

    login(testapp)

    def down(*args, **kwargs):
        raise ServerSelectionTimeoutError("no servers")

    monkeypatch.setattr(user_service, "active_by_id", down)
    page = testapp.get("/admin", status=503)
    assert page.html.find("header", class_="site-header") is not None
