"""The encounter's side of a roll made with a character: where the roll stands (none outside an
encounter), what the combatant's conditions do to it, the action spent once (a note when the turn
ended meanwhile), Determined used on a failure, and the action given back by its owner or a GM."""

from __future__ import annotations

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.model import Changed
from nazh.application.encounters.roll_effects import EncounterRolls
from nazh.application.encounters.turns import TurnAct
from nazh.application.rolls.terms.encounter import InEncounter
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction, defeat
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.rolls import RollKind
from nazh.domain.spec import DieMode
from tests.encounter_fakes import CHANNEL, GM, OTHER, PLAYER, EncounterKit, encounter_kit

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


async def test_outside_an_encounter_or_its_roster_a_roll_has_no_place() -> None:
    kit = encounter_kit()
    rolls = EncounterRolls(kit.changes)
    assert await rolls.in_encounter(CHANNEL, "nobody0001", INSIGHT) is None
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    assert await rolls.in_encounter(CHANNEL + 1, character_id, INSIGHT) is None
    assert await rolls.in_encounter(CHANNEL, "nobody0001", INSIGHT) is None


async def test_a_defeated_combatant_s_rolls_are_not_in_the_encounter() -> None:
    kit, character_id = await kaladin()
    await kit.changes.act(GM, CHANNEL, lambda e: defeat(e, "Kaladin"), lambda *_: None)
    assert await EncounterRolls(kit.changes).in_encounter(CHANNEL, character_id, INSIGHT) is None


async def test_during_its_turn_a_roll_spends_an_action_and_carries_the_conditions() -> None:
    kit, character_id = await kaladin(Affliction(ConditionName.EXHAUSTED, 2),
                                      Affliction(ConditionName.ENHANCED, 1, Attribute.AWARENESS),
                                      Affliction(ConditionName.RESTRAINED))
    term = await EncounterRolls(kit.changes).in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    record = await kit.changes.current(CHANNEL)
    assert term == InEncounter(
        record.encounter_id, "Ambush", 1, "fast-players", "Kaladin",
        ("Exhausted: -2", "Enhanced: +1", "Restrained: disadvantage"),
        (("Exhausted", -2), ("Enhanced", 1)), 0, 1, False, True)
    assert term.modifier == -1
    assert term.mode(DieMode.NORMAL) is DieMode.DISADVANTAGE
    assert term.mode(DieMode.ADVANTAGE) is DieMode.NORMAL


async def test_outside_its_turn_no_action_is_spent_and_a_roll_that_is_no_test_is_left_alone(
        ) -> None:
    kit, character_id = await kaladin(Affliction(ConditionName.EXHAUSTED, 2), turn=False)
    term = await EncounterRolls(kit.changes).in_encounter(CHANNEL, character_id, None)
    assert term is not None
    assert (term.action, term.reasons, term.parts) == (False, (), ())


async def test_an_attack_with_a_melee_weapon_on_a_prone_target_gains_an_advantage() -> None:
    kit, character_id = await kaladin()
    kind = RollKind.attack_on((Condition(ConditionName.PRONE),), skill="light-weaponry",
                              attribute=Attribute.SPEED, melee=True)
    term = await EncounterRolls(kit.changes).in_encounter(CHANNEL, character_id, kind)
    assert term is not None
    assert (term.reasons, term.advantages) == (("target Prone: advantage",), 1)


async def test_the_action_is_spent_once_however_often_the_roll_s_acts_are_asked() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    for _ in range(2):
        assert await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False) is None
    assert await actions_left(kit) == 1
    assert kit.store.once == {"roll-action:roll000001"}


async def test_a_turn_ended_meanwhile_is_a_note_not_an_error() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)
    note = await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False)
    assert note == "no action spent: Kaladin's turn has ended"
    assert kit.store.once == set()
    with pytest.raises(EncounterError, match="roll roll000001 spent no action of Kaladin's"):
        await rolls.undo_action(PLAYER, CHANNEL, "roll000001", term)


async def test_an_encounter_ended_meanwhile_is_a_note_too() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    await kit.lifecycle.end(GM, CHANNEL)
    note = await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False)
    assert note == "no action spent: there is no encounter in this channel"


async def test_determined_is_used_once_on_a_failure_and_not_on_a_success() -> None:
    kit, character_id = await kaladin(Affliction(ConditionName.DETERMINED))
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    assert term.determined is True
    await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False)
    held = (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").conditions
    assert [c.name for c in held] == [ConditionName.DETERMINED]
    await rolls.after_roll(PLAYER, CHANNEL, "roll000002", term, True)
    assert (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").conditions == ()
    note = await rolls.after_roll(PLAYER, CHANNEL, "roll000003", term, True)
    assert note == "no action spent: Kaladin has no action left this turn · Determined not " \
                   "used: Kaladin is not Determined"


async def test_the_undo_is_its_owner_s_or_a_gm_s_and_only_in_the_same_turn() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False)
    with pytest.raises(NotAllowedError, match="only Kaladin's player or a GM may give back "
                                              "Kaladin's action"):
        await rolls.undo_action(OTHER, CHANNEL, "roll000001", term)
    given = await rolls.undo_action(GM, CHANNEL, "roll000001", term)
    assert given.record.encounter.find("Kaladin").turn.actions == 2
    await rolls.after_roll(PLAYER, CHANNEL, "roll000002", term, False)
    await kit.turns.next(GM, CHANNEL)  # no one else acts: round 2 begins
    with pytest.raises(EncounterError, match="the roll was made in round 1, fast players; it is "
                                             "now round 2, fast players"):
        await rolls.undo_action(PLAYER, CHANNEL, "roll000002", term)


async def test_watchers_are_told_of_each_change_a_roll_keeps_once() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    told: list[tuple[int, int | None]] = []

    async def watcher(channel_id: int, changed: Changed) -> None:
        told.append((channel_id, changed.record.encounter.find("Kaladin").turn.actions))
    rolls.watch(watcher)
    term = await rolls.in_encounter(CHANNEL, character_id, INSIGHT)
    assert term is not None
    for _ in range(2):
        await rolls.after_roll(PLAYER, CHANNEL, "roll000001", term, False)
    await rolls.undo_action(PLAYER, CHANNEL, "roll000001", term)
    await rolls.undo_action(PLAYER, CHANNEL, "roll000001", term)
    assert told == [(CHANNEL, 1), (CHANNEL, 2)]


async def test_an_injury_roll_counts_one_injury_in_the_encounter_however_often_asked() -> None:
    kit, character_id = await kaladin(turn=False)
    rolls = EncounterRolls(kit.changes)
    term = await rolls.in_encounter(CHANNEL, character_id, None)
    assert term is not None
    for _ in range(2):
        assert await rolls.after_roll(PLAYER, CHANNEL, "roll000009", term, False,
                                      injured=True) is None
    kaladin_now = (await kit.changes.current(CHANNEL)).encounter.find("Kaladin")
    assert kaladin_now.tally.injuries == 1
    assert not kaladin_now.defeated  # a player's character is no minion
    await rolls.after_roll(PLAYER, CHANNEL, "roll000010", term, False)
    assert (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").tally.injuries == 1
