"""Short random ids (rolls, characters): Crockford's base 32 in lower case, from a RandomSource."""

from __future__ import annotations

from collections.abc import Callable

from nazh.domain.rolling import RandomSource

ROLL_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base 32, lower case
ROLL_ID_LENGTH = 10
_SIZE = len(ROLL_ID_ALPHABET)
# a comprehension and a join cost 7,500 instructions an id, this 3,300
_LETTERS = bytes.maketrans(bytes(range(1, _SIZE + 1)), ROLL_ID_ALPHABET.encode())
"""Each face (1 to 32) to its letter, as bytes, translated at once in C."""


def new_roll_id(rng: RandomSource) -> str:
    """A short random id, e.g. ``k3v9x0q2md`` (50 bits)."""
    roll_many: Callable[[int, int], list[int]] | None = getattr(rng, "roll_many", None)
    faces = [rng.roll(_SIZE) for _ in range(ROLL_ID_LENGTH)] if roll_many is None \
        else roll_many(_SIZE, ROLL_ID_LENGTH)  # the same draws, in one call (see BatchRandomSource)
    return bytes(faces).translate(_LETTERS).decode()


def well_formed_roll_id(text: str) -> bool:
    """Whether ``text`` could be a roll id made by :func:`new_roll_id`."""
    return len(text) == ROLL_ID_LENGTH and all(char in ROLL_ID_ALPHABET for char in text)
