"""The names for parsed JSON, used everywhere a JSON document is read or built.

A JSON object's values are any JSON value (a string, a number, a list, another object, null),
which Python's type system cannot follow through ``json.loads``: ``Any`` stands for them here,
and only here. Code that trusts nothing it reads (an uploaded file, a stored record) checks each
field it uses before using it (:mod:`nazh.application.shared.untrusted_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object, parsed (``json.loads``) or about to be written (``json.dumps``)."""

JsonMapping: TypeAlias = Mapping[str, Any]
"""A JSON object only read."""

JsonArray: TypeAlias = list[Any]
"""A JSON array, parsed or about to be written."""
