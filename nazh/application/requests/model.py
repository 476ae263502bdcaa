"""A request as kept (its value, place, card and version) and its change log's entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.domain.request import Request


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as kept."""

    request_id: str
    guild_id: int
    channel_id: int
    requested_by: int
    request: Request
    created_at: datetime
    updated_at: datetime
    version: int = 1  # a change is kept only from the version it was read at
    card_message_id: int | None = None  # None: not posted yet


@dataclass(frozen=True, slots=True)
class RequestEntry:
    """One change of a request, as its log keeps it."""

    request_id: str
    user_id: int
    at: datetime
    kind: str  # asked, claimed, rolled, released, closed, revealed, card
    detail: str = ""  # in words: the roll's id, the skill asked
