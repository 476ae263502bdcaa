"""Interaction ids claimed in Redis by every replica: one expiring key each, atomic scripts."""

from __future__ import annotations

from datetime import datetime

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from nazh.application.admission.once import Claim, KeptAnswer, LedgerUnavailableError

# One key per id, expiring with its claim; an empty value is a claim being handled, else the kept
# answer. A slow Redis counts as unavailable: the application then claims in process.
TIMEOUT_SECONDS = 0.25
PREFIX = "nazh:interaction:"

CLAIM = """
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], '', 'PX', ARGV[1])
return false
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == '' then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisInteractionLedger:
    """The :class:`~nazh.application.admission.once.InteractionLedger` port in Redis."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self._redis: Redis = Redis.from_url(url, socket_timeout=timeout,
                                            socket_connect_timeout=timeout)
        self._claim: AsyncScript = self._redis.register_script(CLAIM)
        self._release: AsyncScript = self._redis.register_script(RELEASE)

    async def claim(self, interaction_id: int, now: datetime,
                    until: datetime) -> Claim | KeptAnswer:
        """Claim a free id (it expires at ``until``), or say what its claim holds."""
        lasting = max(1, int((until - now).total_seconds() * 1000))
        try:
            held = await self._claim(keys=[_key(interaction_id)], args=[lasting])
        except (RedisError, OSError) as error:
            raise _unavailable("claim", error) from None
        if held is None:
            return Claim.CLAIMED
        return unpacked(held) or Claim.PENDING

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        """Keep the answer with the claim, which keeps its expiry."""
        try:
            await self._redis.set(_key(interaction_id), packed(answer), xx=True, keepttl=True)
        except (RedisError, OSError) as error:
            raise _unavailable("keep", error) from None

    async def release(self, interaction_id: int) -> None:
        """Forget a claim without a kept answer."""
        try:
            await self._release(keys=[_key(interaction_id)])
        except (RedisError, OSError) as error:
            raise _unavailable("release", error) from None

    async def prune(self, now: datetime) -> int:
        """Nothing: Redis expires the keys itself."""
        return 0

    async def close(self) -> None:
        """Close the connections."""
        await self._redis.aclose()


def packed(answer: KeptAnswer) -> bytes:
    """An answer as stored: ``status``, newline, content type, newline, body."""
    return b"%d\n%s\n%s" % (answer.status, answer.content_type.encode(), answer.body)


def unpacked(value: bytes) -> KeptAnswer | None:
    """The answer a stored value holds (``None``: empty, a claim being handled)."""
    if not value:
        return None
    status, content_type, body = value.split(b"\n", 2)
    return KeptAnswer(int(status), content_type.decode(), body)


def _key(interaction_id: int) -> str:
    return f"{PREFIX}{interaction_id}"


def _unavailable(what: str, error: Exception) -> LedgerUnavailableError:
    return LedgerUnavailableError(f"{what} in Redis failed: {type(error).__name__}")
