"""Amendments decided in the one process of an SQLite install: one claim per roll version, a
version the log holds stays taken, the newest claimed record is read back until the log has it
(even by a process whose cache lost the roll), and what the log holds is forgotten later."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.memory.roll_claims import SETTLED, LocalRollClaims
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.writer import LogWriter
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import RollConflictError
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.logged_store import LoggedRollStore, entry_of
from nazh.application.rolls.model import Rolled, Roller, RollRequest, RollStamps
from nazh.application.saved.shelves import SavedRolls
from nazh.domain.errors import PlotDieError
from tests.adapters.storage.support import T0, entry
from tests.app_fakes import FakeClock, FakeRollMetrics
from tests.application.rolls.kit import gm_at


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}")
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def log(engine: AsyncEngine) -> SqlRollLog:
    return SqlRollLog(engine)


@pytest.fixture
def claims(log: SqlRollLog, clock: FakeClock) -> LocalRollClaims:
    return LocalRollClaims(log, clock)


async def test_one_claim_per_version(claims: LocalRollClaims) -> None:
    amended = entry("r1", version=2, kind=EntryKind.PLOT_ADDED, total=20)
    assert await claims.claim(amended) is True
    assert await claims.claim(entry("r1", version=2, total=3)) is False
    assert await claims.claim(amended) is False
    assert await claims.claim(entry("r1", version=3, kind=EntryKind.PLOT_CHOSEN)) is True
    assert await claims.claim(entry("r1", version=2)) is False  # older than the newest
    assert await claims.claim(entry("r2", version=2)) is True


async def test_concurrent_claims_of_one_version_make_one_winner(
        claims: LocalRollClaims) -> None:
    won = await asyncio.gather(*(claims.claim(entry("r1", version=2, total=n))
                                 for n in range(12)))
    assert won.count(True) == 1
    winner = await claims.latest("r1")
    assert winner is not None
    assert winner.result == entry("r1", version=2, total=won.index(True)).result


async def test_the_newest_claim_is_read_back_until_released(claims: LocalRollClaims) -> None:
    second = entry("r1", version=2, kind=EntryKind.DIE_REROLLED, private=True, guild=None)
    assert await claims.latest("r1") is None
    await claims.claim(second)
    assert await claims.latest("r1") is second
    await claims.release(second)
    assert await claims.latest("r1") is None
    assert await claims.claim(entry("r1", version=2, total=4)) is True  # claimed again
    assert await claims.claim(entry("r1", version=1)) is False  # its own version stays taken


async def test_a_release_of_an_older_claim_leaves_the_newer_one(
        claims: LocalRollClaims) -> None:
    second, third = entry("r1", version=2), entry("r1", version=3)
    await claims.claim(second)
    await claims.claim(third)
    await claims.release(second)
    assert await claims.latest("r1") is third


async def test_what_the_log_holds_stays_taken_then_is_forgotten(
        claims: LocalRollClaims, log: SqlRollLog, clock: FakeClock) -> None:
    logged, waiting = entry("r1", version=2), entry("r2", version=2)
    await claims.claim(logged)
    await claims.claim(waiting)
    await claims.append([entry("r1"), logged])  # the writer appends through the claims
    assert [r.entry.version for r in await log.trail("r1")] == [1, 2]
    assert await claims.latest("r1") is None  # the log has it: read from there
    assert await claims.claim(entry("r1", version=2, total=3)) is False
    clock.advance(SETTLED - timedelta(seconds=1))
    assert await claims.prune() == 0
    clock.advance(timedelta(seconds=2))
    assert await claims.prune() == 1
    assert await claims.latest("r2") is waiting  # not in the log: held as long as it takes
    assert await claims.claim(entry("r1", version=3)) is True


async def test_a_failed_append_keeps_the_records_held(claims: LocalRollClaims,
                                                      clock: FakeClock) -> None:
    class Down:
        async def append(self, entries: Sequence[LogEntry]) -> None:
            raise OSError("the database is away")

        async def sync(self) -> bool:
            raise OSError("the database is away")

    held = LocalRollClaims(Down(), clock)
    amended = entry("r1", version=2)
    await held.claim(amended)
    with pytest.raises(OSError, match="away"):
        await held.append([amended])
    clock.advance(SETTLED * 2)
    assert await held.prune() == 0
    assert await held.latest("r1") is amended


class Process:
    """The bot's roll store over one SQLite file: a cache of one roll (so that it loses
    rolls), a writer that appends through the local claims, not started (records wait)."""

    def __init__(self, engine: AsyncEngine, clock: FakeClock) -> None:
        log = SqlRollLog(engine)
        self.claims = LocalRollClaims(log, clock)
        self.writer = LogWriter(self.claims)
        store = LoggedRollStore(InMemoryRollStore(clock, capacity=1), self.writer, log,
                                self.claims)
        self.table = RollActions(RollDice(SeededRandomSource(5)), store,
                                 RollStamps(clock, SystemRandomSource()), FakeRollMetrics(),
                                 SavedRolls(SqlSavedRollStore(engine, clock)))


async def test_a_roll_the_cache_lost_is_read_at_its_waiting_version(
        engine: AsyncEngine, clock: FakeClock) -> None:
    process = Process(engine, clock)
    made = await process.table.roll(RollRequest("a1d20+5, 2d6", Roller(7, 100, 5)))
    amended = (await AmendRolls(process.table, RollHandlers()).add_plot_die(
        made.roll_id, gm_at(made.roller))).record
    await process.table.roll(RollRequest("1d6", Roller(8, 100, 5)))  # the cache drops it
    read = await process.table.find(made.roll_id)
    assert (read.version, read.result) == (2, amended.result)
    with pytest.raises(PlotDieError):  # read at version 2: it has its plot die already
        await AmendRolls(process.table, RollHandlers()).add_plot_die(made.roll_id,
                                                                     gm_at(made.roller))


async def test_two_changes_from_one_version_make_one_even_when_the_cache_lost_the_roll(
        engine: AsyncEngine, clock: FakeClock) -> None:
    process = Process(engine, clock)
    made = await process.table.roll(RollRequest("a1d20+5, 2d6", Roller(7, 100, 5)))
    process.writer.start()
    assert await process.writer.flush(5)
    await process.table.roll(RollRequest("1d6", Roller(8, 100, 5)))  # the cache drops it
    outcomes = await asyncio.gather(
        *(AmendRolls(process.table, RollHandlers()).add_plot_die(made.roll_id, gm_at(made.roller))
          for _ in range(2)), return_exceptions=True)
    won = [outcome.record for outcome in outcomes if isinstance(outcome, Rolled)]
    lost = [outcome for outcome in outcomes if not isinstance(outcome, Rolled)]
    assert len(won) == 1, lost
    assert isinstance(lost[0], RollConflictError | PlotDieError), lost
    assert await process.writer.flush(5)
    await process.writer.close(5)
    trail = await SqlRollLog(engine).trail(made.roll_id)
    assert [record.entry.version for record in trail] == [1, 2]
    assert trail[1].entry.result == entry_of(won[0]).result
