"""The SQL interaction ledger's own behaviour: an unreachable database is unavailable (the
contract all ledgers share: tests/adapters/test_interaction_ledgers.py)."""

from __future__ import annotations

import pytest

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.interactions import SqlInteractionLedger
from nazh.application.admission.once import (
    LedgerUnavailableError,
)
from tests.adapters.ledger_kit import (
    T0,
    UNTIL,
    new_id,
)


async def test_an_unreachable_database_is_unavailable() -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none")
    try:
        with pytest.raises(LedgerUnavailableError, match="claim in the database failed"):
            await SqlInteractionLedger(engine).claim(new_id(), T0, UNTIL)
    finally:
        await engine.dispose()
