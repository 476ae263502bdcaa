"""Per-user and per-server rate limits: token buckets behind the :class:`RateLimiter` port."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    pass


import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """``per_minute`` on average, ``burst`` at once; ``per_minute`` 0 turns the limit off."""

    per_minute: int
    burst: int

    @property
    def on(self) -> bool:
        return self.per_minute > 0


class RateLimits:
    """The user's bucket, then the guild's: the first refusal wins."""

    def __init__(self, limiter: RateLimiter, user: Limit, guild: Limit) -> None:
        self._limiter = limiter
        self._user = user
        self._guild = guild

    async def refusal(self, user_id: int, guild_id: int | None) -> str | None:
        """``None`` if ``user_id`` (in ``guild_id``) may go on; else how long to wait, in words."""
        if self._user.on:
            wait = await self._take(f"user:{user_id}", self._user)
            if wait:
                return (f"Slow down: at most {self._user.per_minute} rolls and clicks a minute "
                        f"per player. Try again in {_seconds(wait)}.")
        if guild_id is not None and self._guild.on:
            wait = await self._take(f"guild:{guild_id}", self._guild)
            if wait:
                return (f"Slow down: this server is using Nazh faster than "
                        f"{self._guild.per_minute} times a minute. Try again in "
                        f"{_seconds(wait)}.")
        return None

    async def _take(self, key: str, limit: Limit) -> float:
        return await self._limiter.take(key, limit.per_minute / 60, max(1, limit.burst))


def _seconds(wait: float) -> str:
    whole = max(1, math.ceil(wait))
    return f"{whole} second{'s' if whole != 1 else ''}"


class RateLimiter(Protocol):
    """Token buckets by key: each refills at a rate up to a burst."""

    async def take(self, key: str, rate: float, burst: int) -> float:
        """Take a token from bucket ``key`` (``rate`` a second, ``burst`` most); else the wait."""
        ...
