"""Request hygiene: cookies another site set in bytes WebOb cannot decode."""
from app.tweens import readable_cookies

BAD_BYTE = b"\x88".decode("latin-1")  # how a WSGI server hands over the byte 0x88


def test_readable_cookies_keep_a_clean_header_as_it_is():
    assert readable_cookies("a=1; onair_session=xyz") == "a=1; onair_session=xyz"


def test_readable_cookies_drop_only_the_pairs_that_are_not_utf8():
    header = f"tracker={BAD_BYTE}; onair_session=xyz; café=1"
    assert readable_cookies(header) == " onair_session=xyz"


def test_a_page_with_an_undecodable_cookie_is_served(testapp):
    response = testapp.get("/", headers={"Cookie": f"x={BAD_BYTE}y"}, status=200)
    assert "Content-Security-Policy" in response.headers


def test_the_signed_in_cookie_still_counts_beside_an_undecodable_one(testapp, login):
    login(testapp, "admin")
    session = testapp.cookies["onair_session"]
    testapp.reset()
    response = testapp.get("/admin", headers={"Cookie": f"x={BAD_BYTE}; onair_session={session}"}, status=200)
    assert "Log out" in response.text  # the admin layout: the session was read
