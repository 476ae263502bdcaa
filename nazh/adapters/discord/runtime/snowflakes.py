"""When an interaction was created, read straight from its snowflake."""

from __future__ import annotations

DISCORD_EPOCH_SECONDS = 1_420_070_400
"""The first second of 2015 (UTC), where Discord's snowflake timestamps start."""


def created_seconds(snowflake: int) -> float:
    """When ``snowflake`` was made, in seconds since the Unix epoch (no ``datetime`` built)."""
    # hikari's created_at builds a datetime on every access, and the runtime wants seconds several
    # times per interaction.
    return (int(snowflake) >> 22) / 1000 + DISCORD_EPOCH_SECONDS
