"""An endeavor as it is kept: the domain's value, where it runs, its card and its version
(compare-and-swap)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.domain.endeavor import Endeavor


@dataclass(frozen=True, slots=True)
class EndeavorRecord:
    """One endeavor as kept.

    Attributes:
        endeavor_id: Its id (short, random).
        guild_id: The server it runs in.
        channel_id: Its channel (the newest running one there takes the counts).
        started_by: The GM who started it.
        endeavor: The endeavor and its history.
        created_at: When it started.
        updated_at: When it last changed.
        version: Grows with each change; a change is kept only from the version it was read at.
        card_message_id: Its card's message (``None``: not posted yet).
    """

    endeavor_id: str
    guild_id: int
    channel_id: int
    started_by: int
    endeavor: Endeavor
    created_at: datetime
    updated_at: datetime
    version: int = 1
    card_message_id: int | None = None
