"""The sessions' use cases: a GM starts one per channel and ends it; Nazh closes one after a
quiet spell at its last activity, when someone next acts; the server's quiet spell is a GM's
setting; anyone in the channel reads a session's recap and journal (the channel's view), from
elsewhere it is unknown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.sessions.model import NAZH_USER_ID, SessionNotFoundError
from nazh.application.sessions.use_cases import ACTIVITY_PAGE, SessionReading, Sessions
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.session import QUIET_DEFAULT, Ending, SessionError
from tests.app_fakes import FakeClock, MemoryStore
from tests.session_fakes import (
    CHANNEL,
    GM,
    GUILD,
    KALADIN,
    OTHER_CHANNEL,
    T0,
    FakeActivity,
    FakeQuiet,
    FakeSessionLog,
    FakeSessionPlay,
    FakeSessionStore,
    minutes,
    the_endeavor,
    the_fight,
    the_request,
    the_rolls,
)

GM_HERE = Member(GM, GUILD, manages_guild=True, channel_id=CHANNEL)
PLAYER_HERE = Member(KALADIN, GUILD, channel_id=CHANNEL)


class Table:
    """The use cases on fakes, at a settable time."""

    def __init__(self) -> None:
        self.clock = FakeClock(T0)
        self.store = FakeSessionStore()
        self.quiet = FakeQuiet()
        self.activity = FakeActivity()
        self.log = FakeSessionLog(the_rolls())
        self.play = FakeSessionPlay([the_fight()], [the_request()], [the_endeavor()])
        self.sessions = Sessions(self.store, self.quiet,
                                 GuildSettings(MemoryStore(), self.clock), self.activity,
                                 SessionReading(self.log, self.play), self.clock,
                                 SeededRandomSource(1))


async def test_a_gm_starts_one_session_per_channel_and_ends_it() -> None:
    table = Table()
    started = await table.sessions.start(GM_HERE, " The Shattered Plains ")
    assert (started.record.session.name, started.record.channel_id, started.lapsed) == (
        "The Shattered Plains", CHANNEL, None)
    with pytest.raises(SessionError, match="a session is already open in this channel"):
        await table.sessions.start(GM_HERE, "Again")
    table.clock.advance(timedelta(minutes=30))
    table.activity.acted(CHANNEL, minutes(20))
    ended = await table.sessions.end(GM_HERE)
    assert (ended.session.ended_at, ended.session.ending, ended.ended_by) == (
        minutes(30), Ending.ENDED, GM)
    with pytest.raises(SessionError, match="no session is open in this channel"):
        await table.sessions.end(GM_HERE)


@pytest.mark.parametrize("member", [PLAYER_HERE, Member(GM, None, True, channel_id=CHANNEL)])
async def test_only_a_gm_of_the_server_starts_ends_or_sets(member: Member) -> None:
    table = Table()
    for act in (table.sessions.start(member), table.sessions.end(member),
                table.sessions.set_quiet(member, "1h")):
        with pytest.raises(SessionError, match=r"a GM|server's channels"):
            await act


async def test_a_quiet_spell_closes_the_session_at_its_last_activity() -> None:
    table = Table()
    await table.sessions.start(GM_HERE, "Night one")
    table.activity.acted(CHANNEL, minutes(10), minutes(50))
    table.clock.advance(timedelta(hours=3, minutes=40))
    assert await table.sessions.lapse(CHANNEL) is None  # 2 h 50 min since the last act
    table.clock.advance(timedelta(minutes=20))
    lapsed = await table.sessions.lapse(CHANNEL)
    assert lapsed is not None
    assert (lapsed.session.ended_at, lapsed.session.ending, lapsed.ended_by) == (
        minutes(50), Ending.QUIET, NAZH_USER_ID)
    assert await table.sessions.lapse(CHANNEL) is None  # closed once


async def test_starting_again_after_a_quiet_spell_closes_the_last_one_first() -> None:
    table = Table()
    await table.sessions.start(GM_HERE, "Night one")
    table.activity.acted(CHANNEL, minutes(10), minutes(30 * 60))  # a week-end's gap between
    table.clock.advance(timedelta(hours=31))
    started = await table.sessions.start(GM_HERE, "Night two")
    assert started.lapsed is not None
    assert started.lapsed.session.ended_at == minutes(10)
    assert started.record.session.name == "Night two"


async def test_a_long_session_is_read_a_page_at_a_time() -> None:
    table = Table()
    await table.sessions.start(GM_HERE)
    busy = [minutes(1 + n / 10) for n in range(ACTIVITY_PAGE + 10)]
    table.activity.acted(CHANNEL, *busy, busy[-1] + timedelta(hours=4))
    table.clock.advance(timedelta(hours=6))
    lapsed = await table.sessions.lapse(CHANNEL)
    assert lapsed is not None
    assert lapsed.session.ended_at == busy[-1]
    assert table.activity.reads == 2


async def test_the_end_of_a_lapsed_session_is_answered_as_it_ended() -> None:
    table = Table()
    await table.sessions.start(GM_HERE)
    table.clock.advance(timedelta(hours=4))
    ended = await table.sessions.end(GM_HERE)
    assert (ended.session.ending, ended.session.ended_at) == (Ending.QUIET, T0)


async def test_the_quiet_spell_is_a_gm_s_setting_of_the_server() -> None:
    table = Table()
    assert await table.sessions.quiet_of(GUILD) == QUIET_DEFAULT
    assert await table.sessions.set_quiet(GM_HERE, "45m") == timedelta(minutes=45)
    assert await table.sessions.quiet_of(GUILD) == timedelta(minutes=45)
    assert await table.sessions.quiet_of(None) == QUIET_DEFAULT
    with pytest.raises(SessionError, match="from 1 minute to 1 day"):
        await table.sessions.set_quiet(GM_HERE, "2d")


async def test_anyone_in_the_channel_reads_the_recap_and_journal_of_what_it_saw() -> None:
    table = Table()
    started = await table.sessions.start(GM_HERE, "The Shattered Plains")
    table.clock.advance(timedelta(hours=1))
    await table.sessions.end(GM_HERE)
    recap = await table.sessions.recap(PLAYER_HERE)
    assert (recap.session.session_id, recap.rolls) == (started.record.session_id, 6)
    by_name = await table.sessions.journal(PLAYER_HERE, "the shattered plains")
    by_id = await table.sessions.journal(PLAYER_HERE, started.record.session_id)
    assert by_name.head == by_id.head
    assert by_id.head is not None
    assert by_id.head.roll_id == "roll000008"
    shown = {roll.roll_id for scene in by_id.scenes for roll in scene.rolls}
    assert "roll000003" not in shown  # a secret not revealed
    assert "roll000004" not in shown  # a private roll
    exported = await table.sessions.exported(CHANNEL)
    assert exported.head == by_id.head


async def test_a_session_is_unknown_from_another_channel_or_by_a_wrong_name() -> None:
    table = Table()
    started = await table.sessions.start(GM_HERE, "Night one")
    elsewhere = Member(KALADIN, GUILD, channel_id=OTHER_CHANNEL)
    for member, which in ((elsewhere, started.record.session_id), (elsewhere, None),
                          (PLAYER_HERE, "Night two")):
        with pytest.raises(SessionNotFoundError, match="no such session in this channel"):
            await table.sessions.recap(member, which)
    with pytest.raises(SessionNotFoundError):
        await table.sessions.exported(OTHER_CHANNEL, started.record.session_id)
    assert [r.session_id for r in await table.sessions.listed(PLAYER_HERE)] == [
        started.record.session_id]
    assert await table.sessions.listed(elsewhere) == []


async def test_a_session_starts_after_the_channel_s_chain_head() -> None:
    table = Table()
    started = await table.sessions.start(GM_HERE)
    assert started.record.first_seq == len(the_rolls())  # the fake log's channel holds them


async def test_a_name_is_not_hidden_by_another_channel_s_session_id() -> None:
    table = Table()
    here = await table.sessions.start(GM_HERE, "Night one")
    gm_elsewhere = Member(GM, GUILD, manages_guild=True, channel_id=OTHER_CHANNEL)
    # the other channel's session is named like this channel's session's id
    named = await table.sessions.start(gm_elsewhere, here.record.session_id)
    found = await table.sessions.find(gm_elsewhere, here.record.session_id)
    assert found.session_id == named.record.session_id
    exported = await table.sessions.exported(OTHER_CHANNEL, here.record.session_id.upper())
    assert exported.recap.session.session_id == named.record.session_id
    assert (await table.sessions.find(GM_HERE, here.record.session_id)).session_id == \
        here.record.session_id
