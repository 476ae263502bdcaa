"""The production random source: the operating system's CSPRNG, read in blocks."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable

from nazh.adapters.rng.sampler import BlockSampler

DEFAULT_BLOCK_SIZE = 4096


class SystemRandomSource:
    """Cryptographically secure, unbiased dice from ``os.urandom``, read in blocks."""

    roll: Callable[[int], int]
    roll_many: Callable[[int, int], list[int]]

    def __init__(self, block_size: int = DEFAULT_BLOCK_SIZE) -> None:
        self._sampler = BlockSampler(lambda: os.urandom(block_size))
        self.roll = self._sampler.roll
        self.roll_many = self._sampler.roll_many
        sampler = weakref.ref(self._sampler)
        # A forked child discards the block it inherited: it never hands out its parent's bytes.
        os.register_at_fork(after_in_child=lambda: _discard(sampler))


def _discard(sampler: weakref.ref[BlockSampler]) -> None:
    alive = sampler()
    if alive is not None:
        alive.discard()
