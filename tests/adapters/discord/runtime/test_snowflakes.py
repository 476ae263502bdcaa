"""An interaction's creation time read from its snowflake, as hikari reads it."""

from __future__ import annotations

from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.runtime.snowflakes import created_seconds


@pytest.mark.parametrize("snowflake", [
    175928847299117063,  # Discord's documented example
    1574783985702142100, 1795528455171 << 22, (1 << 22) - 1, 1 << 22, (1 << 63) - 1])
def test_the_creation_time_is_hikari_s(snowflake: int) -> None:
    expected = hikari.Snowflake(snowflake).created_at.timestamp()
    assert created_seconds(hikari.Snowflake(snowflake)) == pytest.approx(expected, abs=1e-6)


def test_a_snowflake_made_now_was_created_now() -> None:
    now = datetime.now(UTC)
    assert created_seconds(hikari.Snowflake.from_datetime(now)) == pytest.approx(
        now.timestamp(), abs=0.001)
