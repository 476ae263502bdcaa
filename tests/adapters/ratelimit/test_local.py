"""The local token bucket (a fake clock): its burst, its refill, its bounded number of buckets."""

from __future__ import annotations

import pytest

from nazh.adapters.ratelimit.local import LocalRateLimiter
from tests.app_fakes import Seconds


async def test_a_bucket_gives_its_burst_then_says_how_long_to_wait() -> None:
    clock = Seconds()
    limiter = LocalRateLimiter(clock)
    assert [await limiter.take("user:1", 0.5, 3) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert await limiter.take("user:1", 0.5, 3) == pytest.approx(2.0)
    clock.now += 1.0
    assert await limiter.take("user:1", 0.5, 3) == pytest.approx(1.0)
    clock.now += 1.0
    assert await limiter.take("user:1", 0.5, 3) == 0.0
    assert await limiter.take("user:2", 0.5, 3) == 0.0  # each key its own bucket


async def test_a_bucket_refills_to_its_burst_and_no_more() -> None:
    clock = Seconds()
    limiter = LocalRateLimiter(clock)
    await limiter.take("k", 1.0, 2)
    clock.now += 3600
    assert [await limiter.take("k", 1.0, 2) for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


async def test_the_number_of_buckets_is_bounded_forgetting_full_ones_first() -> None:
    clock = Seconds()
    limiter = LocalRateLimiter(clock, max_buckets=100)
    for n in range(100):
        await limiter.take(f"idle:{n}", 1.0, 1)
    clock.now += 10  # every idle bucket is full again: forgetting them loses nothing
    await limiter.take("busy", 1.0, 1)
    await limiter.take("other", 1.0, 1)
    assert len(limiter) <= 100
    assert await limiter.take("busy", 1.0, 1) == pytest.approx(1.0)  # still remembered
