"""The Redis token bucket, on the real Redis on this machine: two limiters on one Redis are two
replicas sharing their limits; with Redis down each limits locally."""

from __future__ import annotations

import os
import secrets

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from nazh.adapters.ratelimit.redis import RedisRateLimiter

REDIS_URL = os.environ.get("NAZH_TEST_REDIS_URL")


@pytest.fixture
async def redis_url() -> str:
    """The test Redis (``NAZH_TEST_REDIS_URL``): skipped when unset, failed when unreachable."""
    if REDIS_URL is None:
        pytest.skip("NAZH_TEST_REDIS_URL is not set")
    client: Redis = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except (OSError, RedisError) as error:
        pytest.fail(f"Redis is needed at {REDIS_URL}: {error}")
    finally:
        await client.aclose()
    return REDIS_URL


async def test_two_replicas_share_one_bucket_through_redis(redis_url: str) -> None:
    first, second = RedisRateLimiter(redis_url), RedisRateLimiter(redis_url)
    key = f"user:{secrets.randbelow(10**12)}"
    try:
        taken = [await (first if n % 2 else second).take(key, 0.5, 4) for n in range(4)]
        assert taken == [0.0] * 4
        assert 1.9 < await first.take(key, 0.5, 4) <= 2.0
        assert 1.9 < await second.take(key, 0.5, 4) <= 2.0  # the same empty bucket
    finally:
        await first.close()
        await second.close()


async def test_redis_buckets_expire_once_full_again(redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url)
    client: Redis = Redis.from_url(redis_url)
    key = f"user:{secrets.randbelow(10**12)}"
    try:
        await limiter.take(key, 10.0, 5)
        ttl = await client.pttl(f"nazh:rate:{key}")
        assert 0 < ttl <= 1500  # 5 tokens at 10/s refill in 0.5 s, plus a second
    finally:
        await limiter.close()
        await client.aclose()


async def test_with_redis_down_each_replica_limits_locally_and_says_so_once(
        caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        taken = [await limiter.take("user:1", 0.5, 2) for _ in range(3)]
    finally:
        await limiter.close()
    assert taken[:2] == [0.0, 0.0]
    assert taken[2] == pytest.approx(2.0, abs=0.1)
    warnings = [r.message for r in caplog.records if "Redis unavailable" in r.message]
    assert len(warnings) == 1
    assert "127.0.0.1:1" not in warnings[0]  # no address (or password) in the log
