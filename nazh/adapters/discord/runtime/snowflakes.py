"""When an interaction was created, read straight from its snowflake.

hikari's ``created_at`` builds a timezone-aware ``datetime`` on every access, and the runtime
wants seconds since the epoch (admission, the deferral timer, the deadline check before each
initial response): several conversions per interaction, for a shift and a division.
"""

from __future__ import annotations

DISCORD_EPOCH_SECONDS = 1_420_070_400
"""The first second of 2015 (UTC), where Discord's snowflake timestamps start."""


def created_seconds(snowflake: int) -> float:
    """When ``snowflake`` was made, in seconds since the Unix epoch (what hikari's
    ``created_at.timestamp()`` gives, without building a ``datetime``)."""
    return (int(snowflake) >> 22) / 1000 + DISCORD_EPOCH_SECONDS
