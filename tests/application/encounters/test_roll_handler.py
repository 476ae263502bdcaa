"""The encounter's part in a roll made with a character: where the roll stands (none outside an
encounter), what the combatant's conditions do to it, read once; what the roll owes the
encounter applied once in one change (the action spent, a note when the turn ended meanwhile,
Determined used on a failure, an injury counted), and the action given back by its owner or a
GM."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.model import Changed
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.turns import TurnAct
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import RollPlace
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.injury import INJURY
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction, defeat
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.rolls import RollKind
from nazh.domain.injury import InjuryTerms
from nazh.domain.spec import DieMode
from tests.encounter_fakes import (
    CHANNEL,
    GM,
    OTHER,
    PLAYER,
    EncounterKit,
    encounter_kit,
    handled,
    placed,
    roll_in,
)
from tests.fakes import FakeRng, d

INSIGHT = RollKind.test("insight", Attribute.AWARENESS)


async def kaladin(*afflictions: Affliction, turn: bool = True) -> tuple[EncounterKit, str]:
    """An encounter with the player's Kaladin (its character's id returned), holding
    ``afflictions``; with ``turn`` Kaladin goes fast."""
    kit = encounter_kit()
    record = await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.AWARENESS: 2})
    await kit.lifecycle.start(GM, CHANNEL, "Ambush")
    await kit.roster.join(PLAYER, CHANNEL, None)
    for affliction in afflictions:
        await kit.turns.condition(GM, CHANNEL, "Kaladin", affliction)
    if turn:
        await kit.turns.take(PLAYER, CHANNEL, TurnAct.FAST)
    return kit, record.character_id


async def actions_left(kit: EncounterKit) -> int | None:
    return (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").turn.actions


def acts(kit: EncounterKit, rolls: EncounterRolls) -> EncounterRollActs:
    """The acts a result offers (only the undo is used here: no roll is made)."""
    return EncounterRollActs(kit.changes, rolls, kit.characters, None, None, None)  # type: ignore[arg-type]


async def test_outside_an_encounter_or_its_roster_a_roll_has_no_place() -> None:
    kit = encounter_kit()
    rolls = EncounterRolls(kit.changes)
    assert (await rolls.situation(RollPlace(CHANNEL, "nobody0001", INSIGHT))).terms.get(
        ENCOUNTER) is None
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    for channel, character in ((CHANNEL + 1, character_id), (CHANNEL, "nobody0001")):
        situation = await rolls.situation(RollPlace(channel, character, INSIGHT))
        assert (situation.terms.get(ENCOUNTER), situation.parts) == (None, ())


async def test_a_defeated_combatant_s_rolls_are_not_in_the_encounter() -> None:
    kit, character_id = await kaladin()
    await kit.changes.act(GM, CHANNEL, lambda e: defeat(e, "Kaladin"), lambda *_: None)
    _, situation = await placed(kit, character_id, INSIGHT)
    assert situation.terms.get(ENCOUNTER) is None


async def test_during_its_turn_a_roll_spends_an_action_and_carries_the_conditions() -> None:
    kit, character_id = await kaladin(Affliction(ConditionName.EXHAUSTED, 2),
                                      Affliction(ConditionName.ENHANCED, 1, Attribute.AWARENESS),
                                      Affliction(ConditionName.RESTRAINED))
    _, situation = await placed(kit, character_id, INSIGHT)
    record = await kit.changes.current(CHANNEL)
    term = situation.terms.get(ENCOUNTER)
    assert term == InEncounter(
        record.encounter_id, "Ambush", 1, "fast-players", "Kaladin",
        ("Exhausted: -2", "Enhanced: +1", "Restrained: disadvantage"),
        (("Exhausted", -2), ("Enhanced", 1)), 0, 1, False, True)
    assert situation.parts == (("Exhausted", -2), ("Enhanced", 1))
    assert situation.mode(DieMode.NORMAL) is DieMode.DISADVANTAGE
    assert situation.mode(DieMode.ADVANTAGE) is DieMode.NORMAL


async def test_outside_its_turn_no_action_is_spent_and_a_roll_that_is_no_test_is_left_alone(
        ) -> None:
    kit, character_id = await kaladin(Affliction(ConditionName.EXHAUSTED, 2), turn=False)
    _, situation = await placed(kit, character_id, None)
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert (term.action, term.reasons, term.parts) == (False, (), ())


async def test_a_roll_that_is_no_test_spends_no_action_even_in_its_turn() -> None:
    """An injury roll is no action (the starter rules, "Injuries": rolled when one is taken)."""
    kit, character_id = await kaladin()
    _, situation = await placed(kit, character_id, None)
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert term.action is False


async def test_an_attack_with_a_melee_weapon_on_a_prone_target_gains_an_advantage() -> None:
    kit, character_id = await kaladin()
    kind = RollKind.attack_on((Condition(ConditionName.PRONE),), skill="light-weaponry",
                              attribute=Attribute.SPEED, melee=True)
    _, situation = await placed(kit, character_id, kind)
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert (term.reasons, term.advantages) == (("target Prone: advantage",), 1)


async def test_a_kept_roll_reads_the_encounter_once_before_it_and_writes_it_once() -> None:
    kit, character_id = await kaladin()
    reads, writes = kit.store.reads, kit.store.writes
    rolls, situation = await placed(kit, character_id, INSIGHT)
    assert await handled(rolls, roll_in("roll000001", situation), situation) == ()
    assert (kit.store.reads - reads, kit.store.writes - writes) == (1, 1)
    assert await actions_left(kit) == 1


async def test_the_action_is_spent_once_however_often_the_roll_s_event_is_handled() -> None:
    kit, character_id = await kaladin()
    rolls, situation = await placed(kit, character_id, INSIGHT)
    record = roll_in("roll000001", situation)
    for _ in range(2):
        assert await handled(rolls, record, situation) == ()
    assert await actions_left(kit) == 1
    assert kit.store.once == {"roll-action:roll000001"}


async def test_a_turn_ended_meanwhile_is_a_note_not_an_error() -> None:
    kit, character_id = await kaladin()
    rolls, situation = await placed(kit, character_id, INSIGHT)
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)
    record = roll_in("roll000001", situation)
    assert await handled(rolls, record, situation) == (
        "no action spent: Kaladin's turn has ended",)
    assert kit.store.once == set()
    with pytest.raises(EncounterError, match="roll roll000001 spent no action of Kaladin's"):
        await acts(kit, rolls).undo_action(PLAYER, record)


async def test_an_encounter_ended_meanwhile_is_a_note_too() -> None:
    kit, character_id = await kaladin()
    rolls, situation = await placed(kit, character_id, INSIGHT)
    await kit.lifecycle.end(GM, CHANNEL)
    assert await handled(rolls, roll_in("roll000001", situation)) == (
        "no action spent: there is no encounter in this channel",)


async def test_determined_is_offered_on_a_failure_and_never_used_by_itself() -> None:
    """Part 2 "Conditions", Determined: the player chooses to add the Opportunity; a failed
    test alone ends nothing."""
    kit, character_id = await kaladin(Affliction(ConditionName.DETERMINED))
    rolls, situation = await placed(kit, character_id, INSIGHT)
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert (term.determined, term.may_use_determined) == (False, True)
    await handled(rolls, roll_in("roll000001", situation, face=18), situation)
    assert await handled(rolls, roll_in("roll000002", situation, face=3)) == ()
    held = (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").conditions
    assert [c.name for c in held] == [ConditionName.DETERMINED]


async def test_the_undo_is_its_owner_s_or_a_gm_s_and_only_in_the_same_turn() -> None:
    kit, character_id = await kaladin()
    rolls, situation = await placed(kit, character_id, INSIGHT)
    first, second = roll_in("roll000001", situation), roll_in("roll000002", situation)
    await handled(rolls, first, situation)
    with pytest.raises(NotAllowedError, match="only Kaladin's player or a GM may give back "
                                              "Kaladin's action"):
        await acts(kit, rolls).undo_action(OTHER, first)
    given = await acts(kit, rolls).undo_action(GM, first)
    assert given.record.encounter.find("Kaladin").turn.actions == 2
    await handled(rolls, second)
    await kit.turns.next(GM, CHANNEL)  # no one else acts: round 2 begins
    with pytest.raises(EncounterError, match="the roll was made in round 1, fast players; it is "
                                             "now round 2, fast players"):
        await acts(kit, rolls).undo_action(PLAYER, second)


async def test_watchers_are_told_of_each_change_a_roll_keeps_once() -> None:
    kit, character_id = await kaladin()
    rolls, situation = await placed(kit, character_id, INSIGHT)
    told: list[tuple[int, int | None]] = []

    async def watcher(channel_id: int, changed: Changed) -> None:
        told.append((channel_id, changed.record.encounter.find("Kaladin").turn.actions))
    rolls.watch(watcher)
    record = roll_in("roll000001", situation)
    for _ in range(2):
        await handled(rolls, record, situation)
    await acts(kit, rolls).undo_action(PLAYER, record)
    await acts(kit, rolls).undo_action(PLAYER, record)
    assert told == [(CHANNEL, 1), (CHANNEL, 2)]


async def test_an_injury_roll_counts_one_injury_in_the_encounter_however_often_asked() -> None:
    kit, character_id = await kaladin(turn=False)
    rolls, situation = await placed(kit, character_id, None)
    terms = InjuryTerms(0, 0)
    injury = RollDice(FakeRng(*d(20, 10), *d(6, 3), *d(8, 8)))  # one hand: no condition
    result = injury.injury(terms)
    record = RollRecord("roll000009", Roller(PLAYER.user_id, CHANNEL, PLAYER.guild_id),
                        result.notation, result, datetime(2026, 11, 27, tzinfo=UTC),
                        terms=situation.terms.with_term(INJURY, terms))
    for _ in range(2):
        assert await handled(rolls, record, situation) == ()
    kaladin_now = (await kit.changes.current(CHANNEL)).encounter.find("Kaladin")
    assert kaladin_now.tally.injuries == 1
    assert not kaladin_now.defeated  # a player's character is no minion
