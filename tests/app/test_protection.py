"""Security headers on every response, a CSP the site's own pages satisfy, and the body size limit."""
import io

import pytest
from webob import Request

from app.protection import CONTENT_SECURITY_POLICY

LIMIT = 4096


@pytest.fixture
def settings(settings):
    settings["onair.max_body_bytes"] = str(LIMIT)
    return settings


PUBLIC_PAGES = ["/", "/episodes", "/guests", "/courses", "/sponsors", "/admin/login", "/no-such-page-at-all"]


@pytest.mark.parametrize("path", PUBLIC_PAGES + ["/static/css/site.css", "/healthz"])
def test_security_headers_on_every_response(testapp, path):
    response = testapp.get(path, expect_errors=True)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def csp_violations(page) -> list[str]:
    """What a browser enforcing our CSP would block on this page."""
    problems = []
    for script in page.html.find_all("script"):
        if not script.get("src"):
            problems.append("inline <script>")
    problems += [f"style= on <{tag.name}>" for tag in page.html.find_all(style=True)]
    problems += ["<style> element" for _ in page.html.find_all("style")]
    for tag in page.html.find_all(True):
        problems += [f"{name}= on <{tag.name}>" for name in tag.attrs if name.startswith("on")]
        for name in ("src", "href", "action"):
            value = str(tag.get(name) or "")
            if value.startswith("javascript:"):
                problems.append(f"javascript: URL in <{tag.name} {name}>")
    return problems


def test_the_sites_own_pages_satisfy_the_csp(testapp, login):
    pages = [testapp.get(path, expect_errors=True) for path in PUBLIC_PAGES]
    login(testapp, role="admin")
    pages += [testapp.get(path) for path in ("/admin", "/admin/account", "/admin/account/totp", "/admin/users",
                                             "/admin/users/new", "/admin/audit")]
    for page in pages:
        assert csp_violations(page) == [], page.request.path


def test_admin_pages_are_not_cached(testapp, login):
    assert testapp.get("/admin/login").headers["Cache-Control"] == "no-store"
    login(testapp)
    assert testapp.get("/admin").headers["Cache-Control"] == "no-store"
    assert "no-store" not in testapp.get("/episodes").headers.get("Cache-Control", "")


def test_oversized_body_is_a_clear_413_before_it_is_read(testapp, csrf):
    token = csrf(testapp)
    page = testapp.post("/admin/login", {"csrf_token": token, "email": "a@example.com", "password": "x" * LIMIT},
                        status=413)
    assert "That is too large" in page.text and "Nothing was saved" in page.text
    assert "up to 4.0 KB; this one was 4.1 KB" in " ".join(page.text.split())
    assert page.html.find("header", class_="site-header") is not None
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")


def test_declared_length_alone_is_refused(app):
    request = Request.blank("/admin/login", method="POST", environ={"HTTP_HOST": "localhost"})
    request.environ["wsgi.input"] = Unreadable()
    request.environ["CONTENT_LENGTH"] = str(LIMIT + 1)
    assert request.get_response(app).status_int == 413


def test_a_bad_content_length_is_400(app):
    request = Request.blank("/admin/login", method="POST", environ={"HTTP_HOST": "localhost"})
    request.environ["CONTENT_LENGTH"] = "12abc"
    assert request.get_response(app).status_int == 400


def chunked_post(app, testapp, body: bytes):
    request = Request.blank("/admin/login", method="POST", environ={"HTTP_HOST": "localhost"})
    request.environ.pop("CONTENT_LENGTH", None)
    request.environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    request.environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    request.environ["wsgi.input"] = io.BytesIO(body)
    request.environ["HTTP_COOKIE"] = f"onair_session={testapp.cookies['onair_session']}"
    return request.get_response(app)


def test_chunked_bodies_are_capped_too(app, testapp, csrf):
    token = csrf(testapp)
    small = chunked_post(app, testapp, f"csrf_token={token}&email=nobody%40example.com&password=wrong+one".encode())
    assert small.status_int == 400 and "do not match an active account" in small.text  # read and handled
    big = chunked_post(app, testapp, f"csrf_token={token}&password=".encode() + b"x" * LIMIT)
    assert big.status_int == 413
