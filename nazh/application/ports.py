"""The application's ports: every interface the use cases need from the outside world.

Each port is a small :class:`typing.Protocol`; adapters implement them (SQL storage, Prometheus,
the system clock, Pillow, numpy, the Discord gateway) and tests use hand-written fakes.
The domain's own port, :class:`~nazh.domain.rolling.RandomSource`, stays in the domain.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.application.metrics import FailureReason, RollSource
    from nazh.application.odds import OddsAnswer
    from nazh.application.roll_log import ChainedEntry, ChainScan, LogEntry
    from nazh.application.saved_rolls import SavedRoll, Shelf
    from nazh.application.server_settings import ServerSettings, SettingChange
    from nazh.application.status import GatewaySnapshot
    from nazh.application.table import RollRecord
    from nazh.domain.odds import Factor, RollOdds
    from nazh.domain.results import RollResult


class Clock(Protocol):
    """The current time (UTC, timezone-aware)."""

    def now(self) -> datetime:
        """Now."""
        ...


# -- rolls and the roll log -----------------------------------------------------------------


class RollStore(Protocol):
    """Where rolls are kept while their buttons may still be pressed."""

    async def get(self, roll_id: str) -> RollRecord | None:
        """The record, or ``None`` when it is unknown or expired."""
        ...

    async def save(self, record: RollRecord) -> None:
        """Keep a record: a new roll, or an amendment (the stored version + 1).

        Raises:
            RollConflictError: a stored version exists and is not ``record.version - 1``.
        """
        ...


class RollCache(RollStore, Protocol):
    """A :class:`RollStore` in this process's memory, in front of the roll log."""

    async def revert(self, record: RollRecord, previous: RollRecord | None) -> None:
        """Undo the save of ``record`` (it could not be logged): keep ``previous`` again, or
        nothing; no change when another save came after it."""
        ...

    async def drop_stale(self, roll_id: str, version: int) -> None:
        """Forget the roll if the record kept here is older than ``version`` (another process
        made that version: the next read goes to the log)."""
        ...


class RollLog(Protocol):
    """Appends records, chaining each after the last of its channel."""

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Store the entries in order; an entry already stored (same ``entry_id``) is skipped,
        so a retried batch never writes a record twice."""
        ...


class Journal(Protocol):
    """A local, crash-safe copy of the records not yet in the roll log.

    Its methods may block on a disk; the log writer calls them in a worker thread, except
    :meth:`write` while the disk answers quickly (see ``WriterPolicy.inline_journal``).
    """

    def recover(self) -> list[LogEntry]:
        """Open the journal; return the records earlier runs left in it, oldest first."""
        ...

    def recovered(self) -> None:
        """The records :meth:`recover` returned are in the roll log: forget them."""
        ...

    def write(self, entries: Sequence[LogEntry]) -> None:
        """Keep the records durably: when this returns they survive a crash.

        Raises:
            OSError: they could not be kept.
        """
        ...

    def settle(self) -> None:
        """Everything written so far is in the roll log (the journal may forget it)."""
        ...

    @property
    def settle_due(self) -> bool:
        """Whether :meth:`settle` would do anything now; answered at once, without the disk
        (the writer skips the hand-over to a worker thread when it would not)."""
        ...

    def close(self, *, settled: bool) -> None:
        """Stop; ``settled``: everything written is in the roll log."""
        ...


class RollHistory(Protocol):
    """Reads the log for people."""

    async def recent(self, channel_id: int, *, viewer_id: int, user_id: int | None = None,
                     limit: int = 10, offset: int = 0) -> list[ChainedEntry]:
        """The channel's newest rolls (the latest record of each), newest first: public ones,
        and private ones only when ``viewer_id`` rolled them; ``user_id`` filters by roller."""
        ...

    async def trail(self, roll_id: str) -> list[ChainedEntry]:
        """Every record of one roll, oldest first (empty when unknown)."""
        ...


class ChainReader(Protocol):
    """Reads whole chains for verification."""

    async def channels(self) -> list[int]:
        """Every channel with records."""
        ...

    async def chain(self, channel_id: int, *, upto_seq: int | None = None) -> list[ChainedEntry]:
        """The channel's records in sequence order (up to ``upto_seq`` when given)."""
        ...

    async def head(self, channel_id: int) -> tuple[int, str] | None:
        """The sequence number and hash of the channel's last appended record, as recorded
        apart from the records (so removing records from the end is detected)."""
        ...

    async def scan(self, channel_id: int, *, start: tuple[int, str] | None = None,
                   upto_seq: int | None = None, head: tuple[int, str] | None = None,
                   watch: frozenset[int] = frozenset()) -> ChainScan:
        """Check the channel's records after ``start`` (a signed checkpoint's seq and hash;
        ``None``: the whole chain) up to ``upto_seq``, and against ``head`` when given,
        without holding the chain in memory."""
        ...


