"""A request as it is kept: the domain's value, where it was asked, its card, its version
(compare-and-swap); and the entries of its change log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.domain.request import Request


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as kept.

    Attributes:
        request_id: Its id (short, random).
        guild_id: The server it was asked in.
        channel_id: Its channel.
        requested_by: The GM who asked.
        request: The request itself.
        created_at: When it was asked.
        updated_at: When it last changed.
        version: Grows with each change; a change is kept only from the version it was read at.
        card_message_id: Its card's message (``None``: not posted yet).
    """

    request_id: str
    guild_id: int
    channel_id: int
    requested_by: int
    request: Request
    created_at: datetime
    updated_at: datetime
    version: int = 1
    card_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class RequestEntry:
    """One change of a request, as its log keeps it.

    Attributes:
        request_id: The request.
        user_id: Who made the change.
        at: When.
        kind: What (``asked``, ``claimed``, ``rolled``, ``released``, ``closed``,
            ``revealed``, ``card``).
        detail: More, in words (the roll's id, the skill asked).
    """

    request_id: str
    user_id: int
    at: datetime
    kind: str
    detail: str = ""
