"""Short random ids (rolls, characters): Crockford's base 32 in lower case, drawn from a
:class:`~nazh.domain.rolling.RandomSource` (the operating system's generator in production)."""

from __future__ import annotations

from collections.abc import Callable

from nazh.domain.rolling import RandomSource

ROLL_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base 32, lower case
ROLL_ID_LENGTH = 10


def new_roll_id(rng: RandomSource) -> str:
    """A short random id, e.g. ``k3v9x0q2md`` (50 bits)."""
    size = len(ROLL_ID_ALPHABET)
    roll_many: Callable[[int, int], list[int]] | None = getattr(rng, "roll_many", None)
    faces = [rng.roll(size) for _ in range(ROLL_ID_LENGTH)] if roll_many is None \
        else roll_many(size, ROLL_ID_LENGTH)  # the same draws, in one call (see BatchRandomSource)
    return "".join([ROLL_ID_ALPHABET[face - 1] for face in faces])


def well_formed_roll_id(text: str) -> bool:
    """Whether ``text`` could be a roll id made by :func:`new_roll_id`."""
    return len(text) == ROLL_ID_LENGTH and all(char in ROLL_ID_ALPHABET for char in text)
