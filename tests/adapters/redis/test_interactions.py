"""The Redis interaction ledger's own behaviour: its keys expire with the claim, an unreachable
Redis is unavailable (the contract all ledgers share: test_interaction_ledgers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.asyncio import Redis

from nazh.adapters.redis.interactions import PREFIX, RedisInteractionLedger
from nazh.application.admission.once import (
    LedgerUnavailableError,
)
from tests.adapters.ledger_kit import (
    ANSWER,
    REDIS_URL,
    T0,
    UNTIL,
    ledgers_on,
    new_id,
)


@pytest.mark.skipif(REDIS_URL is None, reason="NAZH_TEST_REDIS_URL unset")
async def test_redis_keys_expire_with_the_claim(tmp_path: Path) -> None:
    assert REDIS_URL is not None
    async with ledgers_on("redis", tmp_path) as replicas:
        ledger = replicas()
        interaction = new_id()
        await ledger.claim(interaction, T0, UNTIL)
        await ledger.keep(interaction, ANSWER)
        client: Redis = Redis.from_url(REDIS_URL)
        try:
            left = await client.pttl(f"{PREFIX}{interaction}")
        finally:
            await client.aclose()
    assert 14 * 60 * 1000 < left <= 15 * 60 * 1000  # keeping the answer kept the expiry


async def test_an_unreachable_redis_is_unavailable() -> None:
    ledger = RedisInteractionLedger("redis://127.0.0.1:1/0")
    try:
        with pytest.raises(LedgerUnavailableError, match="claim in Redis failed"):
            await ledger.claim(new_id(), T0, UNTIL)
    finally:
        await ledger.close()
