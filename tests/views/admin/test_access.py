"""Every admin page: anonymous visitors go to the login page, editors stay out of user
management and the audit log, and unsafe requests without the CSRF token are refused."""
import re

import pytest

from app.routes import ROUTES

NO_SUCH_ID = "000000000000000000000000"
ADMIN_PATHS = [(name, re.sub(r"\{[^}]*\}", NO_SUCH_ID, pattern))
               for name, pattern in ROUTES if name.startswith("admin.")]
ADMIN_ONLY = ("admin.users.", "admin.audit")
# Every admin route that changes something, with the path to post to.
POSTS = ["/admin/logout", "/admin/login", "/admin/login/code", "/admin/account", "/admin/account/totp",
         "/admin/account/totp/disable", "/admin/users/new", "/admin/users/{id}/edit", "/admin/users/{id}/delete"]


def test_the_admin_routes_are_all_checked():
    assert len(ADMIN_PATHS) >= 10 and ("admin.dashboard", "/admin") in ADMIN_PATHS


def methods_by_route(app) -> dict[str, set[str]]:
    """Which methods each route has a view for, as Pyramid registered them."""
    methods: dict[str, set[str]] = {}
    for item in app.registry.introspector.get_category("views"):
        view = item["introspectable"]
        if view["route_name"]:
            methods.setdefault(view["route_name"], set()).update(view["request_methods"] or ("GET", "POST"))
    return methods


def test_anonymous_is_sent_to_login_from_every_admin_route_and_method(app, testapp):
    methods = methods_by_route(app)
    checked, wrong = 0, []
    for name, path in ADMIN_PATHS:
        assert methods.get(name), f"route {name} has no view"
        for method in sorted(methods[name] & {"GET", "POST"}):
            response = getattr(testapp, method.lower())(path, expect_errors=True)
            checked += 1
            if response.status_int != 303 or "/admin/login?next=" not in response.location:
                wrong.append(f"{method} {path}: {response.status}")
    assert not wrong
    assert checked >= 15


@pytest.mark.parametrize("name, path", [(n, p) for n, p in ADMIN_PATHS if n.startswith(ADMIN_ONLY)])
def test_editor_gets_403_on_user_management_and_audit(testapp, login, name, path):
    login(testapp, role="editor")
    page = testapp.get(path, status=403)
    assert "Not allowed" in page.text
    assert page.html.find("header", class_="site-header") is not None  # in the layout


@pytest.mark.parametrize("path", POSTS)
def test_post_without_csrf_token_is_400(testapp, login, path):
    admin = login(testapp, role="admin")
    testapp.post(path.replace("{id}", str(admin.id)), {"email": "x@example.com"}, status=400)
    testapp.get("/admin", status=200)  # and nothing happened to the session


@pytest.mark.parametrize("path", [p for n, p in ADMIN_PATHS if not n.startswith(ADMIN_ONLY)
                                  and NO_SUCH_ID not in p and not p.endswith(".svg")])
def test_editor_may_open_the_rest(testapp, login, path):
    login(testapp, role="editor")
    page = testapp.get(path).maybe_follow()
    assert page.status_int == 200
    assert page.html.find("nav", class_="admin-nav") is not None


# --- every /admin route the app really has, read from Pyramid's introspector ---------------
# Unlike ROUTES above, this also catches a route added anywhere else: nothing under /admin
# can appear without being checked here.
# The ways in and out; auth.setup answers 404 without the one-time token (tests/views/admin/test_setup.py).
PUBLIC_ADMIN_ROUTES = {"auth.login", "auth.login_code", "auth.logout", "auth.setup"}


def admin_routes_from_introspector(app) -> list[tuple[str, str, set[str]]]:
    """(route name, path with a made-up id, methods with a view) for each route under /admin."""
    introspector = app.registry.introspector
    found = []
    for item in introspector.get_category("routes"):
        route = item["introspectable"]
        if not route["pattern"].lstrip("/").startswith("admin"):
            continue
        methods = set()
        for related in introspector.related(route):
            if related.category_name == "views":
                declared = related["request_methods"] or ("GET", "POST")
                methods.update([declared] if isinstance(declared, str) else declared)
        path = "/" + re.sub(r"\{[^}]*\}", NO_SUCH_ID, route["pattern"].lstrip("/"))
        found.append((route["name"], path, methods & {"GET", "POST"}))
    return found


def test_every_admin_route_in_the_app_needs_login_and_a_csrf_token(app, testapp, login):
    import webtest

    routes = admin_routes_from_introspector(app)
    assert {"admin.episodes.edit", "admin.transcripts.new", "admin.preview", "admin.dashboard"} <= {r[0] for r in routes}
    wrong, checked = [], 0
    for name, path, methods in routes:
        assert methods, f"route {name} has no view"
        for method in sorted(methods):
            if name in PUBLIC_ADMIN_ROUTES:
                continue
            response = getattr(testapp, method.lower())(path, expect_errors=True)
            checked += 1
            if response.status_int != 303 or "/admin/login?next=" not in response.location:
                wrong.append(f"anonymous {method} {path}: {response.status}")
    admin = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    login(admin, role="admin")
    for name, path, methods in routes:
        if "POST" in methods:
            response = admin.post(path, {"title": "no token"}, expect_errors=True)
            checked += 1
            if response.status_int != 400:
                wrong.append(f"POST {path} without a CSRF token: {response.status}")
    assert wrong == []
    assert checked >= 2 * len(routes)
