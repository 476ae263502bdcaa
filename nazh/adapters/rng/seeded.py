"""A deterministic random source for tests, replays and ``--seed``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from nazh.adapters.rng.sampler import BlockSampler

_HASHES_PER_BLOCK = 64


class SeededRandomSource:
    """Dice from SHA-256 in counter mode over the seed.

    The byte stream depends only on the seed, so the same seed and input give the same
    result in any process, on any platform and Python version. Not for real games: anyone who
    knows the seed knows the dice.

    ``roll(sides)``: a uniformly distributed face in ``1..sides``, determined by the seed;
    ``roll_many(sides, count)``: ``count`` faces, exactly as ``count`` calls of ``roll``. Both
    are the sampler's own methods (no extra call per draw), as the system source's are.
    """

    roll: Callable[[int], int]
    roll_many: Callable[[int, int], list[int]]

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._key = str(seed).encode()
        self._counter = 0
        self._sampler = BlockSampler(self._next_block)
        self.roll = self._sampler.roll
        self.roll_many = self._sampler.roll_many

    def _next_block(self) -> bytes:
        start = self._counter
        self._counter += _HASHES_PER_BLOCK
        return b"".join(
            hashlib.sha256(self._key + b":" + n.to_bytes(8, "big")).digest()
            for n in range(start, start + _HASHES_PER_BLOCK)
        )
