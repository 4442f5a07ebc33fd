"""Fixtures every test uses: a fresh store with demo content per test, and WebTest.

Set ONAIR_TEST_MONGODB_URI (e.g. mongodb://localhost:27017) to run the whole suite
against a real MongoDB server: each test then gets its own database, dropped after.
"""
import os
import shutil
import uuid

import mongoengine
import pytest
import webtest

from app import main
from app.embedded.store import EmbeddedStore

REAL_MONGODB_URI = os.environ.get("ONAIR_TEST_MONGODB_URI", "").strip()

BASE_SETTINGS = {
    "onair.main_show": "talkpython",
    "onair.site_name": "onair",
    "onair.session_secret": "test-session-secret",
    "onair.auth_secret": "test-auth-secret",
    "onair.demo_on_empty": "true",
    "pyramid.reload_templates": "false",
}


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory):
    """Demo content seeded once; each test starts from its own copy of the files."""
    from data.demo.content import seed_demo

    folder = tmp_path_factory.mktemp("demo-store")
    store = EmbeddedStore(folder).open()
    seed_demo()
    store.flush()
    store.close()
    return folder


@pytest.fixture
def settings(tmp_path, request):
    settings = dict(BASE_SETTINGS)
    if REAL_MONGODB_URI:
        settings["mongodb.uri"] = REAL_MONGODB_URI
        settings["onair.db_name"] = f"onair_test_{uuid.uuid4().hex[:12]}"
    else:
        store_dir = tmp_path / "store"
        shutil.copytree(request.getfixturevalue("demo_snapshot"), store_dir)
        settings["onair.store_dir"] = str(store_dir)
    return settings


@pytest.fixture
def app(settings):
    application = main({}, **settings)
    if REAL_MONGODB_URI:
        from data.demo.content import seed_demo

        seed_demo()
    yield application
    store = application.registry.store
    if store is not None:
        store.close()
    else:
        mongoengine.get_connection().drop_database(settings["onair.db_name"])
    mongoengine.disconnect()


@pytest.fixture
def store(app):
    return app.registry.store


@pytest.fixture
def testapp(app):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


# --- Accounts: log in through the real form, read a CSRF token from a page ---------
TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture
def login():
    """``login(testapp, role="editor") -> User``: an active account of that role, logged in.

    Creates the account (password ``TEST_PASSWORD`` unless given) and submits the
    login form like a browser would, so the session, CSRF token and audit entry are real.
    """
    from data.accounts import user_service

    created = iter(range(1, 1000))

    def do_login(testapp, role="editor", *, email=None, password=TEST_PASSWORD, display_name=None):
        number = next(created)
        email = email or f"{role}{number}@example.com"
        user = user_service.by_email(email) or user_service.create(
            email, display_name or f"Test {role} {number}", password, role=role)
        form = testapp.get("/admin/login").forms["login-form"]
        form["email"] = email
        form["password"] = password
        response = form.submit()
        assert response.status_int == 303, f"login as {email} failed: {response.status}"
        return user

    return do_login


@pytest.fixture
def csrf():
    """``csrf(testapp) -> token``: the session's CSRF token, as a page hands it out."""

    def token(testapp) -> str:
        page = testapp.get("/admin/login")
        return page.html.find("input", attrs={"name": "csrf_token"})["value"]

    return token
