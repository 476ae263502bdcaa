"""A deterministic random source for tests, replays and ``--seed``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from nazh.adapters.rng.sampler import BlockSampler

_HASHES_PER_BLOCK = 64


class SeededRandomSource:
    """Dice from SHA-256 in counter mode: one seed, the same dice anywhere (not for real games)."""

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
