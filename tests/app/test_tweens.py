"""Request hygiene: cookies another site set in bytes WebOb cannot decode."""
from app.tweens import readable_cookies

BAD_BYTE = b"\x88".decode("latin-1")  # how a WSGI server hands over the byte 0x88


def test_readable_cookies_keep_a_clean_header_as_it_is():
    assert readable_cookies("a=1; onair_session=xyz") == "a=1; onair_session=xyz"


def webob_reads(header: str) -> dict:
    from webob import Request

    return dict(Request.blank("/", headers={"Cookie": header}).cookies)  # raises where WebOb would


def test_readable_cookies_drop_only_the_pairs_webob_cannot_decode():
    header = 'tracker="\\210x"; onair_session=xyz; other="\\351t\\351"'
    try:
        webob_reads(header)
        raise AssertionError("the header was meant to be unreadable")
    except UnicodeDecodeError:
        pass
    assert webob_reads(readable_cookies(header)) == {"onair_session": "xyz"}


def test_a_page_with_an_undecodable_cookie_is_served(testapp):
    response = testapp.get("/", headers={"Cookie": f"x={BAD_BYTE}y"}, status=200)
    assert "Content-Security-Policy" in response.headers


def test_the_signed_in_cookie_still_counts_beside_an_undecodable_one(testapp, login):
    login(testapp, "admin")
    session = testapp.cookies["onair_session"]
    testapp.reset()
    response = testapp.get("/admin", headers={"Cookie": f"x={BAD_BYTE}; onair_session={session}"}, status=200)
    assert "Log out" in response.text  # the admin layout: the session was read


def test_readable_cookies_see_through_quoting():
    # A quoted value may carry octal escapes that WebOb turns into bytes that are not UTF-8.
    assert readable_cookies('a="d\\351vice"; b=2') == " b=2"