class LogRetention(Protocol):
    """Deletes old records, keeping every chain verifiable."""

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete records older than ``cutoff``; each channel's last deleted record is kept
        as an anchor (its sequence number and hash). Returns how many were deleted."""
        ...


class SavedRollStore(Protocol):
    """Where saved rolls are kept (names are stored lower-cased)."""

    async def list(self, user_id: int) -> list[SavedRoll]:
        """The user's saved rolls, by name."""
        ...

    async def put(self, roll: SavedRoll) -> None:
        """Create or replace a saved roll."""
        ...

    async def delete(self, user_id: int, name: str) -> bool:
        """Remove one; ``False`` when there was none."""
        ...

    async def on_shelf(self, shelf: Shelf) -> builtins.list[SavedRoll]:
        """A channel's or server's saved rolls, by name."""
        ...

    async def put_all(self, rolls: Sequence[SavedRoll]) -> None:
        """Create or replace every one (on any shelves), in one transaction."""
        ...

    async def remove(self, shelf: Shelf, name: str) -> bool:
        """Remove one from a shelf; ``False`` when there was none."""
        ...

    async def rename(self, shelf: Shelf, name: str, new_name: str) -> bool:
        """Rename one (replacing ``new_name`` there), in one transaction; ``False`` when
        there was none."""
        ...

    async def count_in_guild(self, guild_id: int) -> int:
        """Saved rolls on a server's shelf and its channels' shelves."""
        ...


class GuildSettingsStore(Protocol):
    """Where servers' settings and their audit trail are kept."""

    async def get(self, guild_id: int) -> ServerSettings | None:
        """The server's settings, ``None`` when it never set any."""
        ...

    async def put(self, guild_id: int, settings: ServerSettings,
                  changes: Sequence[SettingChange]) -> None:
        """Store the settings and append ``changes`` to the audit trail, in one transaction."""
        ...

    async def changes(self, guild_id: int, limit: int) -> list[SettingChange]:
        """The server's latest changes, newest first."""
        ...


# -- metrics and status -----------------------------------------------------------------------


class RollMetrics(Protocol):
    """Counts rolls and how long answering them took."""

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        """A roll (or an amendment: plot die added, face chosen) was made."""
        ...

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        """A roll was refused (bad notation, a limit) or failed unexpectedly."""
        ...


class KeepMetrics(Protocol):
    """Times how long each roll waits to be durable (its group commit to the journal)."""

    def kept(self, seconds: float) -> None:
        """A roll was made durable after waiting ``seconds``."""
        ...


class InteractionMetrics(Protocol):
    """Counts interactions by kind and outcome, and builder sessions."""

    def interaction(self, kind: str, outcome: str) -> None:
        """An interaction was handled: kind command/component/modal; outcome
        ok/rejected/refused/busy/expired/dropped/
        limited/error."""
        ...

    def builder_opened(self) -> None:
        """A builder was opened."""
        ...


class GatewayProbe(Protocol):
    """Reads the state of the connection to the chat platform."""

    def snapshot(self) -> GatewaySnapshot:
        """The state now."""
        ...


# -- odds ---------------------------------------------------------------------------------------


class FloatConvolution(Protocol):
    """A fast floating-point convolution, for pools too big to be counted exactly."""

    def convolve(self, factors: Sequence[Factor]) -> Sequence[float]:
        """``P(sum = k)`` for ``k = 0 .. span`` of the factors' sum, each within ``1e-12``."""
        ...


class OddsWorker(Protocol):
    """Computes the odds of a validated roll and their chart away from the event loop."""

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None) -> OddsAnswer:
        """The odds and their chart.

        Raises:
            ServiceBusyError: too much of this work is waiting already.
        """
        ...


class OddsChart(Protocol):
    """Draws the distribution of each pool of a roll."""

    def render(self, odds: RollOdds) -> bytes:
        """The chart as PNG bytes."""
        ...


class RateLimiter(Protocol):
    """Token buckets by key: each refills at a rate up to a burst."""

    async def take(self, key: str, rate: float, burst: int) -> float:
        """Take one token from bucket ``key`` (refilled ``rate`` tokens per second, holding at
        most ``burst``): ``0.0`` if one was taken, else the seconds until one will be there."""
        ...
