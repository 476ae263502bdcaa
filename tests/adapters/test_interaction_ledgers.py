"""The interaction ledgers, one contract: in memory, in SQL (SQLite, and PostgreSQL when
``NAZH_TEST_POSTGRES_URL`` is set) and in Redis (when ``NAZH_TEST_REDIS_URL`` is set). Two
ledgers on one database or one Redis are two replicas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from nazh.application.admission.once import (
    INTERACTION_LIFETIME,
    Claim,
    KeptAnswer,
)
from tests.adapters.ledger_kit import (
    ANSWER,
    POSTGRESQL,
    REDIS,
    T0,
    UNTIL,
    Ledgers,
    ledgers_on,
    new_id,
)

MULTIPART = KeptAnswer(200, "multipart/form-data; boundary=abc",
                       b"--abc\r\n\x00\xff\n\n binary\r\n--abc--\r\n")


@pytest.fixture(params=["memory", "sqlite", POSTGRESQL, REDIS])
async def replicas(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Ledgers]:
    """Ledgers on every store."""
    async with ledgers_on(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=["memory", "sqlite", POSTGRESQL])
async def clocked(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Ledgers]:
    """Ledgers whose claims end by the time they are given (Redis ends them by its own)."""
    async with ledgers_on(request.param, tmp_path) as made:
        yield made


async def test_the_first_claim_wins_and_later_ones_find_it_pending(replicas: Ledgers) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    assert await first.claim(interaction, T0, UNTIL) is Claim.CLAIMED
    assert await second.claim(interaction, T0, UNTIL) is Claim.PENDING
    assert await first.claim(interaction, T0, UNTIL) is Claim.PENDING
    assert await second.claim(new_id(), T0, UNTIL) is Claim.CLAIMED


@pytest.mark.parametrize("answer", [ANSWER, MULTIPART], ids=["json", "multipart"])
async def test_a_kept_answer_is_found_byte_for_byte(replicas: Ledgers,
                                                    answer: KeptAnswer) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.keep(interaction, answer)
    assert await second.claim(interaction, T0, UNTIL) == answer
    await second.release(interaction)  # a kept answer is never released
    assert await first.claim(interaction, T0, UNTIL) == answer


async def test_a_released_claim_is_claimed_again(replicas: Ledgers) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.release(interaction)
    assert await second.claim(interaction, T0, UNTIL) is Claim.CLAIMED


async def test_concurrent_claims_of_one_id_make_one_winner(replicas: Ledgers) -> None:
    ledgers = [replicas() for _ in range(8)]
    interaction = new_id()
    found = await asyncio.gather(*(ledger.claim(interaction, T0, UNTIL) for ledger in ledgers))
    assert found.count(Claim.CLAIMED) == 1
    assert found.count(Claim.PENDING) == 7


async def test_a_claim_lasts_until_its_end_then_the_id_is_free(clocked: Ledgers) -> None:
    first, second = clocked(), clocked()
    interaction, other = new_id(), new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.keep(interaction, ANSWER)
    await first.claim(other, T0 + timedelta(minutes=1), UNTIL + timedelta(minutes=1))
    just_before = UNTIL - timedelta(microseconds=1)
    assert await second.claim(interaction, just_before, just_before + INTERACTION_LIFETIME) \
        == ANSWER
    assert await second.prune(just_before) == 0
    assert await second.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) \
        is Claim.CLAIMED  # over: a fresh claim, without the old answer
    assert await first.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING


async def test_prune_forgets_the_claims_that_are_over(clocked: Ledgers) -> None:
    ledger = clocked()
    old, young = new_id(), new_id()
    await ledger.claim(old, T0, UNTIL)
    await ledger.keep(old, ANSWER)
    await ledger.claim(young, T0 + timedelta(minutes=5), UNTIL + timedelta(minutes=5))
    assert await ledger.prune(UNTIL) == 1
    assert await ledger.claim(young, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING
    assert await ledger.prune(UNTIL + timedelta(minutes=5)) == 1


async def test_an_id_claimed_again_is_not_forgotten_with_its_first_claim(
        clocked: Ledgers) -> None:
    ledger = clocked()
    interaction = new_id()
    await ledger.claim(interaction, T0, UNTIL)
    await ledger.release(interaction)
    later = T0 + timedelta(minutes=5)
    assert await ledger.claim(interaction, later, later + INTERACTION_LIFETIME) is Claim.CLAIMED
    assert await ledger.prune(UNTIL) == 0
    assert await ledger.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING


