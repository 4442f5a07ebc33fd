"""The API's own description: the OpenAPI document as JSON, and a reference page made from it.

The YAML file is the one source; it is read once per process (on first use) and every
answer after that is the same bytes, so their ETag is a hash of those bytes.
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from urllib.parse import quote, urlencode

import yaml
from pyramid.response import Response
from pyramid.view import view_config

from views.api import CORS

METHODS = ("get", "put", "post", "patch", "delete")


@functools.cache
def document() -> dict:
    return yaml.safe_load(resources.files("views.api").joinpath("openapi.yaml").read_text("utf-8"))


@functools.cache
def _document_json() -> tuple[bytes, str]:
    body = json.dumps(document(), ensure_ascii=False, indent=1).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:32]


@view_config(route_name="api.openapi", request_method="GET")
def openapi_json(request):
    body, etag = _document_json()
    response = Response(body=body, content_type="application/json", charset="utf-8", conditional_response=True)
    response.etag = etag
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers.update(CORS)
    return response


# --- the reference page ----------------------------------------------------------------
def _resolve(node):
    """Follow a local $ref ("#/components/...") to what it names."""
    while isinstance(node, dict) and "$ref" in node:
        target = document()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _ref_name(node) -> str | None:
    return node["$ref"].rsplit("/", 1)[-1] if isinstance(node, dict) and "$ref" in node else None


def type_label(schema) -> str:
    """A schema as a short phrase: "string (date-time)", "array of EpisodeSummary", "integer or null"."""
    if not isinstance(schema, dict):
        return ""
    name = _ref_name(schema)
    if name:
        return name
    if "oneOf" in schema or "anyOf" in schema:
        return " or ".join(type_label(part) for part in schema.get("oneOf") or schema.get("anyOf"))
    if "allOf" in schema:
        return " and ".join(type_label(part) for part in schema["allOf"])
    kind = schema.get("type", "object")
    kinds = kind if isinstance(kind, list) else [kind]
    words = []
    for one in kinds:
        if one == "array":
            words.append(f"array of {type_label(schema.get('items', {})) or 'anything'}")
        else:
            words.append(one)
    label = " or ".join(words)
    if schema.get("format"):
        label += f" ({schema['format']})"
    if schema.get("enum"):
        label += ": " + ", ".join(map(str, schema["enum"]))
    return label


def _constraints(schema: dict) -> str:
    parts = []
    for key, word in (("minimum", "at least"), ("maximum", "at most"), ("minLength", "at least"),
                      ("maxLength", "at most")):
        if key in schema:
            parts.append(f"{word} {schema[key]}" + (" characters" if "Length" in key else ""))
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def _fields(schema) -> list[dict]:
    """The properties of an object schema (allOf parts merged), for a table."""
    schema = _resolve(schema)
    if "allOf" in schema:
        return [field for part in schema["allOf"] for field in _fields(part)]
    required = set(schema.get("required", ()))
    return [{"name": name, "type": type_label(prop), "required": name in required,
             "description": _resolve(prop).get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def _curl(base: str, path: str, parameters: list[dict]) -> str:
    url = path
    query = {}
    for param in parameters:
        example = param.get("example")
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", quote(str(example if example is not None else param["name"])))
        elif param["in"] == "query" and example is not None:
            query[param["name"]] = example
    return f"curl -s '{base}{url}" + (f"?{urlencode(query)}" if query else "") + "'"


def operations(base: str) -> list[dict]:
    found = []
    for path, item in document().get("paths", {}).items():
        shared = [_resolve(p) for p in item.get("parameters", ())]
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = shared + [_resolve(p) for p in operation.get("parameters", ())]
            responses = []
            for status, answer in operation.get("responses", {}).items():
                answer = _resolve(answer)
                media = answer.get("content", {})
                content_type, body = next(iter(media.items()), (None, {}))
                schema = body.get("schema") if body else None
                responses.append({"status": status, "description": answer.get("description", ""),
                                  "content_type": content_type, "type": type_label(schema) if schema else "",
                                  "ref": _ref_name(schema),
                                  "fields": _fields(schema) if schema and not _ref_name(schema) else []})
            found.append({
                "id": operation.get("operationId") or f"{method}-{path}",
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "location": p["in"], "required": bool(p.get("required")),
                                "type": type_label(p.get("schema", {})), "constraints": _constraints(p.get("schema", {})),
                                "description": p.get("description", "")} for p in parameters],
                "responses": responses,
                "curl": _curl(base, path, parameters),
            })
    return found


def schemas() -> list[dict]:
    return [{"name": name, "description": schema.get("description", ""), "fields": _fields(schema)}
            for name, schema in document().get("components", {}).get("schemas", {}).items()]


@view_config(route_name="api.reference", request_method="GET", renderer="templates:api/reference.pt")
def reference(request):
    doc = document()
    base = request.application_url + doc["servers"][0]["url"]
    return {"page_title": "API reference", "info": doc["info"], "base": base, "openapi_version": doc["openapi"],
            "operations": operations(base), "schemas": schemas(),
            "document_url": request.route_url("api.openapi")}
