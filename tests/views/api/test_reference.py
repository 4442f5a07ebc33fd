"""The document served as JSON, and the reference page made from it."""
import shlex
from urllib.parse import urlsplit

import yaml

from tests.views.api.conftest import SPEC


def test_openapi_json_is_the_yaml_document(testapp):
    response = testapp.get("/api/v1/openapi.json")
    assert response.content_type == "application/json"
    assert response.json == yaml.safe_load(SPEC.read_text())
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"].startswith("public")
    testapp.get("/api/v1/openapi.json", headers={"If-None-Match": f'"{response.etag}"'}, status=304)


def test_reference_page_lists_every_operation(testapp):
    document = yaml.safe_load(SPEC.read_text())
    page = testapp.get("/api")
    assert page.content_type == "text/html"
    headings = {h.get_text(" ", strip=True) for h in page.html.select(".api-operation > h2")}
    expected = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert headings == expected
    # Parameters and responses are there, e.g. the episode list's cursor and its 400.
    episodes = page.html.find(id="listEpisodes")
    assert "cursor" in episodes.get_text() and "400" in episodes.get_text()
    # It sits in the site layout and needs nothing the CSP forbids.
    assert page.html.find("header") is not None or page.html.find("nav") is not None
    assert all(script.get("src") for script in page.html.find_all("script"))
    assert not page.html.find_all("style") and not page.html.select("[style]")


def test_every_curl_example_works(api):
    page = api.testapp.get("/api")
    examples = [pre.get_text() for pre in page.html.select("pre.api-example")]
    assert len(examples) == len(page.html.select(".api-operation"))
    for example in examples:
        url = shlex.split(example)[-1]
        split = urlsplit(url)
        api.get(split.path + (f"?{split.query}" if split.query else ""))
