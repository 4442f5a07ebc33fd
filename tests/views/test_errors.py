"""Malformed or unknown path parts are 404 pages in the layout, never 500s."""
import pytest

MALFORMED = [
    "/episodes/show/abc/some-slug",
    "/episodes/show/-1/x",
    "/episodes/show/99999999999999999999/x",
    "/episodes/show/9999/no-such-episode",
    "/episodes/show/%D9%A6%D9%A7/arabic-digits",
    "/episodes/transcript/abc/x",
    "/shows/no-such-show/episodes/all",
    "/shows/no-such-show/episodes/show/1/x",
    "/guests/no-such-guest",
    "/guests/507f1f77bcf86cd799439011",
    "/courses/not-an-objectid-or-slug",
    "/no-such-sponsor",
    "/99999",
    "/static/no-such-file.css",
]


@pytest.mark.parametrize("path", MALFORMED)
def test_malformed_paths_are_404_in_the_layout(testapp, path):
    page = testapp.get(path, status=404)
    assert page.html.find("header", class_="site-header") is not None
    assert "Traceback" not in page.text


def test_transcriptless_episode_has_a_404_transcript_page(testapp):
    from data.catalog.episode import Episode

    episode = Episode.objects.public().filter(has_transcript=False, show__ne=None).first()
    path = f"/episodes/transcript/{episode.number}/{episode.slug}"
    if episode.show.slug != "talkpython":
        path = f"/shows/{episode.show.slug}{path}"
    testapp.get(path, status=404)


def test_an_unexpected_error_is_a_500_page_without_a_traceback(app, testapp, monkeypatch):
    from data.training import course_service

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(course_service, "published", explode)
    page = testapp.get("/courses", status=500)
    assert "Something went wrong" in page.text
    assert "secret internal detail" not in page.text and "Traceback" not in page.text


def test_404_pages_never_show_pyramids_internal_messages(testapp):
    # /admin/logout only takes POST: a GET is a predicate mismatch, which Pyramid words internally.
    page = testapp.get("/admin/logout", status=404)
    assert "predicate" not in page.text and "view" not in page.html.find("main").get_text()
    assert "We could not find that page." in page.text


def test_a_form_with_a_stale_token_is_an_expired_page_in_the_layout(testapp, login):
    login(testapp, role="editor")
    page = testapp.post("/admin/guests/new", {"csrf_token": "stale", "name": "Late"}, status=400)
    assert "This form has expired. Reload the page and try again." in page.text
    assert page.html.find("header", class_="site-header") is not None
    assert "check_csrf_token" not in page.text and page.headers["Content-Security-Policy"]
    assert "no-store" in page.headers["Cache-Control"]


def test_a_form_posted_from_another_site_is_refused_in_the_layout(testapp, login, csrf):
    login(testapp, role="editor")
    page = testapp.post("/admin/guests/new", {"csrf_token": csrf(testapp), "name": "Cross"}, status=400,
                        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/"},
                        extra_environ={"wsgi.url_scheme": "https"})
    assert "sent from another site" in page.text and page.html.find("header", class_="site-header")


def test_every_error_page_is_onairs_and_carries_the_security_headers(testapp, login, monkeypatch):
    """The 500 page included: the security-headers tween sits above the exception views."""
    from data.training import course_service

    def explode(*args, **kwargs):
        raise UnicodeEncodeError("latin-1", "€", 0, 1, "secret internal detail")

    monkeypatch.setattr(course_service, "published", explode)
    pages = [testapp.get("/courses", status=500), testapp.get("/no-such-sponsor", status=404),
             testapp.get("/guests/%80", status=400),
             testapp.post("/admin/login", {"csrf_token": "stale"}, status=400)]
    for page in pages:
        assert page.html.find("header", class_="site-header") is not None, page.status
        assert page.content_type == "text/html"
        for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
            assert header in page.headers, (page.status, header)
        assert "secret internal detail" not in page.text and "Traceback" not in page.text
