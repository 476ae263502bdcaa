"""The notation's tokenizer: a single linear pass, no regular expressions, no recursion."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum
from itertools import groupby

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
    """Turn one pool's text into tokens (NotationError on a character the notation does not use)."""
    # each character mapped to its class, split on whitespace: a run of one class is a token
    # (a number, a word), signs one token each
    tokens: list[Token] = []
    start = 0
    for piece in segment.raw.translate(_CLASSES).split(" "):
        if piece:
            end = start + len(piece)
            kind = piece[0]
            if piece.count(kind) == len(piece):  # a single run, the usual case
                _add_run(tokens, segment, kind, start, end)
            else:
                position = start
                for run_kind, run in groupby(piece):
                    stop = position + len(list(run))
                    _add_run(tokens, segment, run_kind, position, stop)
                    position = stop
            start = end
        start += 1
    return tokens


def _add_run(tokens: list[Token], segment: Segment, kind: str, start: int, end: int) -> None:
    """Add the token(s) of ``segment.raw[start:end]``, a run of characters of class ``kind``."""
    raw, column = segment.raw, segment.offset + 1 + start
    if kind == "a":
        tokens.append(Token(_WORD, raw[start:end].lower(), column))
    elif kind == "0":
        tokens.append(Token(_INT, raw[start:end], column))
    elif kind == "+":
        tokens.extend([Token(_PLUS, "+", column + i) for i in range(end - start)])
    elif kind == "-":
        tokens.extend([Token(_MINUS, "-", column + i) for i in range(end - start)])
    else:
        raise _unexpected_character(segment, raw[start], column)


_WORD, _INT, _PLUS, _MINUS = Kind.WORD, Kind.INT, Kind.PLUS, Kind.MINUS
# any other character is left as it is, and is an error
_CLASSES = str.maketrans({
    **dict.fromkeys("0123456789", "0"),
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "a"),
    "+": "+",
    **dict.fromkeys(MINUS_SIGNS, "-"),
    **dict.fromkeys(WHITESPACE, " "),
})


def describe_character(char: str) -> str:
    """A safe, readable description of any character: ``'x' (U+0078)``, ``U+2003 (EM SPACE)``."""
    name = unicodedata.name(char, "")
    if char.isprintable() and not char.isspace():
        return f"'{char}' (U+{ord(char):04X})"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _unexpected_character(segment: Segment, char: str, column: int) -> NotationError:
    return NotationError("unexpected character {character}", pool_index=segment.index,
                         text=segment.text, column=column,
                         hint="a pool looks like a1d20+5: tags a/d, dice count, d, sides, then "
                              "+M or -M",
                         fields={"character": describe_character(char)})

