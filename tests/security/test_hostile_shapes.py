"""Hostile shapes sent the way an attacker sends them: each gets a clear 4xx page or a form
error in the site's layout, never a 500 or a server's plain-text error."""
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
