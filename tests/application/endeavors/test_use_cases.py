"""The endeavors' use cases: only a GM starts, counts, ends and sees a secret one; the
channel's newest running endeavor is found; two counts at once are both kept (a lost race
decided again on the newest version), a roll counted once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.encounters.access import NotAllowedError
from nazh.application.endeavors.use_cases import Counted, Endeavors, NoEndeavorError, tally_of
from nazh.application.settings.server import GuildSettings, Member, Visibility
from nazh.domain.endeavor import EndeavorError, Ending, Tally
from tests.app_fakes import FakeClock, MemoryStore
from tests.fakes import d, script
from tests.request_fakes import FakeEndeavorStore
from tests.roll_sheets_kit import ID_FACES, request, table
from tests.roll_sheets_kit import PLAYER as ROLL_PLAYER

GUILD, CHANNEL = 500, 77
SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
THIRD_ID = d(32, 3, 2, 3, 4, 5, 6, 7, 8, 9, 10)
GM = Member(1, GUILD, manages_guild=True)
PLAYER = Member(2, GUILD)


def endeavors(store: FakeEndeavorStore | None = None) -> Endeavors:
    clock = FakeClock()
    return Endeavors(store or FakeEndeavorStore(), GuildSettings(MemoryStore(), clock), clock,
                     SeededRandomSource(3))


async def test_a_gm_starts_counts_and_the_threshold_ends_it() -> None:
    uses = endeavors()
    started = await uses.start(GM, CHANNEL, "Cross the chasm", 2, 2)
    assert (await uses.running(CHANNEL)).endeavor_id == started.endeavor_id
    counted = await uses.count(GM, started.endeavor_id, Tally(True, 2, GM.user_id, "r1"))
    assert counted.endeavor.ending is Ending.SUCCEEDED
    assert counted.version == 2
    with pytest.raises(NoEndeavorError, match="no endeavor is running"):
        await uses.running(CHANNEL)


async def test_only_a_gm_starts_counts_ends_and_sees_a_secret_one() -> None:
    uses = endeavors()
    with pytest.raises(NotAllowedError, match="may start or end an endeavor"):
        await uses.start(PLAYER, CHANNEL, "Climb", 3, 3)
    with pytest.raises(EndeavorError, match="server"):
        await uses.start(replace(GM, guild_id=None), CHANNEL, "Climb", 3, 3)
    started = await uses.start(GM, CHANNEL, "Climb", 3, 3, secret=True)
    with pytest.raises(NotAllowedError, match="may count a result"):
        await uses.count(PLAYER, started.endeavor_id, Tally(True, 1, PLAYER.user_id))
    with pytest.raises(NotAllowedError, match="may start or end an endeavor"):
        await uses.end(PLAYER, started.endeavor_id)
    with pytest.raises(NotAllowedError, match="may see a secret"):
        await uses.view(PLAYER, started.endeavor_id)
    assert (await uses.view(GM, started.endeavor_id)).endeavor.secret
    assert (await uses.end(GM, started.endeavor_id)).endeavor.ending is Ending.STOPPED


async def test_two_counts_at_once_are_both_kept_and_a_roll_once() -> None:
    store = FakeEndeavorStore(yielding=True)
    uses = endeavors(store)
    started = await uses.start(GM, CHANNEL, "Climb", 10, 10)
    done = await asyncio.gather(
        uses.count(GM, started.endeavor_id, Tally(True, 1, GM.user_id, "r1")),
        uses.count(GM, started.endeavor_id, Tally(False, 1, GM.user_id, "r2")),
        uses.count(GM, started.endeavor_id, Tally(True, 1, GM.user_id, "r1")),
        return_exceptions=True)
    refused = [d for d in done if isinstance(d, EndeavorError)]
    assert len(refused) == 1
    assert "counted already" in refused[0].reason
    kept = store.records[started.endeavor_id].endeavor
    assert (kept.success_count, kept.failure_count) == (1, 1)


async def test_a_kept_roll_counts_by_its_verdict_or_as_the_gm_says() -> None:
    t = table(script(d(20, 12), ID_FACES, d(20, 3), SECOND_ID, d(20, 5), THIRD_ID))
    passed = (await t.rolls.check(ROLL_PLAYER, "insight", request(dc=15))).record
    assert tally_of(passed, None, GM.user_id) == Tally(True, 1, GM.user_id, passed.roll_id,
                                                       "Veyla Tarn")
    failed = (await t.rolls.check(ROLL_PLAYER, "insight", request(dc=15))).record
    assert tally_of(failed, None, GM.user_id).success is False
    assert tally_of(failed, Counted.DOUBLE, GM.user_id).amount == 2
    blind = (await t.rolls.check(ROLL_PLAYER, "insight",
                                 request(visibility=Visibility.BLIND))).record
    with pytest.raises(EndeavorError, match="as: say success, double or failure"):
        tally_of(blind, None, GM.user_id)
    assert tally_of(blind, Counted.FAILURE, GM.user_id).success is False
