"""The first admin, created in the browser with the link from the start-up log."""
import logging

from data.accounts import user_service
from data.accounts.user import User


def setup_token(app) -> str:
    return app.registry.setup_token


def test_a_store_without_admin_logs_a_one_time_link(settings, caplog):
    from app import main

    with caplog.at_level(logging.WARNING, logger="app.first_admin"):
        app = main({}, **settings)
    token = setup_token(app)
    assert token and f"http://localhost:6543/admin/setup?token={token}" in caplog.text
    import mongoengine

    mongoengine.disconnect()


def test_the_link_creates_the_first_admin_and_signs_in_once(app, testapp):
    token = setup_token(app)
    testapp.get("/admin/setup", status=404)
    testapp.get("/admin/setup", {"token": "guess"}, status=404)
    form = testapp.get("/admin/setup", {"token": token}).forms["setup-form"]
    form["display_name"], form["email"] = "First Admin", "first@example.com"
    form["password"] = form["confirm"] = "a long first admin passphrase"
    page = form.submit(status=303).follow()
    assert page.status_int == 200 and page.html.find("nav", class_="admin-nav") is not None
    assert User.objects(email="first@example.com").get().role == "admin"
    testapp.reset()
    testapp.get("/admin/setup", {"token": token}, status=404)  # used once


def test_a_refused_password_keeps_what_was_typed(app, testapp):
    form = testapp.get("/admin/setup", {"token": setup_token(app)}).forms["setup-form"]
    form["display_name"], form["email"] = "First Admin", "first@example.com"
    form["password"] = form["confirm"] = "short"
    page = form.submit(status=400)
    assert page.forms["setup-form"]["email"].value == "first@example.com"
    errors = page.html.find("ul", id="password-errors")
    assert errors is not None and "12" in errors.text and user_service.admin_count() == 0


def test_the_link_stops_working_when_an_admin_exists_another_way(app, testapp):
    token = setup_token(app)
    user_service.create("cli@example.com", "From the CLI", "a long cli admin passphrase", role="admin")
    testapp.get("/admin/setup", {"token": token}, status=404)


def test_no_link_when_an_admin_exists(app, settings):
    from app.first_admin import announce_setup_link

    user_service.create("boss@example.com", "Boss", "a long boss passphrase 1", role="admin")
    assert announce_setup_link(app.registry) is None and app.registry.setup_token is None
