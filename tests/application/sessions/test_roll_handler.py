"""The sessions' part in what follows a roll: the first roll after a quiet spell closes the
channel's lapsed session and says so; where sessions are open is read once a window, and a
channel checked less than a minute ago is not read again; a burst of rolls reads once, and a
failed read never fails a roll."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Offers, Rolled
from nazh.application.sessions.roll_handler import OpenSessions, SessionRolls
from nazh.application.sessions.use_cases import SessionReading, Sessions
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.session import Ending
from tests.app_fakes import FakeClock, MemoryStore
from tests.session_fakes import (
    CHANNEL,
    GM,
    GUILD,
    KALADIN,
    T0,
    FakeActivity,
    FakeQuiet,
    FakeSessionLog,
    FakeSessionPlay,
    FakeSessionStore,
    roll,
)

GM_HERE = Member(GM, GUILD, manages_guild=True, channel_id=CHANNEL)


class Handled:
    """The handler on the sessions' fakes."""

    def __init__(self) -> None:
        self.clock = FakeClock(T0)
        self.store = FakeSessionStore()
        self.activity = FakeActivity()
        self.sessions = Sessions(self.store, FakeQuiet(), GuildSettings(MemoryStore(),
                                                                        self.clock),
                                 self.activity, SessionReading(FakeSessionLog(),
                                                               FakeSessionPlay()),
                                 self.clock, SeededRandomSource(1))
        self.handler = SessionRolls(self.sessions, OpenSessions(self.sessions, self.store))

    async def rolled(self, happened: Happened = Happened.KEPT) -> Rolled:
        record = roll("roll000001", KALADIN, "1d20", (12,), self.clock.now())
        event = RollEvent(happened, Rolled(record), Member(KALADIN, GUILD, channel_id=CHANNEL))
        return await self.handler.handle(event)


async def test_the_first_roll_after_a_quiet_spell_closes_the_session_and_says_so() -> None:
    handled = Handled()
    await handled.sessions.start(GM_HERE, "Night one")
    handled.clock.advance(timedelta(minutes=30))
    assert (await handled.rolled()).notes == ()
    handled.clock.advance(timedelta(hours=4))
    notes = (await handled.rolled()).notes
    assert notes == ("The session «Night one» ended after a quiet spell, before this roll: "
                     "/session recap shows its recap.",)
    [record] = handled.store.records.values()
    assert (record.session.ending, record.session.ended_at) == (Ending.QUIET, T0)


async def test_a_channel_checked_within_a_minute_is_not_read_again() -> None:
    handled = Handled()
    await handled.sessions.start(GM_HERE)
    await handled.rolled()
    reads = handled.activity.reads
    handled.clock.advance(timedelta(seconds=30))
    await handled.rolled()
    assert handled.activity.reads == reads
    handled.clock.advance(timedelta(seconds=31))
    await handled.rolled()
    assert handled.activity.reads == reads + 1


async def test_no_session_no_read_and_a_change_is_not_followed() -> None:
    handled = Handled()
    assert (await handled.rolled()).notes == ()
    await handled.sessions.start(GM_HERE)
    handled.clock.advance(timedelta(hours=4))
    assert (await handled.rolled(Happened.CHANGED)).notes == ()
    assert handled.activity.reads == 0
    offers = Offers()
    assert await handled.handler.offers(
        roll("roll000001", KALADIN, "1d20", (12,), T0), offers) is offers


class CountedReads:
    """Where sessions are open, counting the reads (and failing them when told to)."""

    def __init__(self, store: FakeSessionStore) -> None:
        self.store = store
        self.reads = 0
        self.failing = False

    async def open_channels(self) -> frozenset[int]:
        self.reads += 1
        await asyncio.sleep(0)  # a read takes a turn of the loop, as a database's does
        if self.failing:
            raise ConnectionError("the database is down")
        return await self.store.open_channels()


async def test_a_burst_of_rolls_reads_where_sessions_are_open_once_then_behind_them() -> None:
    handled = Handled()
    reads = CountedReads(handled.store)
    handled.handler = SessionRolls(handled.sessions, OpenSessions(handled.sessions, reads))
    await asyncio.gather(*(handled.rolled() for _ in range(20)))
    assert reads.reads == 1
    handled.clock.advance(timedelta(seconds=11))
    await handled.rolled()  # answered from memory; a refresh is begun behind it
    await asyncio.sleep(0)
    assert reads.reads == 2


async def test_a_failed_read_never_fails_the_roll() -> None:
    handled = Handled()
    reads = CountedReads(handled.store)
    reads.failing = True
    handled.handler = SessionRolls(handled.sessions, OpenSessions(handled.sessions, reads))
    assert (await handled.rolled()).notes == ()
    reads.failing = False
    await handled.sessions.start(GM_HERE, "Night one")
    handled.clock.advance(timedelta(hours=4))
    assert (await handled.rolled()).notes != ()
