"""An endeavor as kept: the domain's value, where it runs, its card and its version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.domain.endeavor import Endeavor


@dataclass(frozen=True, slots=True)
class EndeavorRecord:
    """One endeavor as kept."""

    endeavor_id: str
    guild_id: int
    channel_id: int  # the newest running one there takes the counts
    started_by: int
    endeavor: Endeavor
    created_at: datetime
    updated_at: datetime
    version: int = 1  # a change is kept only from the version it was read at
    card_message_id: int | None = None  # None: not posted yet
