"""Hostile shapes sent the way an attacker sends them: each gets a clear 4xx page or a form
error in the site's layout, never a 500 or a server's plain-text error."""
import pytest

from tests.views.admin.content_helpers import editor

__all__ = ["editor"]


def post_multipart(testapp, path: str, parts: list[tuple[str, bytes]], status: int):
    """A multipart body from (Content-Disposition value, payload) pairs, written by hand."""
    boundary = "b0undary"
    body = b"".join(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + payload + b"\r\n"
                    for disposition, payload in parts) + f"--{boundary}--\r\n".encode()
    return testapp.request(path, method="POST", body=body, status=status,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_a_form_part_without_a_name_is_a_clear_400(editor, csrf):
    page = post_multipart(editor, "/admin/guests/new", [('form-data; name="csrf_token"', csrf(editor).encode()),
                                                        ('form-data; name="name"', b"Nameless"),
                                                        ("form-data", b"who am I?")], status=400)
    assert "has no name" in page.text and page.html.find("header", class_="site-header")


def test_a_public_form_part_without_a_name_is_a_clear_400(testapp):
    page = post_multipart(testapp, "/admin/login", [("form-data", b"x"), ('form-data; filename="a.txt"', b"y")],
                          status=400)
    assert "has no name" in page.text


# --- login ``next`` outside Latin-1: waitress refuses such a Location header with a 500 ------------

def log_in_with_next(testapp, login, next_value):
    from tests.conftest import TEST_PASSWORD

    user = login(testapp, role="editor")
    testapp.reset()  # a fresh visitor, who has the account
    form = testapp.get("/admin/login", {"next": next_value}).forms["login-form"]
    form["email"], form["password"] = user.email, TEST_PASSWORD
    return form.submit()


@pytest.mark.parametrize("next_value, expected", [
    ("/admin?x=€", "/admin?x=%E2%82%AC"),
    ("/admin/épisodes", "/admin/%C3%A9pisodes"),
    ("/admin?x=%E2%82%AC&y=1", "/admin?x=%E2%82%AC&y=1"),  # already encoded: kept as it is
    ("/admin?x=😀", "/admin?x=%F0%9F%98%80"),
])
def test_a_login_next_outside_latin1_is_sent_percent_encoded(testapp, login, next_value, expected):
    response = log_in_with_next(testapp, login, next_value)
    assert response.status_int == 303
    location = response.headers["Location"]
    assert location.isascii() and location.endswith(expected)


@pytest.mark.parametrize("next_value", ["http://[x", "//evil.example/€", "/a\r\nSet-Cookie: x=1"])
def test_a_login_next_that_cannot_be_a_local_path_goes_home(testapp, login, next_value):
    response = log_in_with_next(testapp, login, next_value)
    assert response.status_int == 303 and response.headers["Location"] == "http://localhost/admin"
