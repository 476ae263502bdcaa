"""The seeded random source: SHA-256 in counter mode, the same stream for the same seed."""

from __future__ import annotations

import hashlib

from nazh.adapters.rng.seeded import SeededRandomSource
from tests.adapters.rng.kit import DIE_SIZES


def test_the_seeded_stream_is_sha256_in_counter_mode() -> None:
    expected = hashlib.sha256(b"7:" + (0).to_bytes(8, "big")).digest()
    expected += hashlib.sha256(b"7:" + (1).to_bytes(8, "big")).digest()
    source = SeededRandomSource(7)
    assert [source.roll(256) - 1 for _ in range(64)] == list(expected)


def test_seeded_sources_repeat_and_differ_by_seed() -> None:
    def draws(seed: int) -> list[int]:
        source = SeededRandomSource(seed)
        return [source.roll(sides) for sides in DIE_SIZES * 20]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)
