"""Starting, listing, settings, the log and the end of a channel's encounter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.changes import NoEncounterError, NotInServerError
from nazh.application.encounters.lifecycle import EncounterExistsError, Settings
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.settings.server import Member
from nazh.domain.encounter.timing import Phase
from tests.encounter_fakes import CHANNEL, GM, OTHER, PLAYER, SERVER, encounter_kit


async def test_a_gm_starts_one_encounter_per_channel() -> None:
    kit = encounter_kit()
    record = await kit.lifecycle.start(GM, CHANNEL, " Ambush at the chasm ")
    assert record.encounter.name == "Ambush at the chasm"
    assert (record.guild_id, record.channel_id, record.started_by) == (SERVER, CHANNEL, GM.user_id)
    with pytest.raises(EncounterExistsError) as raised:
        await kit.lifecycle.start(GM, CHANNEL)
    assert raised.value.reason == ('this channel already has an encounter ("Ambush at the '
                                   'chasm", round 1)')
    assert (await kit.lifecycle.start(GM, CHANNEL + 1)).channel_id == CHANNEL + 1


async def test_a_player_cannot_start_one_and_nobody_can_outside_a_server() -> None:
    kit = encounter_kit()
    with pytest.raises(NotAllowedError, match="only a GM"):
        await kit.lifecycle.start(PLAYER, CHANNEL)
    with pytest.raises(NotInServerError):
        await kit.lifecycle.start(Member(1, None, manages_guild=True), CHANNEL)
    assert kit.store.records == {}


async def test_without_an_encounter_the_answer_says_how_to_start_one() -> None:
    kit = encounter_kit()
    with pytest.raises(NoEncounterError) as raised:
        await kit.lifecycle.log(CHANNEL)
    assert raised.value.hint == "a GM starts one with /encounter start"


async def test_the_end_gives_the_summary_and_frees_the_channel() -> None:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL, "Skirmish")
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6), 2)
    with pytest.raises(NotAllowedError, match="anyone may once it has had no change"):
        await kit.lifecycle.end(PLAYER, CHANNEL)
    ended = await kit.lifecycle.end(GM, CHANNEL)
    assert ended.record.ended_at is not None
    assert [line.name for line in ended.summary.lines] == ["Bandit 1", "Bandit 2"]
    assert ended.summary.rounds == 1
    with pytest.raises(NoEncounterError):
        await kit.lifecycle.log(CHANNEL)
    assert (await kit.lifecycle.start(GM, CHANNEL)).encounter.name == ""


async def test_a_stale_encounter_is_listed_as_such_and_anyone_may_end_it() -> None:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL)
    assert [listed.stale for listed in await kit.lifecycle.listed(OTHER)] == [False]
    kit.clock.advance(timedelta(hours=24))
    assert [listed.stale for listed in await kit.lifecycle.listed(OTHER)] == [True]
    ended = await kit.lifecycle.end(OTHER, CHANNEL)
    assert ended.record.ended_at == kit.clock.now()


async def test_settings_a_gm_keeps_speeds_a_player_asks_for_pings() -> None:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL)
    with pytest.raises(NotAllowedError):
        await kit.lifecycle.settings(PLAYER, CHANNEL, Settings(keep_speed=True))
    changed = await kit.lifecycle.settings(PLAYER, CHANNEL, Settings(ping=True))
    assert changed.record.pings == {PLAYER.user_id}
    changed = await kit.lifecycle.settings(GM, CHANNEL, Settings(keep_speed=True,
                                                                 show_health=True))
    assert changed.record.encounter.keep_speed
    assert changed.record.show_health
    changed = await kit.lifecycle.settings(PLAYER, CHANNEL, Settings(ping=False))
    assert changed.record.pings == frozenset()
    details = [e.detail for e in (await kit.lifecycle.log(CHANNEL))[1]]
    assert details[:4] == ["ping off", "show-health on", "keep-speed on", "ping on"]


async def test_the_log_records_who_what_and_when_and_the_export_reads_it_newest_first() -> None:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL, "Duel")
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Szeth", 20))
    logged, log = await kit.lifecycle.log(CHANNEL)
    assert logged.encounter.find("szeth").health == 20  # whose sight decides what is shown
    newest = log[0]
    assert (newest.user_id, newest.kind, newest.combatant) == (GM.user_id, "combatant-added",
                                                               "Szeth")
    assert (newest.round, newest.phase) == (1, Phase.FAST_PLAYERS)
    record, entries = await kit.lifecycle.exported(CHANNEL)
    assert [e.kind for e in entries] == ["combatant-added", "started"]  # as the store keeps them
    assert record.encounter.find("szeth").health == 20


async def test_the_card_posted_is_remembered() -> None:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL)
    changed = await kit.lifecycle.card_posted(GM, CHANNEL, 9001)
    assert changed.record.card_message_id == 9001
    assert changed.record.version == 2
