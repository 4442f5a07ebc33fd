"""``api``: WebTest for the JSON API, checking every request and response against
views/api/openapi.yaml with openapi-core (the validator pyramid_openapi3 is built on)."""
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC = Path(__file__).parents[3] / "views" / "api" / "openapi.yaml"


@pytest.fixture(scope="session")
def openapi():
    # openapi-core reads application/json only; problem+json is JSON too.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_file_path(str(SPEC), config=config)


class CheckedAPI:
    def __init__(self, testapp, openapi):
        self.testapp, self.openapi = testapp, openapi

    def get(self, path, params=None, status=200, headers=None, valid_request=True):
        """GET ``path``; the request must match the document (unless ``valid_request`` is False,
        for the bad ones a 400 answers), and the response always must."""
        params = {k: str(v) for k, v in (params or {}).items()}
        split = urlsplit(path)
        args = dict(params)
        if split.query:
            args |= dict(part.split("=", 1) for part in split.query.split("&"))
        request = MockRequest("http://localhost", "get", split.path, args=args)
        if valid_request:
            self.openapi.validate_request(request)
        response = self.testapp.get(path, params=params, status=status, headers=headers or {})
        if response.status_int != 304:
            self.openapi.validate_response(
                request, MockResponse(response.body, status_code=response.status_int,
                                      content_type=response.content_type))
        return response


@pytest.fixture
def api(testapp, openapi):
    return CheckedAPI(testapp, openapi)
