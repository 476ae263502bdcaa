"""The round's acts through the use cases: a button acts for the clicker's own combatant (a GM
chooses among several), double clicks do not repeat a step, concurrent changes are all kept."""

from __future__ import annotations

import asyncio

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import ChooseCombatantError, TurnAct
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.timing import Moment, Phase, Speed
from tests.encounter_fakes import (
    CHANNEL,
    GM,
    OTHER,
    PLAYER,
    EncounterKit,
    FakeEncounterStore,
    encounter_kit,
)


async def table(store: FakeEncounterStore | None = None) -> EncounterKit:
    """An encounter with the player's Kaladin and the GM's two bandits."""
    kit = encounter_kit(store)
    await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.STRENGTH: 2})
    await kit.lifecycle.start(GM, CHANNEL)
    await kit.roster.join(PLAYER, CHANNEL, None)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6, defense=12), 2)
    return kit


async def test_fast_acts_for_the_players_own_combatant_and_starts_its_turn() -> None:
    kit = await table()
    changed = await kit.turns.take(PLAYER, CHANNEL, TurnAct.FAST)
    kaladin = changed.record.encounter.find("Kaladin")
    assert kaladin.turn.speed is Speed.FAST
    assert kaladin.turn.actions == 2
    assert [e.kind for e in changed.events] == [EventKind.SPEED_CHOSEN, EventKind.TURN_STARTED]


async def test_someone_else_cannot_act_for_a_combatant() -> None:
    kit = await table()
    with pytest.raises(EncounterError, match="you have no combatant that can go fast now"):
        await kit.turns.take(OTHER, CHANNEL, TurnAct.FAST)
    with pytest.raises(NotAllowedError, match="only Kaladin's player or a GM"):
        await kit.turns.take(OTHER, CHANNEL, TurnAct.FAST, "Kaladin")


async def test_a_gm_with_several_combatants_is_asked_which() -> None:
    kit = await table()
    with pytest.raises(ChooseCombatantError) as raised:
        await kit.turns.take(GM, CHANNEL, TurnAct.FAST)
    assert raised.value.names == ("Bandit 1", "Bandit 2", "Kaladin")  # its own first
    changed = await kit.turns.take(GM, CHANNEL, TurnAct.FAST, "Bandit 2")
    assert changed.record.encounter.find("Bandit 2").turn.speed is Speed.FAST


async def test_a_second_press_of_the_same_next_does_not_end_the_following_phase() -> None:
    kit = await table()
    seen = (await kit.changes.current(CHANNEL)).encounter.moment
    first = await kit.turns.next(GM, CHANNEL, seen)
    assert first.record.encounter.moment == Moment.of(1, Phase.SLOW_PLAYERS)  # nobody fast
    with pytest.raises(EncounterError, match="has already ended"):
        await kit.turns.next(GM, CHANNEL, seen)
    with pytest.raises(NotAllowedError, match="only a GM"):
        await kit.turns.next(PLAYER, CHANNEL)


async def test_a_double_click_on_spend_action_spends_one() -> None:
    kit = await table()
    await kit.turns.next(GM, CHANNEL)  # the slow player phase: Kaladin's slow turn starts
    seen = (await kit.changes.current(CHANNEL)).version
    spent = await kit.turns.take(PLAYER, CHANNEL, TurnAct.ACTION, seen_version=seen)
    assert spent.record.encounter.find("Kaladin").turn.actions == 2
    with pytest.raises(EncounterError, match="changed since this card was shown"):
        await kit.turns.take(PLAYER, CHANNEL, TurnAct.ACTION, seen_version=seen)
    assert (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").turn.actions == 2


async def test_changes_made_at_once_are_all_kept() -> None:
    kit = await table(FakeEncounterStore(yielding=True))
    await kit.turns.take(GM, CHANNEL, TurnAct.FAST, "Bandit 1")
    asked = [kit.turns.condition(GM, CHANNEL, name, Affliction(ConditionName.EXHAUSTED, 1))
             for name in ("Bandit 1", "Bandit 2", "Kaladin")]
    await asyncio.gather(*asked)
    encounter = (await kit.changes.current(CHANNEL)).encounter
    assert all(c.conditions[0].label == "Exhausted -1" for c in encounter.combatants)
    assert encounter.find("Bandit 1").turn.speed is Speed.FAST


async def test_conditions_by_the_owner_and_removed() -> None:
    kit = await table()
    given = await kit.turns.condition(PLAYER, CHANNEL, "Kaladin",
                                      Affliction(ConditionName.STUNNED, rounds=1))
    assert given.record.encounter.find("Kaladin").conditions[0].name is ConditionName.STUNNED
    with pytest.raises(NotAllowedError):
        await kit.turns.condition(PLAYER, CHANNEL, "Bandit 1",
                                  Affliction(ConditionName.PRONE))
    removed = await kit.turns.uncondition(GM, CHANNEL, "Kaladin", ConditionName.STUNNED)
    assert removed.record.encounter.find("Kaladin").conditions == ()
