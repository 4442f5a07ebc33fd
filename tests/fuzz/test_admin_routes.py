"""Hypothesis against every admin route, logged in as an admin with a valid CSRF token (so the
forms' own validation runs, not just the CSRF check): hostile ids in paths, hostile values in
every field a form really has, extra and missing fields, odd buttons. Never a 5xx, never a stack
trace. The count is printed at the end of the module (run with -s)."""
import re
from collections import Counter
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.hostile import HOSTILE_TEXT, PARAM_NAMES, check_response, fill, placeholders, route_patterns

pytestmark = pytest.mark.filterwarnings("ignore::webtest.lint.WSGIWarning")

SENT = Counter()
STATUSES = Counter()  # how deep the requests went: 422 = a form's validation ran, 303 = a save
BUDGET = {"admin-get": 600, "admin-post": 1600}
# Logging out would end the run's session; every other admin action is fair game, deletes included.
SKIP_ROUTES = {"auth.logout"}
ADMIN_PREFIXES = ("admin", "auth")
TOKEN = object()


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nfuzzed {sum(SENT.values())} requests on admin routes: {dict(SENT)}; "
          f"statuses {dict(sorted(STATUSES.items()))}")


def fuzz_settings(name):
    return settings(max_examples=BUDGET[name], deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def admin_routes(app):
    return [(name, pattern) for name, pattern in route_patterns(app, exclude_prefixes=())
            if name.startswith(ADMIN_PREFIXES) and name not in SKIP_ROUTES]


class Session:
    """An admin session that logs in again if a fuzzed request ended it (a deleted account...)."""

    def __init__(self, testapp, login):
        self.testapp, self.login = testapp, login
        self.start()

    def start(self):
        self.testapp.reset()
        self.login(self.testapp, role="admin")
        self.token = self.testapp.get("/admin/login").html.find("input", attrs={"name": "csrf_token"})["value"]

    def send(self, kind, method, path, params=None):
        response = self.testapp.request(path, method=method, expect_errors=True,
                                        **({"body": params, "content_type": "application/x-www-form-urlencoded"}
                                           if params is not None else {}))
        SENT[kind] += 1
        STATUSES[response.status_int] += 1
        check_response(response, f"{method} {path} {params!r:.300}")
        if response.status_int in (302, 303) and "/admin/login" in response.headers.get("Location", ""):
            self.start()
        return response


@pytest.fixture
def session(testapp, login):
    return Session(testapp, login)


@pytest.fixture
def known_ids(app):
    from data.accounts.user import User
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.catalog.show import Show
    from data.catalog.sponsor import Sponsor
    from data.training.course import Course
    from data.transcripts.transcript import Transcript

    return [str(doc.pk) for cls in (Show, Episode, Guest, Sponsor, Course, Transcript, User)
            for doc in cls.objects.only("id")[:4]]


def real_forms(session, app, known_ids):
    """Each admin page with a form: its path and, per field, the values the page itself offers."""
    forms = []
    for name, pattern in admin_routes(app):
        if not name.endswith((".new", ".edit", ".delete", "account", "totp", "login", "login_code", "preview")):
            continue
        paths = [fill(pattern, {p: i for p in placeholders(pattern)}) for i in known_ids] if placeholders(pattern) \
            else [fill(pattern, {})]
        for path in paths:
            page = session.testapp.get(path, expect_errors=True)
            if page.status_int != 200 or "html" not in page.content_type:
                continue
            fields = {}
            for element in page.html.select("form [name]"):
                values = fields.setdefault(element["name"], [])
                values += [o.get("value", o.text) for o in element.select("option")] or [element.get("value") or ""]
            forms.append((path, fields))
            break  # one document per route is enough to learn its fields
    return forms


hostile_value = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=80),
                          st.sampled_from(["", " ", "0", "-1", "2026-13-45T25:61", "1:99:99", "https://x",
                                           "javascript:alert(1)", "a | javascript:alert(1)", "x" * 3000]))


@st.composite
def form_post(draw, forms):
    """(path, pairs): ``TOKEN`` stands for the session's CSRF token (it changes on a new login)."""
    path, fields = draw(st.sampled_from(forms))
    pairs = [("csrf_token", TOKEN)] if draw(st.integers(0, 9)) else []
    for name, offered in fields.items():
        if name == "csrf_token" or not draw(st.integers(0, 4)):
            continue
        choice = draw(st.sampled_from(["offered", "hostile", "hostile"]))
        pairs.append((name, draw(st.sampled_from(offered)) if choice == "offered" and offered else draw(hostile_value)))
    for _ in range(draw(st.integers(0, 2))):
        pairs.append((draw(st.sampled_from(PARAM_NAMES + ["op", "save", "preview", "version"])), draw(hostile_value)))
    return path, pairs


@st.composite
def admin_path(draw, routes, known_ids):
    name, pattern = draw(st.sampled_from(routes))
    values = {p: quote(draw(st.one_of(st.sampled_from(known_ids), st.sampled_from(HOSTILE_TEXT),
                                      st.from_regex(re.compile(r"[0-9a-f]{24}"), fullmatch=True))), safe="")
              for p in placeholders(pattern)}
    query = draw(st.sampled_from(["", "?episode=__raw__", "?next=//evil.example", "?next=javascript:alert(1)",
                                  "?page=-1", "?q=%7B%22%24ne%22%3A1%7D", "?episode[$ne]=1",
                                  "?next=%2Fadmin%3Fx%3D%E2%82%AC", "?next=http%3A%2F%2F%5Bx"]))
    return fill(pattern, values) + query


def test_fuzz_admin_pages(session, app, known_ids):
    routes = admin_routes(app)

    @fuzz_settings("admin-get")
    @given(path=admin_path(routes, known_ids))
    def run(path):
        session.send("admin-get", "GET", path)

    run()
    assert SENT["admin-get"] >= BUDGET["admin-get"]


def test_fuzz_admin_forms(session, app, known_ids):
    forms = real_forms(session, app, known_ids)
    assert len(forms) >= 12, [path for path, _ in forms]  # new+edit of six entities, account, users...

    @fuzz_settings("admin-post")
    @given(post=form_post(forms))
    def run(post):
        path, pairs = post
        body = "&".join(f"{quote(k, safe='')}={quote(session.token if v is TOKEN else v, safe='')}" for k, v in pairs)
        session.send("admin-post", "POST", path, body.encode())

    run()
    assert SENT["admin-post"] >= BUDGET["admin-post"]
