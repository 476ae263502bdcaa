"""The names for parsed JSON: a shape mypy cannot follow through ``json.loads``, unchecked here.
Code that trusts nothing it reads checks each field before using it (``shared.untrusted_json``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

JsonValue: TypeAlias = Any
"""A parsed JSON value whose kind is not known yet (read it through a checking function)."""

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object, parsed (``json.loads``) or about to be written (``json.dumps``)."""

JsonMapping: TypeAlias = Mapping[str, Any]

JsonArray: TypeAlias = list[Any]
