"""The encounter adapter tests' shared fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.adapters.discord.encounters.kit import Table


@pytest.fixture
async def table() -> AsyncIterator[Table]:
    """The encounter's classes; closed at the end (their waiting card edits sent)."""
    kept = Table()
    yield kept
    await kept.close()
