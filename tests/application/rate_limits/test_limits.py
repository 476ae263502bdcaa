"""Per-user then per-guild limits, with the wait in the message."""

from __future__ import annotations

from nazh.adapters.ratelimit.local import LocalRateLimiter
from nazh.application.rate_limits.limits import Limit, RateLimits
from tests.app_fakes import Seconds


async def test_a_user_over_the_limit_is_told_how_long_to_wait() -> None:
    clock = Seconds()
    limits = RateLimits(LocalRateLimiter(clock), user=Limit(30, 2), guild=Limit(0, 1))
    assert await limits.refusal(1, 10) is None
    assert await limits.refusal(1, 10) is None
    assert await limits.refusal(1, 10) == (
        "Slow down: at most 30 rolls and clicks a minute per player. Try again in 2 seconds.")
    assert await limits.refusal(2, 10) is None  # another player
    clock.now += 2
    assert await limits.refusal(1, 10) is None


async def test_a_guild_over_its_limit_is_refused_for_every_user() -> None:
    limits = RateLimits(LocalRateLimiter(Seconds()), user=Limit(60, 5), guild=Limit(60, 3))
    assert [await limits.refusal(user, 10) for user in range(3)] == [None] * 3
    refusal = await limits.refusal(4, 10)
    assert refusal == ("Slow down: this server is using Nazh faster than 60 times a minute. "
                       "Try again in 1 second.")
    assert await limits.refusal(4, 11) is None  # another guild
    assert await limits.refusal(5, None) is None  # a DM has no guild limit


async def test_limits_at_zero_are_off() -> None:
    limits = RateLimits(LocalRateLimiter(Seconds()), user=Limit(0, 1), guild=Limit(0, 1))
    assert [await limits.refusal(1, 10) for _ in range(100)] == [None] * 100
