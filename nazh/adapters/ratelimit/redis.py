"""Token buckets in Redis shared by every replica: one atomic script per take, on Redis's clock."""

from __future__ import annotations

import logging
import time

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from nazh.adapters.ratelimit.local import LocalRateLimiter

# Redis is on the answer's path: a short timeout, then fail open to a local limiter.
TIMEOUT_SECONDS = 0.1
REPORT_EVERY_SECONDS = 60.0
PREFIX = "nazh:rate:"

TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(bucket[1]) or burst
local stamp = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""

log = logging.getLogger(__name__)


class RedisRateLimiter:
    """The :class:`~nazh.application.rate_limits.limits.RateLimiter` port in Redis (``redis://…``)."""

    def __init__(self, url: str, fallback: LocalRateLimiter | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._redis: Redis = Redis.from_url(url, socket_timeout=timeout,
                                            socket_connect_timeout=timeout)
        self._script: AsyncScript = self._redis.register_script(TAKE)
        self._fallback = fallback or LocalRateLimiter()
        self._reported = -REPORT_EVERY_SECONDS

    async def take(self, key: str, rate: float, burst: int) -> float:
        """Take one token from the shared bucket ``key`` (the local one if Redis fails)."""
        try:
            wait = await self._script(keys=[PREFIX + key], args=[repr(rate), burst])
        except (RedisError, OSError) as error:
            now = time.monotonic()
            if now - self._reported >= REPORT_EVERY_SECONDS:
                self._reported = now
                log.warning("rate limits: Redis unavailable (%s); limiting in this process "
                            "only", type(error).__name__)
            return await self._fallback.take(key, rate, burst)
        return float(wait)

    async def close(self) -> None:
        """Close the connections."""
        await self._redis.aclose()
