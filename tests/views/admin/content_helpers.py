"""Shared by the content admin tests: a logged-in editor, hostile input, and form helpers."""
import json

import pytest

from tests.inert import script_vectors

# Classic script-injection payloads: each must come back as visible text, never as markup.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<math><mtext></mtext><script>alert(1)</script></math>",
    "${request.registry} <%= 7*7 %> {{7*7}}",
]


@pytest.fixture
def editor(testapp, login):
    """The test app, logged in as an editor."""
    login(testapp, role="editor")
    return testapp


def edit_form(page):
    return page.forms["edit-form"]


def fill(form, **values):
    for name, value in values.items():
        form[name] = value
    return form


def assert_inert(page):
    """No element or attribute from user input can run script.

    The page's own <script src>, JSON-LD, <form>, <meta> and <link> tags are allowed, and checked.
    """
    assert script_vectors(page.text, allowed_tags={"script", "form", "meta", "link"}) == []
    for tag in page.html.find_all("script"):
        if tag.get("type") == "application/ld+json":  # structured data: must still be one JSON value
            json.loads(tag.string)
        else:
            assert tag.get("src", "").startswith("http://localhost/static/") and not tag.string
    for tag in page.html.find_all("form"):
        assert tag.get("action", "").startswith("http://localhost/")
    for tag in page.html.find_all("link"):
        assert tag.get("href", "").startswith(("http://localhost/static/", "http://localhost/"))


def field_error(page, name):
    """The error text shown beside a field, checking it is tied to the field for screen readers."""
    field = page.html.find(attrs={"name": name})
    assert field is not None, f"no field {name}"
    assert field.get("aria-invalid") == "true", f"{name} is not marked invalid"
    ids = field.get("aria-describedby", "").split()
    texts = [page.html.find(id=i).get_text(" ", strip=True) for i in ids if page.html.find(id=i)]
    assert texts, f"{name} has no described error"
    return " ".join(texts)
