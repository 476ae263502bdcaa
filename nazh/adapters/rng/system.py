"""The production random source: the operating system's CSPRNG, read in blocks."""

from __future__ import annotations

import os
import weakref

from nazh.adapters.rng.sampler import BlockSampler

DEFAULT_BLOCK_SIZE = 4096


class SystemRandomSource:
    """Cryptographically secure, unbiased dice from ``os.urandom``.

    Bytes are read in blocks to keep a die cheap; a forked child discards the block it
    inherited, so parent and child never hand out the same bytes.
    """

    def __init__(self, block_size: int = DEFAULT_BLOCK_SIZE) -> None:
        self._sampler = BlockSampler(lambda: os.urandom(block_size))
        sampler = weakref.ref(self._sampler)
        os.register_at_fork(after_in_child=lambda: _discard(sampler))

    def roll(self, sides: int) -> int:
        """A uniformly distributed face in ``1..sides``."""
        return self._sampler.roll(sides)

    def roll_many(self, sides: int, count: int) -> list[int]:
        """``count`` faces in ``1..sides``, exactly as ``count`` calls of :meth:`roll`."""
        return self._sampler.roll_many(sides, count)


def _discard(sampler: weakref.ref[BlockSampler]) -> None:
    alive = sampler()
    if alive is not None:
        alive.discard()
