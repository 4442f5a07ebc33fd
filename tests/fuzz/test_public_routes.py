"""Hypothesis throws hostile paths, query strings, headers, methods and bodies at every public
route (found in the app's own route table, so new routes are fuzzed without editing this file).
Every answer must be below 500 and carry no stack trace. Over 10,000 requests per run; the
count is printed at the end of the module (run with -s to see it)."""
from collections import Counter
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.hostile import (
    HEADER_NAMES,
    HOSTILE_TEXT,
    METHODS,
    PARAM_NAMES,
    check_response,
    fill,
    placeholders,
    route_patterns,
)

pytestmark = [
    pytest.mark.filterwarnings("ignore::webtest.lint.WSGIWarning"),  # FOO, PROPFIND: on purpose
    # WebTest's cookie jar (not the app) cannot parse a fuzzed Host header such as "[$ne]".
    pytest.mark.filterwarnings("ignore:http.cookiejar bug:UserWarning"),
]

SENT = Counter()
BUDGET = {"paths": 4000, "query": 3000, "headers": 2000, "methods": 1500}


def fuzz_settings(name):
    return settings(max_examples=BUDGET[name], deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nfuzzed {sum(SENT.values())} requests on public routes: {dict(SENT)}")


@pytest.fixture
def known(app):
    """Real values for each placeholder, so fuzzed requests also reach deep into the views."""
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.catalog.show import Show
    from data.catalog.sponsor import Sponsor
    from data.training.course import Course

    slugs = [doc.slug for cls in (Episode, Guest, Course, Sponsor) for doc in cls.objects.only("slug")]
    return {
        "show": [s.slug for s in Show.objects.only("slug")],
        "number": sorted({str(e.number) for e in Episode.objects.only("number")}),
        "slug": slugs,
        "subpath": ["css/site.css", "js/site.js", "favicon.svg"],
    }


def send(testapp, kind, method, url, **params):
    testapp.cookiejar.clear()  # every request stands alone (and WebTest's jar chokes on non-UTF-8 paths)
    response = testapp.request(url, method=method, expect_errors=True, **params)
    SENT[kind] += 1
    check_response(response, f"{method} {url} {params}")
    return response


# -- strategies
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
                      max_size=200)
safe_sets = st.sampled_from(["", "/", ":@$&+=;,", "/%"])


@st.composite
def path_part(draw, choices):
    kind = draw(st.sampled_from(["known", "known", "hostile", "text", "bytes"]))
    if kind == "known" and choices:
        return quote(draw(st.sampled_from(choices)), safe="")
    if kind == "bytes":  # includes invalid UTF-8 once decoded
        return quote_from_bytes(draw(st.binary(max_size=30)), safe="")
    value = draw(st.sampled_from(HOSTILE_TEXT) if kind == "hostile" else unicode_text)
    return quote(value, safe=draw(safe_sets))


@st.composite
def fuzzed_path(draw, routes, known_values):
    name, pattern = draw(st.sampled_from(routes))
    values = {p: draw(path_part(known_values.get(p, []))) for p in placeholders(pattern)}
    path = fill(pattern, values)
    if draw(st.integers(0, 9)) == 0:  # extra segments after a valid route
        path += "/" + draw(path_part([]))
    return path


@st.composite
def good_path(draw, routes, known_values):
    name, pattern = draw(st.sampled_from(routes))
    return fill(pattern, {p: quote(draw(st.sampled_from(known_values.get(p) or ["x"])), safe="")
                          for p in placeholders(pattern)})


param_value = st.one_of(st.sampled_from(HOSTILE_TEXT), unicode_text)
param_name = st.one_of(st.sampled_from(PARAM_NAMES), unicode_text.filter(bool))


@st.composite
def query_string(draw):
    pairs = draw(st.lists(st.tuples(param_name, param_value), max_size=6))
    if draw(st.booleans()):
        return urlencode(pairs)
    # Hand-made and often malformed: raw separators, bad escapes, bytes that are not UTF-8.
    # Unescaped text goes in as a server would hand it over: its UTF-8 bytes, one char each (WSGI).
    raw = [f"{quote(k, safe='[]$')}={v.encode().decode('latin-1')}" for k, v in pairs]
    raw += [quote_from_bytes(b, safe="=&") for b in draw(st.lists(st.binary(max_size=12), max_size=2))]
    return "&".join(raw)


# -- the fuzz tests (each one app, shared by its examples: read-mostly, so that is fine)
def test_fuzz_paths(testapp, app, known):
    routes = route_patterns(app)

    @fuzz_settings("paths")
    @given(path=fuzzed_path(routes, known))
    def run(path):
        send(testapp, "paths", "GET", path)

    run()
    assert SENT["paths"] >= BUDGET["paths"]


def test_fuzz_query_strings(testapp, app, known):
    routes = route_patterns(app)

    @fuzz_settings("query")
    @given(path=good_path(routes, known), query=query_string())
    def run(path, query):
        send(testapp, "query", "GET", f"{path}?{query}")

    run()
    assert SENT["query"] >= BUDGET["query"]


def test_fuzz_headers(testapp, app, known):
    routes = route_patterns(app)
    headers = st.dictionaries(st.one_of(st.sampled_from(HEADER_NAMES), st.sampled_from(["Host", "Cookie"])),
                              st.one_of(st.sampled_from([v for v in HOSTILE_TEXT if v.isascii() and v.isprintable()]),
                                        header_text), max_size=5)

    @fuzz_settings("headers")
    @given(path=good_path(routes, known), headers=headers)
    def run(path, headers):
        send(testapp, "headers", "GET", path, headers=headers)

    run()
    assert SENT["headers"] >= BUDGET["headers"]


def test_fuzz_methods_and_bodies(testapp, app, known):
    routes = route_patterns(app)
    bodies = st.one_of(
        st.binary(max_size=300),
        st.lists(st.tuples(param_name, param_value), max_size=6).map(lambda pairs: urlencode(pairs).encode()),
        st.sampled_from([b'{"$where": "sleep(1000)"}', b'{"slug": {"$ne": null}}', b"[]", b"null", b"{" * 500,
                         b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--\r\n"]),
    )
    content_types = st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                     "multipart/form-data", "application/json", "text/plain", "", "a/b; c=\""])

    @fuzz_settings("methods")
    @given(method=st.sampled_from(METHODS), path=st.one_of(good_path(routes, known), fuzzed_path(routes, known)),
           body=bodies, content_type=content_types)
    def run(method, path, body, content_type):
        params = {"headers": {"Content-Type": content_type}} if content_type else {}
        if method not in ("GET", "HEAD"):
            params["body"] = body
        send(testapp, "methods", method, path, **params)

    run()
    assert SENT["methods"] >= BUDGET["methods"]
