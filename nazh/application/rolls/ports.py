"""Where the roll actions keep rolls while their buttons may be pressed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.application.log.chain import LogEntry
    from nazh.application.rolls.model import RollRecord


class RollStore(Protocol):
    """Where rolls are kept while their buttons may still be pressed."""

    async def get(self, roll_id: str) -> RollRecord | None:
        """The record, or ``None`` when it is unknown or expired."""
        ...

    async def save(self, record: RollRecord) -> None:
        """Keep a record: a new roll, or an amendment (the stored version + 1, else a conflict)."""
        ...


class RollCache(RollStore, Protocol):
    """A :class:`RollStore` in this process's memory, in front of the roll log."""

    async def save(self, record: RollRecord, entry: LogEntry | None = None) -> None:
        """:meth:`RollStore.save`; ``entry``: its log record (a cache may keep that encoding)."""
        ...

    async def revert(self, record: RollRecord, previous: RollRecord | None) -> None:
        """Undo the save of ``record`` (not logged): keep ``previous`` again, unless saved since."""
        ...

    async def drop_stale(self, roll_id: str, version: int) -> None:
        """Forget the roll if the record kept here is older than ``version``: read the log next."""
        ...
