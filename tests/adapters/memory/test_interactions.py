"""The in-memory interaction ledger's own behaviour: its answers are bounded, an id costs about
a hundred bytes (the contract all ledgers share: tests/adapters/test_interaction_ledgers.py)."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.application.admission.once import (
    INTERACTION_LIFETIME,
    Claim,
)
from tests.adapters.ledger_kit import (
    ANSWER,
    T0,
    UNTIL,
    new_id,
)


async def test_answers_in_memory_are_bounded_the_ids_still_remembered() -> None:
    ledger = LocalInteractionLedger(max_answer_bytes=3 * len(ANSWER.body))
    ids = [new_id() for _ in range(5)]
    for interaction in ids:
        await ledger.claim(interaction, T0, UNTIL)
        await ledger.keep(interaction, ANSWER)
    found = [await ledger.claim(interaction, T0, UNTIL) for interaction in ids]
    assert found == [Claim.PENDING, Claim.PENDING, ANSWER, ANSWER, ANSWER]
    assert await ledger.prune(UNTIL) == 5
    assert len(ledger) == 0


async def test_in_memory_an_id_costs_about_a_hundred_bytes() -> None:
    ledger = LocalInteractionLedger()
    ids = [new_id() for _ in range(20_000)]
    tracemalloc.start()
    try:
        for n, interaction in enumerate(ids):  # 300 a second
            now = T0 + timedelta(seconds=n / 300)
            await ledger.claim(interaction, now, now + INTERACTION_LIFETIME)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert used / len(ids) < 100  # the ids themselves are the caller's
