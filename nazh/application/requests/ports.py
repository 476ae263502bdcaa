"""Where requests and their change logs are kept (shared by replicas: the database decides)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from nazh.application.requests.model import RequestEntry, RequestRecord


class RequestStore(Protocol):
    """Requests, their logs and the once keys of their changes."""

    # Every write is one transaction: a record changes only from the version it was read at, with
    # its log entries and once key or not at all.
    async def get(self, request_id: str) -> RequestRecord | None:
        ...

    async def create(self, record: RequestRecord, entries: Sequence[RequestEntry]) -> None:
        ...

    async def update(self, record: RequestRecord, entries: Sequence[RequestEntry], *,
                     once: str | None = None) -> bool:
        """Replace the request at ``record.version - 1``, keep ``entries`` (``False``: not kept)."""
        ...

    async def done(self, once: str) -> bool:
        ...

    async def log(self, request_id: str, limit: int) -> list[RequestEntry]:
        """Its latest log entries, newest first."""
        ...
