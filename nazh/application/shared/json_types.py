"""The names for parsed JSON, used everywhere a JSON document is read or built.

A JSON value is a string, a number, a boolean, null, a list of JSON values or an object of
them: a shape Python's type system cannot follow through ``json.loads``, so these names leave
it unchecked, here and only here. Code that trusts nothing it reads (an uploaded file, a stored
record) checks each field it uses before using it (:mod:`nazh.application.shared.untrusted_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

JsonValue: TypeAlias = Any
"""A parsed JSON value whose kind is not known yet (read it through a checking function)."""

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object, parsed (``json.loads``) or about to be written (``json.dumps``)."""

JsonMapping: TypeAlias = Mapping[str, Any]
"""A JSON object only read."""

JsonArray: TypeAlias = list[Any]
"""A JSON array, parsed or about to be written."""
