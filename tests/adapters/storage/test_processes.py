"""Processes sharing one database: a roll made by one is amended by the other; two changes
of one roll made at once by two processes: the database lets one win, before either answers."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.clock import SystemClock
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.roll_claims import SqlRollClaims
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.application.log.chain import EntryKind, verify_chain
from nazh.application.log.writer import LogWriter
from nazh.application.rolls.actions import RollActions, member_of
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import RollConflictError
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.logged_store import LoggedRollStore, entry_of
from nazh.application.rolls.model import Rolled, Roller, RollRequest, RollStamps
from nazh.application.saved.shelves import SavedRolls
from nazh.domain.errors import PlotDieError
from tests.app_fakes import FakeRollMetrics
from tests.application.rolls.kit import gm_at


class Process:
    """What one bot process builds: its own memory, writer and use cases, a shared database."""

    def __init__(self, engine: AsyncEngine, seed: int) -> None:
        clock = SystemClock()
        rng = SeededRandomSource(seed)
        log = SqlRollLog(engine)
        self.writer = LogWriter(log)
        store = LoggedRollStore(InMemoryRollStore(clock), self.writer, log,
                                SqlRollClaims(engine, clock))
        self.table = RollActions(RollDice(rng), store, RollStamps(clock, SystemRandomSource()),
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
        made = await first.table.roll(RollRequest("a1d20+5, 2d6, ap", Roller(7, 100, 5)))
        assert await first.writer.flush(5)
        chosen = (await AmendRolls(second.table, RollHandlers()).choose_plot_face(
            made.roll_id, member_of(made.roller), 1)).record
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
        made = await before.table.roll(RollRequest("1d20+2, 2d6", Roller(7, 100, 5)))
    async with Process(engine, 4) as after:
        amended = (await AmendRolls(after.table, RollHandlers()).add_plot_die(
            made.roll_id, gm_at(made.roller))).record
    assert amended.result.plot is not None
    assert [pool.dice for pool in amended.result.pools] == [pool.dice for pool in
                                                           made.result.pools]
    trail = await SqlRollLog(engine).trail(made.roll_id)
    assert [record.entry.kind for record in trail] == [EntryKind.ROLL, EntryKind.PLOT_ADDED]


@pytest.mark.parametrize("maker_clicks", [True, False], ids=["maker and other", "two others"])
async def test_two_processes_adding_the_plot_die_at_once_make_one_change(
        engine: AsyncEngine, maker_clicks: bool) -> None:
    """The loser read the roll before the winner's change (the change is refused: "changed
    meanwhile") or after it (refused: the roll has its plot die already)."""
    log = SqlRollLog(engine)
    async with Process(engine, 5) as maker, Process(engine, 6) as second, \
            Process(engine, 7) as third, Process(engine, 8) as bystander:
        made = await maker.table.roll(RollRequest("a1d20+5, 2d6", Roller(7, 100, 5)))
        assert await maker.writer.flush(5)
        first = maker if maker_clicks else third
        outcomes = await asyncio.gather(
            AmendRolls(first.table, RollHandlers()).add_plot_die(made.roll_id, gm_at(made.roller)),
            AmendRolls(second.table, RollHandlers()).add_plot_die(made.roll_id, gm_at(made.roller)),
            return_exceptions=True)
        won = [outcome.record for outcome in outcomes if isinstance(outcome, Rolled)]
        lost = [outcome for outcome in outcomes if not isinstance(outcome, Rolled)]
        assert len(won) == 1, lost
        assert len(lost) == 1
        assert isinstance(lost[0], RollConflictError | PlotDieError), lost
        for process in (first, second, bystander):  # each reads the winner's version
            read = await process.table.find(made.roll_id)
            assert (read.version, read.result) == (2, won[0].result)
        for process in (maker, second, third, bystander):
            assert await process.writer.flush(5)
    trail = await log.trail(made.roll_id)
    assert [record.entry.version for record in trail] == [1, 2]
    assert trail[1].entry.result == entry_of(won[0]).result
