"""Validate request bodies against Discord's published OpenAPI 3.1 spec (vendored copy).

The spec's request schemas are JSON Schema 2020-12 and reference ``#/components/schemas/...``.
Two adjustments make validation precise without making it laxer about the real limits:

* Unions (``anyOf``/``oneOf``) whose branches are all objects tagged by a distinct, required
  ``type`` (interaction callbacks, components, command options, ...) are rewritten into
  ``if type == X then branch-X`` form, so a bad button inside an action row inside a callback
  reports the button's own error instead of "not valid under any of the given schemas".
  ``oneOf: [null, X]`` becomes ``if null else X`` for the same reason.
* ``SnowflakeType`` also accepts non-negative integers: the spec says "string", Discord accepts
  both, and hikari sends attachment ids as integers.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from nazh.application.shared.json_types import JsonArray, JsonMapping, JsonObject, JsonValue

SPEC_PATH = Path(__file__).resolve().parent.parent / "discord_api_spec" / "openapi.json"

_SPEC_URI = "urn:discord-api-spec"
_API_PREFIX = re.compile(r"^/api/v\d+")
_NULL_SCHEMA = {"type": "null"}
_MAX_MESSAGE_CHARS = 300
_JSON_CONTENT_TYPE = "application/json"

JSONSchema = JsonObject


@dataclass(frozen=True)
class _RouteTemplate:
    template: str
    pattern: re.Pattern[str]
    specificity: int


@functools.cache
def load_spec() -> JsonObject:
    """Return the vendored OpenAPI document, parsed once per process (do not mutate it)."""
    with SPEC_PATH.open(encoding="utf-8") as file:
        document: JsonObject = json.load(file)
    return document


def match_route(path: str) -> str | None:
    """Map a concrete path (``/api/v10/interactions/1/tok/callback``) or a template to its template.

    Literal segments win over parameters, so ``.../messages/@original`` is not taken for
    ``.../messages/{message_id}``.
    """
    path = _API_PREFIX.sub("", path.split("?", 1)[0]).rstrip("/") or "/"
    for route in _routes_by_depth().get(path.count("/"), ()):
        if path == route.template or route.pattern.fullmatch(path):
            return route.template
    return None


def validate_request(
    method: str, path: str, body: JsonValue, *, content_type: str = _JSON_CONTENT_TYPE
) -> list[str]:
    """Validate ``body`` against the request schema of ``method path``.

    ``path`` may be concrete or a spec template; for multipart requests pass the parsed
    ``payload_json`` as ``body`` and ``content_type="multipart/form-data"``. Returns human-readable
    violations (``"POST /route: body.data.components[0]...: message"``); empty when valid.
    """
    method = method.lower()
    template = match_route(path)
    label = f"{method.upper()} {template or path}"
    if template is None:
        return [f"{label}: route is not in Discord's OpenAPI spec"]
    operation = load_spec()["paths"][template].get(method)
    if operation is None:
        return [f"{label}: method not allowed by Discord's OpenAPI spec"]
    request_body = operation.get("requestBody")
    if request_body is None:
        return [] if body is None else [f"{label}: the spec defines no request body here"]
    if body is None:
        return [f"{label}: request body is required"] if request_body.get("required") else []
    kind = _pick_content_type(request_body, content_type)
    return list(_violations(label, template, method, kind, json.dumps(body, sort_keys=True)))


@functools.lru_cache(maxsize=4096)
def _violations(label: str, template: str, method: str, content_type: str,
                body: str) -> tuple[str, ...]:
    """The violations of one body (as canonical JSON: the same body is judged once, so a
    burst of identical answers costs one validation)."""
    validator = _validator(template, method, content_type)
    errors = sorted(validator.iter_errors(json.loads(body)), key=lambda e: list(e.absolute_path))
    return tuple(f"{label}: {_describe(leaf)}" for error in errors for leaf in _leaf_errors(error))


def _pick_content_type(request_body: JsonMapping, content_type: str) -> str:
    content: JsonMapping = request_body["content"]
    base = content_type.split(";", 1)[0].strip().lower()
    return base if base in content else _JSON_CONTENT_TYPE


@functools.cache
def _routes_by_depth() -> dict[int, tuple[_RouteTemplate, ...]]:
    """The spec's routes by their number of segments (a path can only match a template of as
    many), each group the most specific first."""
    routes = sorted((_compile_template(template) for template in load_spec()["paths"]),
                    key=lambda route: -route.specificity)
    depths: dict[int, list[_RouteTemplate]] = {}
    for route in routes:
        depths.setdefault(route.template.count("/"), []).append(route)
    return {depth: tuple(group) for depth, group in depths.items()}


def _compile_template(template: str) -> _RouteTemplate:
    parts = template.strip("/").split("/")
    regex = "".join(
        "/[^/]+" if part.startswith("{") and part.endswith("}") else "/" + re.escape(part)
        for part in parts
    )
    literals = sum(not part.startswith("{") for part in parts)
    return _RouteTemplate(template, re.compile(regex), literals * 100 + len(parts))


@functools.cache
def _validator(template: str, method: str, content_type: str) -> JsonValue:
    pointer = "/".join(
        _escape_pointer(segment)
        for segment in ("paths", template, method, "requestBody", "content", content_type, "schema")
    )
    return Draft202012Validator({"$ref": f"{_SPEC_URI}#/{pointer}"}, registry=_registry())


def _escape_pointer(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


@functools.cache
def _registry() -> Registry[JsonValue]:
    resource = DRAFT202012.create_resource(_validation_document())
    registry: Registry[JsonValue] = Registry().with_resource(_SPEC_URI, resource)
    return registry


@functools.cache
def _validation_document() -> JsonObject:
    original = load_spec()
    document = copy.deepcopy(original)
    schemas: JsonObject = document["components"]["schemas"]
    _rewrite_unions(document, original["components"]["schemas"])
    schemas["SnowflakeType"] = {
        "anyOf": [
            original["components"]["schemas"]["SnowflakeType"],
            {"type": "integer", "minimum": 0, "maximum": 2**64 - 1},
        ]
    }
    return document


def _rewrite_unions(node: JsonValue, schemas: JsonMapping) -> None:
    """Rewrite tagged and nullable unions in place (see the module docstring)."""
    if isinstance(node, list):
        for item in node:
            _rewrite_unions(item, schemas)
        return
    if not isinstance(node, dict):
        return
    for child in node.values():
        _rewrite_unions(child, schemas)
    for keyword in ("anyOf", "oneOf"):
        branches = node.get(keyword)
        if isinstance(branches, list):
            replacement = _precise_union(branches, schemas)
            if replacement is not None:
                del node[keyword]
                node.setdefault("allOf", []).append(replacement)


def _precise_union(branches: Sequence[JsonValue], schemas: JsonMapping) -> JSONSchema | None:
    nullable = _NULL_SCHEMA in branches
    others = [branch for branch in branches if branch != _NULL_SCHEMA]
    if nullable and len(others) == 1:
        return {"if": _NULL_SCHEMA, "else": others[0]}
    tags = [_branch_tags(branch, schemas) for branch in others]
    known_tags = [branch_tags for branch_tags in tags if branch_tags is not None]
    flat = [tag for branch_tags in known_tags for tag in branch_tags]
    if len(others) < 2 or len(known_tags) != len(others) or len(set(map(repr, flat))) != len(flat):
        return None
    selectors = [
        {
            "if": {"required": ["type"], "properties": {"type": {"enum": branch_tags}}},
            "then": branch,
        }
        for branch, branch_tags in zip(others, known_tags, strict=True)
    ]
    guard = {"required": ["type"], "properties": {"type": {"enum": flat}}}
    return {
        "type": ["object", "null"] if nullable else "object",
        "allOf": [{"if": {"type": "object"}, "then": guard}, *selectors],
    }


def _branch_tags(branch: JsonValue, schemas: JsonMapping) -> JsonArray | None:
    """Return the values of the branch's required ``type`` tag, or None if it is not tagged."""
    if not isinstance(branch, dict):
        return None
    schema = branch
    ref = branch.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        schema = schemas.get(ref.rsplit("/", 1)[1], {})
    tag = schema.get("properties", {}).get("type")
    if not isinstance(tag, dict) or "type" not in schema.get("required", ()):
        return None
    if "enum" in tag:
        return list(tag["enum"])
    if "const" in tag:
        return [tag["const"]]
    return None


def _leaf_errors(error: ValidationError) -> list[ValidationError]:
    """Descend into union failures, keeping the branch that came closest (fewest errors)."""
    if not error.context:
        return [error]
    by_branch: dict[JsonValue, list[ValidationError]] = {}
    for sub in error.context:
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        by_branch.setdefault(branch, []).append(sub)
    closest = min(by_branch.values(), key=len)
    return [leaf for sub in closest for leaf in _leaf_errors(sub)]


def _describe(error: ValidationError) -> str:
    location = "body" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
    return f"{location}: {_summarise(error)}"


def _summarise(error: ValidationError) -> str:
    """Say what limit was broken without echoing a 4000-character instance."""
    keyword, limit, instance = error.validator, error.validator_value, error.instance
    if keyword in {"maxLength", "minLength"} and isinstance(instance, str):
        return f"string of length {len(instance)} breaks {keyword} {limit}"
    if keyword in {"maxItems", "minItems"} and isinstance(instance, list):
        return f"array of {len(instance)} items breaks {keyword} {limit}"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE_CHARS:
        message = message[: _MAX_MESSAGE_CHARS - 1] + "…"
    return message
