"""Unbiased dice faces from a stream of random bytes (rejection sampling)."""

from __future__ import annotations

import struct
from collections.abc import Callable

BYTE_VALUES = 256
WORD_VALUES = 65536


def acceptance_limit(sides: int) -> int:
    """The exclusive upper bound of accepted draws for ``sides`` (a multiple of ``sides``)."""
    # One byte per draw up to 256 sides, two up to 65,536; draws at or above the largest multiple of
    # sides are rejected, so ``value % sides`` is exactly uniform.
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
        if sides > BYTE_VALUES:
            limit = WORD_VALUES - WORD_VALUES % sides
            while True:
                value = self._next_word()
                if value < limit:
                    return value % sides + 1
        # The one-byte case, with the byte read inlined: it is the hot path of every die.
        limit = BYTE_VALUES - BYTE_VALUES % sides
        while True:
            block, position = self._block, self._position
            if position >= len(block):
                block = self._block = self._refill()
                position = 0
            self._position = position + 1
            value = block[position]
            if value < limit:
                return value % sides + 1

    def roll_many(self, sides: int, count: int) -> list[int]:
        """``count`` faces, exactly the faces and bytes of ``count`` :meth:`roll` calls, faster."""
        if not 2 <= sides <= WORD_VALUES:
            raise ValueError(f"sides must be 2..{WORD_VALUES}, got {sides}")
        if count <= 1:
            return [self.roll(sides)] if count == 1 else []
        faces = (self._bytes_in_block(sides, count) if sides <= BYTE_VALUES
                 else self._words_in_block(sides, count))
        if faces is None:  # the draws would run past the current block: one at a time
            faces = [self.roll(sides) for _ in range(count)]
        return faces

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

    def _bytes_in_block(self, sides: int, count: int) -> list[int] | None:
        """One-byte draws taken from the current block, or ``None`` if it runs out first."""
        block, start = self._block, self._position
        faces_table, rejected, limit = _byte_tables(sides)
        end = start + count
        if end > len(block):
            return None
        run = block[start:end]
        if faces_table is not None and max(run) < limit:
            # No byte of the run is rejected (the commonest case by far): its faces at once,
            # without a translation that deletes (which builds its table on every call).
            # Measured: two d20s in 4,600 instructions instead of 8,900.
            self._position = end
            return list(run.translate(faces_table))
        got = len(run.translate(None, rejected)) if rejected else count
        while got < count:
            need = count - got
            if end + need > len(block):
                return None
            got += len(block[end:end + need].translate(None, rejected))
            end += need
        self._position = end
        if faces_table is None:  # 256 sides: every byte is a face, and face 256 is no byte
            return [value + 1 for value in block[start:end]]
        return list(block[start:end].translate(faces_table, rejected))

    def _words_in_block(self, sides: int, count: int) -> list[int] | None:
        """Two-byte draws taken from the current block, or ``None`` if it runs out first."""
        block, start = self._block, self._position
        limit = WORD_VALUES - WORD_VALUES % sides
        end = start + 2 * count
        if end > len(block):
            return None
        values = _words(count).unpack_from(block, start)
        if max(values) < limit:
            self._position = end
            return [value % sides + 1 for value in values]
        accepted = [value for value in values if value < limit]
        while len(accepted) < count:
            need = count - len(accepted)
            if end + 2 * need > len(block):
                return None
            accepted += [value for value in _words(need).unpack_from(block, end) if value < limit]
            end += 2 * need
        self._position = end
        return [value % sides + 1 for value in accepted]


_BYTE_TABLES: dict[int, tuple[bytes | None, bytes, int]] = {}
_WORD_STRUCTS: dict[int, struct.Struct] = {}


def _byte_tables(sides: int) -> tuple[bytes | None, bytes, int]:
    """For one-byte dice: (byte -> face table, the rejected bytes, the acceptance limit)."""
    tables = _BYTE_TABLES.get(sides)
    if tables is None:
        limit = acceptance_limit(sides)
        faces = None if sides == BYTE_VALUES else bytes(
            value % sides + 1 if value < limit else 0 for value in range(BYTE_VALUES)
        )
        tables = _BYTE_TABLES[sides] = (faces, bytes(range(limit, BYTE_VALUES)), limit)
    return tables


def _words(count: int) -> struct.Struct:
    """A big-endian reader of ``count`` 16-bit draws (the order :meth:`roll` reads bytes in)."""
    reader = _WORD_STRUCTS.get(count)
    if reader is None:
        reader = _WORD_STRUCTS[count] = struct.Struct(f">{count}H")
    return reader
