"""Where endeavors are kept (SQL in production, shared by every replica)."""

from __future__ import annotations

from typing import Protocol

from nazh.application.endeavors.model import EndeavorRecord


class EndeavorStore(Protocol):
    """Endeavors; every write one transaction, a change kept only from the version read."""

    async def get(self, endeavor_id: str) -> EndeavorRecord | None:
        ...

    async def running_in(self, channel_id: int) -> EndeavorRecord | None:
        """The channel's newest endeavor that has not ended (``None``: none)."""
        ...

    async def running_channels(self) -> frozenset[int]:
        """The channels where an endeavor runs (one read for them all)."""
        ...

    async def create(self, record: EndeavorRecord) -> None:
        ...

    async def update(self, record: EndeavorRecord) -> bool:
        """Replace the endeavor at ``record.version - 1`` (``False``: another version is kept)."""
        ...
