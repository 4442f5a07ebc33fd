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


# --- addresses: international domains stored in ASCII, control characters refused everywhere -------

def new_sponsor(testapp, **values):
    from tests.views.admin.content_helpers import edit_form, fill

    values.setdefault("name", "Bücherei")
    return fill(edit_form(testapp.get("/admin/sponsors/new")), **values).submit("save", expect_errors=True)


def test_a_sponsor_on_an_international_domain_redirects_in_ascii_and_reads_in_unicode(editor):
    from data.catalog.sponsor import Sponsor
    from tests.views.admin.content_helpers import edit_form

    assert new_sponsor(editor, slug="buecher", target_url="https://bücher.example/x?q=€").status_int == 303
    sponsor = Sponsor.objects.get(slug="buecher")
    assert sponsor.target_url == "https://xn--bcher-kva.example/x?q=%E2%82%AC"
    response = editor.get("/buecher", status=302)
    assert response.headers["Location"] == "https://xn--bcher-kva.example/x?q=%E2%82%AC"
    form = edit_form(editor.get(f"/admin/sponsors/{sponsor.pk}/edit"))
    assert form["target_url"].value == "https://bücher.example/x?q=€"
    assert form.submit("save").status_int == 303  # saved again as shown: the same address
    assert Sponsor.objects.get(slug="buecher").target_url == sponsor.target_url


def test_a_sponsor_stored_with_a_unicode_address_before_cleaning_still_redirects(editor):
    from data.catalog.sponsor import Sponsor

    Sponsor(name="Old", slug="old-unicode", target_url="https://bücher.example/ä").save()
    response = editor.get("/old-unicode", status=302)
    assert response.headers["Location"] == "https://xn--bcher-kva.example/%C3%A4"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("value", ["https://example.com/\r\nSet-Cookie: a=1", "https://example.com/\na",
                                   "https://exa\tmple.com/", "https://example.com/\x00", "https://example.com/\x85a",
                                   "https://example.com/\u2028a"])
def test_a_control_character_in_an_address_is_a_form_error(editor, value):
    from data.catalog.sponsor import Sponsor
    from tests.views.admin.content_helpers import field_error

    response = new_sponsor(editor, slug="controlled", target_url=value)
    assert response.status_int == 422
    assert "control character" in field_error(response, "target_url")
    assert not Sponsor.objects(slug="controlled").first()


def url_fields():
    """(form class, field name) of every address field of every admin form, found by type."""
    from views.admin import courses, episodes, guests, shows, sponsors  # noqa: F401 (define every form)
    from views.admin.fields import EditForm, URLField

    def forms(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from forms(sub)

    found = []
    for form_class in forms(EditForm):
        for name, unbound in vars(form_class).items():
            if getattr(unbound, "field_class", None) is URLField:
                found.append((form_class, name))
    return found


def test_every_address_field_refuses_control_characters_and_stores_international_hosts_in_ascii():
    from webob.multidict import MultiDict

    fields = url_fields()
    assert len(fields) >= 8, fields
    for form_class, name in fields:
        form = form_class(MultiDict({name: "https://example.com/a\rb"}))
        form.validate()
        assert any("control character" in error for error in form.errors.get(name, ())), (form_class, name)
        form = form_class(MultiDict({name: "https://bücher.example/"}))
        form.validate()
        assert name not in form.errors and form[name].data == "https://xn--bcher-kva.example/"


def test_links_refuse_control_characters_and_store_international_hosts_in_ascii(editor):
    from webob.multidict import MultiDict

    from views.admin.guests import GuestForm

    form = GuestForm(MultiDict({"name": "G", "links": "Home | https://bücher.example/\nBad | https://a.example/\x01x"}))
    assert not form.validate()
    assert "control character" in " ".join(form.errors["links"])
    form = GuestForm(MultiDict({"name": "G", "links": "Home | https://bücher.example/"}))
    form.validate()
    assert form.links.data == [{"title": "Home", "url": "https://xn--bcher-kva.example/"}]


def test_over_waitress_an_international_sponsor_address_and_a_unicode_next_are_answered_by_onair(
        tmp_path, demo_snapshot):
    """waitress itself refuses a Location header that is not Latin-1, with a plain-text 500 no
    exception view can turn into a page: only a real server shows the header is now sendable."""
    from tests.live import AdminClient, LiveServer, copy_store, create_account

    store = copy_store(demo_snapshot, tmp_path / "store")
    create_account(store, "live-admin@example.com", "a long live password 1")
    with LiveServer(tmp_path, store) as server:
        admin = AdminClient(server, "live-admin@example.com", "a long live password 1")
        status, _, _ = admin.post("/admin/sponsors/new", {"name": "Bücher", "slug": "buecher", "active": "y",
                                                          "target_url": "https://bücher.example/ä", "save": "1"})
        assert status == 303
        status, headers, _ = server.request("/buecher")
        assert (status, headers["location"]) == (302, "https://xn--bcher-kva.example/%C3%A4")
        visitor = AdminClient.__new__(AdminClient)
        visitor.server, visitor.cookies = server, {}
        visitor.token = visitor._token("/admin/login?next=%2Fadmin%3Fx%3D%E2%82%AC")
        status, headers, _ = visitor.post("/admin/login", {"email": "live-admin@example.com",
                                                           "password": "a long live password 1",
                                                           "next": "/admin?x=€"})
        assert status == 303 and headers["Location"].endswith("/admin?x=%E2%82%AC")


def test_secrets_sent_with_non_ascii_text_are_refused_not_a_500(app, testapp):
    """hmac.compare_digest raises on non-ASCII str: every place that compares a sent secret."""
    from app.throttle import DEVICE_COOKIE

    testapp.set_cookie(DEVICE_COOKIE, "wqA.dévice.mäc")
    form = testapp.get("/admin/login").forms["login-form"]
    form["email"], form["password"] = "\u0080", "some password"
    assert form.submit(expect_errors=True).status_int == 400
    testapp.get("/admin/setup", {"token": "tökén"}, status=404)
    testapp.get("/account/verify", {"token": "x.9999999999.sïgnature"}, status=400)
