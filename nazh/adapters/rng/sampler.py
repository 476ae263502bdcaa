"""Unbiased dice faces from a stream of random bytes (rejection sampling).

A face of a die with ``sides`` faces is drawn from ``k`` bytes (one byte up to 256 sides, two up
to 65,536): the value ``v`` is uniform on ``0 .. 256**k - 1``; values at or above the largest
multiple of ``sides`` are rejected and drawn again, so ``v % sides`` is exactly uniform.
"""

from __future__ import annotations

from collections.abc import Callable

BYTE_VALUES = 256
WORD_VALUES = 65536


def acceptance_limit(sides: int) -> int:
    """The exclusive upper bound of accepted draws for ``sides`` (a multiple of ``sides``)."""
    space = BYTE_VALUES if sides <= BYTE_VALUES else WORD_VALUES
    return space - space % sides


def face_of(value: int, sides: int) -> int | None:
    """The face (1-based) a draw maps to, or ``None`` when the draw is rejected."""
    if value >= acceptance_limit(sides):
        return None
    return value % sides + 1


class BlockSampler:
    """Draws faces from blocks of bytes supplied by ``refill`` (which returns a new block)."""

    __slots__ = ("__weakref__", "_block", "_position", "_refill")

    def __init__(self, refill: Callable[[], bytes]) -> None:
        self._refill = refill
        self._block = b""
        self._position = 0

    def roll(self, sides: int) -> int:
        """A uniformly distributed face in ``1..sides`` (2 <= sides <= 65,536)."""
        if not 2 <= sides <= WORD_VALUES:
            raise ValueError(f"sides must be 2..{WORD_VALUES}, got {sides}")
        limit = acceptance_limit(sides)
        wide = sides > BYTE_VALUES
        while True:
            value = self._next_word() if wide else self._next_byte()
            if value < limit:
                return value % sides + 1

    def discard(self) -> None:
        """Forget the current block (e.g. in a forked child, so no byte is ever reused)."""
        self._block = b""
        self._position = 0

    def _next_byte(self) -> int:
        position = self._position
        if position >= len(self._block):
            self._block = self._refill()
            position = 0
        self._position = position + 1
        return self._block[position]

    def _next_word(self) -> int:
        return self._next_byte() << 8 | self._next_byte()
