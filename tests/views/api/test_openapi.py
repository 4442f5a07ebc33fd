"""The OpenAPI document is valid, and real responses match it (openapi-core, which pyramid_openapi3 uses)."""
import json
from pathlib import Path

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

SPEC = Path(__file__).parents[3] / "views" / "api" / "openapi.yaml"


def _openapi():
    # openapi-core reads application/json only; problem+json is JSON too.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_file_path(str(SPEC), config=config)


def test_document_is_valid_openapi():
    spec, _ = read_from_filename(str(SPEC))
    validate(spec)


@pytest.mark.parametrize("path, pattern, params, status", [
    ("/api/v1/shows", "/shows", {}, 200),
    ("/api/v1/episodes", "/episodes", {"limit": "3"}, 200),
    ("/api/v1/episodes", "/episodes", {"limit": "0"}, 400),
    ("/api/v1/guests", "/guests", {}, 200),
    ("/api/v1/guests/nobody", "/guests/{slug}", {}, 404),
    ("/api/v1/shows/talkpython/episodes/99999", "/shows/{show}/episodes/{number}", {}, 404),
])
def test_responses_match_the_document(testapp, path, pattern, params, status):
    response = testapp.get(path, params=params, status=status)
    view_args = dict(zip(pattern.split("/"), path.removeprefix("/api/v1").split("/")))
    view_args = {k[1:-1]: v for k, v in view_args.items() if k.startswith("{")}
    request = MockRequest("http://localhost", "get", path, path_pattern="/api/v1" + pattern,
                          args=params, view_args=view_args)
    _openapi().validate_response(
        request, MockResponse(response.body, status_code=status, content_type=response.content_type))


def test_an_episode_and_a_guest_match_the_document(testapp):
    openapi = _openapi()
    first = testapp.get("/api/v1/episodes", params={"limit": 1}).json["items"][0]
    for path, pattern, view_args in [
        (f"/api/v1/shows/{first['show']}/episodes/{first['number']}", "/shows/{show}/episodes/{number}",
         {"show": first["show"], "number": str(first["number"])}),
    ]:
        response = testapp.get(path)
        request = MockRequest("http://localhost", "get", path, path_pattern="/api/v1" + pattern, view_args=view_args)
        openapi.validate_response(request, MockResponse(response.body, content_type=response.content_type))
