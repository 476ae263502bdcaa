"""The notation's tokenizer: a single linear pass, no regular expressions, no recursion."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from nazh.domain.errors import NotationError

MINUS_SIGNS = frozenset("-\u2212\u2013")
WHITESPACE = frozenset(" \t\r\n\u00a0\u202f")


class Kind(Enum):
    """Token kinds of the dice notation."""

    WORD = "word"
    INT = "number"
    PLUS = "+"
    MINUS = "-"


@dataclass(frozen=True, slots=True)
class Token:
    """A token; ``column`` is 1-based in the whole input, ``text`` lower-cased ASCII."""

    kind: Kind
    text: str
    column: int

    @property
    def end(self) -> int:
        """The column just after the token."""
        return self.column + len(self.text)


@dataclass(frozen=True, slots=True)
class Segment:
    """The raw text of one pool (between commas) and where it starts in the input."""

    index: int
    raw: str
    offset: int

    @property
    def text(self) -> str:
        """The pool as typed, without surrounding spaces."""
        return self.raw.strip("".join(WHITESPACE))

    @property
    def column(self) -> int:
        """1-based column of the pool's first non-space character (or of its start)."""
        stripped = self.raw.lstrip("".join(WHITESPACE))
        return self.offset + len(self.raw) - len(stripped) + 1


def split_pools(text: str) -> list[Segment]:
    """Split the input on commas, keeping each pool's offset."""
    segments: list[Segment] = []
    offset = 0
    for index, raw in enumerate(text.split(","), start=1):
        segments.append(Segment(index, raw, offset))
        offset += len(raw) + 1
    return segments


def tokenize(segment: Segment) -> list[Token]:
    """Turn one pool's text into tokens.

    Raises:
        NotationError: on any character the notation does not use.
    """
    tokens: list[Token] = []
    raw = segment.raw
    i = 0
    while i < len(raw):
        char = raw[i]
        start = i
        if char in WHITESPACE:
            i += 1
            continue
        if _is_digit(char):
            while i < len(raw) and _is_digit(raw[i]):
                i += 1
            tokens.append(Token(Kind.INT, raw[start:i], segment.offset + start + 1))
        elif _is_letter(char):
            while i < len(raw) and _is_letter(raw[i]):
                i += 1
            tokens.append(Token(Kind.WORD, raw[start:i].lower(), segment.offset + start + 1))
        elif char == "+":
            tokens.append(Token(Kind.PLUS, "+", segment.offset + i + 1))
            i += 1
        elif char in MINUS_SIGNS:
            tokens.append(Token(Kind.MINUS, "-", segment.offset + i + 1))
            i += 1
        else:
            raise _unexpected_character(segment, char, segment.offset + i + 1)
    return tokens


def describe_character(char: str) -> str:
    """A safe, readable description of any character: ``'x' (U+0078)``, ``U+2003 (EM SPACE)``."""
    name = unicodedata.name(char, "")
    if char.isprintable() and not char.isspace():
        return f"'{char}' (U+{ord(char):04X})"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _unexpected_character(segment: Segment, char: str, column: int) -> NotationError:
    return NotationError(
        f"unexpected character {describe_character(char)}",
        pool_index=segment.index,
        text=segment.text,
        column=column,
        hint="a pool looks like a1d20+5: tags a/d, dice count, d, sides, then +M or -M",
    )


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _is_letter(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"
