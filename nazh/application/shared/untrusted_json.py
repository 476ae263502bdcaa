"""JSON from outside (an imported file, an export handed over for checking): parsed only when
its arrays and objects nest no deeper than a limit.

The standard parser recurses once per level, so a few kilobytes of ``[[[[...`` end in a
RecursionError, which no ``except ValueError`` catches. The depth is measured first, in one
linear pass that skips strings, and a RecursionError the parser may still raise is turned into
the same error.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from nazh.domain.errors import NazhError

MAX_JSON_DEPTH = 64
"""Deep enough for every format Nazh reads (an export nests 3 levels, a logged result 8)."""

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
"""A string (unterminated ones run to the end, so the scan never backtracks) or a bracket."""
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonTooDeepError(NazhError, ValueError):
    """JSON nests arrays and objects deeper than the limit (a ValueError too, as the parser's
    own errors are, so callers that refuse malformed JSON refuse this as well)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"nested more than {limit} levels deep")


def depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest (brackets inside strings not counted)."""
    steps = (_STEP.get(token, 0) for token in _TOKENS.findall(text))
    return max(accumulate(steps, initial=0))


def check_depth(text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise when ``text`` nests deeper than ``limit``.

    Raises:
        JsonTooDeepError: it does.
    """
    if text.count("[") + text.count("{") > limit and depth(text) > limit:
        raise JsonTooDeepError(limit)


def loads(text: str, limit: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` for JSON from outside.

    Raises:
        JsonTooDeepError: it nests deeper than ``limit``.
        json.JSONDecodeError: it is not JSON.
    """
    check_depth(text, limit)
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeepError(limit) from None
