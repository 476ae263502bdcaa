"""Two processes sharing one database: a roll made by one is amended by the other."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.clock import SystemClock
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.application.log_writer import LogWriter
from nazh.application.logged_store import LoggedRollStore
from nazh.application.roll_log import EntryKind, verify_chain
from nazh.application.rolls import RollDice
from nazh.application.saved_rolls import SavedRolls
from nazh.application.table import Roller, TableRolls
from tests.app_fakes import FakeRollMetrics


class Process:
    """What one bot process builds: its own memory, writer and use cases, a shared database."""

    def __init__(self, engine: AsyncEngine, seed: int) -> None:
        clock = SystemClock()
        rng = SeededRandomSource(seed)
        log = SqlRollLog(engine)
        self.writer = LogWriter(log)
        store = LoggedRollStore(InMemoryRollStore(clock), self.writer, log)
        self.table = TableRolls(RollDice(rng), store, clock, SystemRandomSource(),
                                FakeRollMetrics(),
                                SavedRolls(SqlSavedRollStore(engine, clock)))

    async def __aenter__(self) -> Process:
        self.writer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.writer.close(5)


async def test_a_roll_made_by_one_process_is_amended_by_another(engine: AsyncEngine) -> None:
    log = SqlRollLog(engine)
    async with Process(engine, 1) as first, Process(engine, 2) as second:
        made = await first.table.roll("a1d20+5, 2d6, ap", Roller(7, 100, 5))
        assert await first.writer.flush(5)
        chosen = await second.table.choose_plot_face(made.roll_id, made.roller, 1)
        assert chosen.version == 2
        assert chosen.result.pools[0].dice == made.result.pools[0].dice
        assert chosen.result.plot is not None
        assert chosen.result.plot.face == made.result.plot.faces[1]  # type: ignore[union-attr]
        assert await second.writer.flush(5)
    trail = await log.trail(made.roll_id)
    assert [record.entry.kind for record in trail] == [EntryKind.ROLL, EntryKind.PLOT_CHOSEN]
    assert verify_chain(100, await log.chain(100), await log.head(100)).intact


async def test_a_plot_die_added_after_a_restart(engine: AsyncEngine) -> None:
    async with Process(engine, 3) as before:
        made = await before.table.roll("1d20+2, 2d6", Roller(7, 100, 5))
    async with Process(engine, 4) as after:
        amended = await after.table.add_plot_die(made.roll_id, made.roller)
    assert amended.result.plot is not None
    assert [pool.dice for pool in amended.result.pools] == [pool.dice for pool in
                                                           made.result.pools]
    trail = await SqlRollLog(engine).trail(made.roll_id)
    assert [record.entry.kind for record in trail] == [EntryKind.ROLL, EntryKind.PLOT_ADDED]
