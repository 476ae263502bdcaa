"""Token buckets in this process's memory (a single replica, or Redis unreachable)."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_BUCKETS = 100_000
"""Buckets kept at most; past it, the full ones are forgotten, then the oldest."""


class LocalRateLimiter:
    """The :class:`~nazh.application.rate_limits.limits.RateLimiter` port in memory."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 max_buckets: int = MAX_BUCKETS) -> None:
        self._clock = clock
        self._max_buckets = max_buckets
        self._buckets: dict[str, tuple[float, float, float, int]] = {}
        """key -> (tokens, when counted, rate, burst)"""

    async def take(self, key: str, rate: float, burst: int) -> float:
        """Take one token from bucket ``key``; the wait until one is there if none is."""
        now = self._clock()
        tokens, stamp, _, _ = self._buckets.pop(key, (float(burst), now, rate, burst))
        tokens = min(float(burst), tokens + (now - stamp) * rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / rate
        self._buckets[key] = (tokens, now, rate, burst)  # most recent last
        if len(self._buckets) > self._max_buckets:
            self._forget(now)
        return wait

    async def close(self) -> None:
        """Nothing to release (the buckets live in this process)."""

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget(self, now: float) -> None:
        self._buckets = {key: bucket for key, bucket in self._buckets.items()
                         if bucket[0] + (now - bucket[1]) * bucket[2] < bucket[3]}
        while len(self._buckets) > self._max_buckets:
            del self._buckets[next(iter(self._buckets))]
