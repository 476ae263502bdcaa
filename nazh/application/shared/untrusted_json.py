"""JSON from outside: :func:`read_json` is the one reader of every file Nazh imports.
Anything malformed is a :class:`NazhError` naming the file and the field as a JSON path."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import accumulate

from nazh.application.shared.files import FileTooLargeError, file_label
from nazh.application.shared.json_types import JsonValue
from nazh.domain.errors import NazhError, printable

# Measured before parsing: the standard parser recurses once per level, so a few kilobytes of
# [[[[... would end in a RecursionError.
MAX_JSON_DEPTH = 64
"""Deep enough for every format Nazh reads (an export nests 3 levels, a logged result 8)."""
# Python refuses a 4,300-digit one with a plain ValueError; we refuse long before.
MAX_DIGITS = 18
"""Digits of a whole number in a file: 18 fit a BIGINT (the largest held: a 13-digit timestamp)."""
MAX_FLOAT_LENGTH = 32
"""Characters of a number with a fraction or exponent (any finite double takes at most 24)."""
MAX_SHOWN_KEY = 40
MAX_SHOWN_NUMBER = 24
WHOLE_DOCUMENT = "the document"

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
"""A string (unterminated ones run to the end, so the scan never backtracks) or a bracket."""
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
"""A key a JSON path shows after a dot; any other key is shown in brackets, quoted."""
_BOM = "\ufeff"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""Where a lone surrogate may come from: only an escape makes one (a valid pair passes the walk)."""


class JsonTooDeepError(NazhError, ValueError):
    """JSON nests deeper than the limit (a ValueError too, as the parser's own errors are)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"nested more than {limit} levels deep")


class UntrustedJsonError(NazhError):
    """A file is not what Nazh reads: the message names the file and, for one value, its field."""

    def __init__(self, filename: str | None, problem: str, *, field: str | None = None,
                 hint: str | None = None) -> None:
        self.filename = filename  # as attached (None: unknown)
        self.field = field  # the JSON path of the wrong value (None: the file as a whole)
        self.problem = problem  # what is wrong, without the file's name
        where = file_label(filename) + ": " + (f"{field} " if field is not None else "")
        super().__init__(where + problem, hint=hint)


@dataclass(frozen=True, slots=True)
class JsonFile:
    """What a format allows of a file, and the hints of its refusals."""

    max_bytes: int  # checked before anything is decoded
    max_depth: int = MAX_JSON_DEPTH
    hint: str | None = None  # how to make a file of the format: "export one with /saved export"
    size_hint: str | None = None  # what to do with a file too large: "split it into parts"


@dataclass(frozen=True, slots=True)
class _Refused:
    """What the parser's hooks put in place of a number Nazh does not read."""

    problem: str


def depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest (brackets inside strings not counted)."""
    steps = (_STEP.get(token, 0) for token in _TOKENS.findall(text))
    return max(accumulate(steps, initial=0))


def check_depth(text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise :class:`JsonTooDeepError` when ``text`` nests deeper than ``limit``."""
    if text.count("[") + text.count("{") > limit and depth(text) > limit:
        raise JsonTooDeepError(limit)


def loads(text: str, limit: int = MAX_JSON_DEPTH) -> JsonValue:
    """``json.loads`` for outside JSON that is not an imported file: only its depth is bounded."""
    check_depth(text, limit)
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeepError(limit) from None


def read_json(data: bytes, filename: str | None, rules: JsonFile) -> JsonValue:
    """The document of a file a user imports, every malformed input refused (NazhError)."""
    if len(data) > rules.max_bytes:
        raise FileTooLargeError(filename, rules.max_bytes, len(data), hint=rules.size_hint)
    text = _decoded(data, filename, rules)
    numbers = _Numbers()
    document = _parsed(text, filename, rules, numbers)
    # The hooks marked bad numbers; one walk finds the first marker (or bad text) and its path.
    if not numbers.refused and not _SURROGATE_ESCAPE.search(text):
        return document  # nothing to look for: the walk is skipped
    found = _first_refused(document)
    if found is not None:
        path, problem = found
        raise UntrustedJsonError(filename, problem, field=json_path(path), hint=rules.hint)
    return document


def json_path(parts: tuple[str | int, ...]) -> str:
    """``characters[0].level``, ``system.skills["a b"]``; :data:`WHOLE_DOCUMENT` for none."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif len(part) <= MAX_SHOWN_KEY and _NAME.fullmatch(part):
            path += f".{part}" if path else part
        else:
            key = printable(part if len(part) <= MAX_SHOWN_KEY else part[:MAX_SHOWN_KEY - 1]
                            + "…")
            path += '["' + key.replace('"', '\\"') + '"]'
    return path or WHOLE_DOCUMENT


def _decoded(data: bytes, filename: str | None, rules: JsonFile) -> str:
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as error:
        raise UntrustedJsonError(filename, f"not UTF-8 text (byte {error.start + 1} is "
                                           f"0x{data[error.start]:02x})", hint=rules.hint
                                 ) from None


def _parsed(text: str, filename: str | None, rules: JsonFile, numbers: _Numbers) -> JsonValue:
    try:
        check_depth(text, rules.max_depth)
        return json.loads(text, parse_int=numbers.whole, parse_float=numbers.fraction,
                          parse_constant=numbers.constant)
    except json.JSONDecodeError as error:
        raise UntrustedJsonError(filename, f"not valid JSON (line {error.lineno}, column "
                                           f"{error.colno}: {error.msg})", hint=rules.hint
                                 ) from None
    except (JsonTooDeepError, RecursionError):
        raise UntrustedJsonError(filename, f"not valid JSON (nested more than "
                                           f"{rules.max_depth} levels deep)", hint=rules.hint
                                 ) from None


class _Numbers:
    """The parser's hooks for one document: a refused number becomes a :class:`_Refused`."""

    def __init__(self) -> None:
        self.refused = False

    def whole(self, written: str) -> int | _Refused:
        digits = len(written.lstrip("-"))
        if digits > MAX_DIGITS:
            return self._refuse(f"is a whole number of {digits} digits (at most {MAX_DIGITS})")
        return int(written)

    def fraction(self, written: str) -> float | _Refused:
        if len(written) > MAX_FLOAT_LENGTH:
            return self._refuse(f"is a number written with {len(written)} characters (at "
                                f"most {MAX_FLOAT_LENGTH})")
        value = float(written)
        if not math.isfinite(value):
            return self._refuse(f"is {written[:MAX_SHOWN_NUMBER]}, too large for a number")
        return value

    def constant(self, written: str) -> _Refused:
        return self._refuse(f"is {written}, which is not a number JSON allows")

    def _refuse(self, problem: str) -> _Refused:
        self.refused = True
        return _Refused(problem)


def _first_refused(document: JsonValue) -> tuple[tuple[str | int, ...], str] | None:
    """The path and the problem of the first value (in the file's order) Nazh does not read."""
    stack: list[tuple[tuple[str | int, ...], JsonValue]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Refused):
            return path, value.problem
        if isinstance(value, str):
            problem = _bad_text(value)
            if problem is not None:
                return path, problem
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in reversed(
                list(enumerate(value))))
        elif isinstance(value, dict):
            for key in value:
                problem = _bad_text(key)
                if problem is not None:
                    return (*path, key), f"is a key that {problem.removeprefix('is text that ')}"
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
    return None


def _bad_text(text: str) -> str | None:
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (f"is text that holds a lone surrogate ({printable(text[error.start])}, "
                f"character {error.start + 1}), which is not Unicode text")
    return None
