"""The roll log's ports: the database, the journal, the readers, retention, metrics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.application.log.chain import ChainedEntry, ChainScan, LogEntry


class RollLog(Protocol):
    """Appends records, chaining each after the last of its channel."""

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Store the entries in order, skipping one stored already (same ``entry_id``)."""
        ...

    async def sync(self) -> bool:
        """Make every append that returned survive a power cut (``False``: not confirmed now)."""
        # the journal then keeps its copy of the records, and is emptied a later time
        ...


class Journal(Protocol):
    """A local, crash-safe copy of the records not yet in the roll log."""

    # Its methods may block on a disk: the writer calls them in a worker thread, except write()
    # while the disk answers quickly (WriterPolicy.inline_journal).
    def recover(self) -> list[LogEntry]:
        """Open the journal; return the records earlier runs left in it, oldest first."""
        ...

    def recovered(self) -> None:
        """The records :meth:`recover` returned are in the roll log: forget them."""
        ...

    def write(self, entries: Sequence[LogEntry]) -> None:
        """Keep the records durably: when this returns they survive a crash (else OSError)."""
        ...

    def settle(self) -> None:
        """Everything written so far is in the roll log (the journal may forget it)."""
        ...

    @property
    def settle_due(self) -> bool:
        """Whether :meth:`settle` would do anything now, answered without the disk."""
        # the writer skips the hand-over to a worker thread when it would not
        ...

    def close(self, *, settled: bool) -> None:
        """Stop; ``settled``: everything written is in the roll log."""
        ...


class RollHistory(Protocol):
    """Reads the log for people."""

    async def recent(self, channel_id: int, *, viewer_id: int, user_id: int | None = None,
                     limit: int = 10, offset: int = 0) -> list[ChainedEntry]:
        """The channel's newest rolls: public ones, and ``viewer_id``'s private ones."""
        ...

    async def trail(self, roll_id: str) -> list[ChainedEntry]:
        """Every record of one roll, oldest first (empty when unknown)."""
        ...


class ChainReader(Protocol):
    """Reads whole chains for verification."""

    async def channels(self) -> list[int]:
        ...

    async def chain(self, channel_id: int, *, upto_seq: int | None = None) -> list[ChainedEntry]:
        """The channel's records in sequence order (up to ``upto_seq`` when given)."""
        ...

    async def head(self, channel_id: int) -> tuple[int, str] | None:
        """The seq and hash of the channel's last appended record, recorded apart."""
        # kept apart from the records, so removing records from the end is detected
        ...

    async def scan(self, channel_id: int, *, start: tuple[int, str] | None = None,
                   upto_seq: int | None = None, head: tuple[int, str] | None = None,
                   watch: frozenset[int] = frozenset()) -> ChainScan:
        """Check the channel's records after ``start`` up to ``upto_seq``, streamed."""
        ...


class LogRetention(Protocol):
    """Deletes old records, keeping every chain verifiable."""

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete records older than ``cutoff``, each channel's last kept as an anchor; how many."""
        ...


class KeepMetrics(Protocol):
    """Times how long each roll waits to be durable (its group commit to the journal)."""

    def kept(self, seconds: float) -> None:
        """A roll was made durable after waiting ``seconds``."""
        ...
