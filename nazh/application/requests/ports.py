"""Where requests and their change logs are kept (SQL in production, shared by every replica:
the database decides between two changes made at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from nazh.application.requests.model import RequestEntry, RequestRecord


class RequestStore(Protocol):
    """Requests, their logs and the once keys of their changes.

    Every write is one transaction: a record changes only from the version it was read at, and
    its log entries (and once key) are kept with it or not at all.
    """

    async def get(self, request_id: str) -> RequestRecord | None:
        """A request by id (``None``: no such id)."""
        ...

    async def create(self, record: RequestRecord, entries: Sequence[RequestEntry]) -> None:
        """Keep a new request and its first entries."""
        ...

    async def update(self, record: RequestRecord, entries: Sequence[RequestEntry], *,
                     once: str | None = None) -> bool:
        """Replace the request kept at version ``record.version - 1`` and keep ``entries``
        (and ``once``); ``False`` and nothing kept when another version is kept, or a change
        with the key ``once`` was."""
        ...

    async def done(self, once: str) -> bool:
        """Whether a change with the key ``once`` was kept."""
        ...

    async def log(self, request_id: str, limit: int) -> list[RequestEntry]:
        """Its latest log entries, newest first."""
        ...
