"""Hypothesis strategies for JSON from outside: any structure, any text (lone surrogates and
control characters too), numbers Python would not write (5,000 digits, NaN, 1e999), and real
documents with any value put anywhere in them."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from nazh.application.shared.json_types import JsonValue


def raw_json(value: JsonValue) -> str:
    """``value`` as JSON text, a :class:`Raw` written as it is (a number Python would not
    write: 5,000 digits, NaN, 1e999)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(raw_json(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {raw_json(item)}"
                               for key, item in value.items()) + "}"
    return json.dumps(value)


class Raw(str):
    """A JSON literal written as it is."""


RAW_NUMBERS = st.one_of(
    st.from_regex(r"-?[1-9][0-9]{17,5000}", fullmatch=True),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "0." + "3" * 40]),
).map(Raw)
ANY_TEXT = st.text(st.characters(codec=None, categories=None)
                   | st.sampled_from("\ud800\udfff\x00\x07\n\u202e*_`<@#>\\"), max_size=12)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT | RAW_NUMBERS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=25)
"""Any JSON, and what Python's parser takes that JSON does not: any text (lone surrogates and
control characters too), numbers of up to 5,000 digits, NaN, infinities."""


Path = tuple[str | int, ...]


def paths(document: JsonValue, path: Path = ()) -> list[Path]:
    """Every path of ``document`` (itself first)."""
    found = [path]
    if isinstance(document, list):
        for index, item in enumerate(document):
            found += paths(item, (*path, index))
    elif isinstance(document, dict):
        for key, item in document.items():
            found += paths(item, (*path, key))
    return found


def put(document: JsonValue, path: Path, value: JsonValue) -> JsonValue:
    """A copy of ``document`` with ``value`` at ``path``."""
    if not path:
        return value
    copy: JsonValue = list(document) if isinstance(document, list) else dict(document)
    copy[path[0]] = value if len(path) == 1 else put(document[path[0]], path[1:], value)
    return copy


def changed(document: JsonValue) -> st.SearchStrategy[bytes]:
    """``document`` as a file, with any value (or a new key holding one) anywhere in it."""
    where = st.sampled_from(paths(document))
    replaced = st.builds(put, st.just(document), where, ANY_JSON)
    objects = [path for path in paths(document) if isinstance(_at(document, path), dict)]
    added = st.builds(lambda path, key, value: put(document, (*path, key), value),
                      st.sampled_from(objects), ANY_TEXT, ANY_JSON)
    return st.one_of(replaced, added).map(lambda value: raw_json(value).encode("utf-8"))


def _at(document: JsonValue, path: Path) -> JsonValue:
    for part in path:
        document = document[part]
    return document
