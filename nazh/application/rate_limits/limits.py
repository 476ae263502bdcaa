"""Per-user and per-guild rate limits: one user, or one server, cannot take all of Nazh.

Each limit is a token bucket behind the :class:`RateLimiter` port
(shared by every replica through Redis, or local to the process): ``per_minute`` interactions
a minute on average, up to ``burst`` at once. An interaction over a limit is answered, at once
and privately, with how long to wait.
"""

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
        """The limit applies."""
        return self.per_minute > 0


class RateLimits:
    """The user's bucket, then the guild's: the first refusal wins."""

    def __init__(self, limiter: RateLimiter, user: Limit, guild: Limit) -> None:
        self._limiter = limiter
        self._user = user
        self._guild = guild

    async def refusal(self, user_id: int, guild_id: int | None) -> str | None:
        """``None`` if ``user_id`` (in ``guild_id``, if any) may go on; else the message that
        tells them how long to wait."""
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
        """Take one token from bucket ``key`` (refilled ``rate`` tokens per second, holding at
        most ``burst``): ``0.0`` if one was taken, else the seconds until one will be there."""
        ...
