"""A turn's start and end: actions, the reaction, Afflicted, Surprised, "until end of next turn"."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.acts import (
    Affliction,
    give_back_action,
    give_condition,
    spend_action,
    spend_reaction,
)
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.timing import Phase, Speed
from tests.domain.encounter.builders import enemy, fight, kinds, of_kind, player


def afflicted(encounter: Encounter, name: str, condition: ConditionName, value: int = 0, *,
              source: str = "", until_next_turn_end: bool = False) -> Encounter:
    affliction = Affliction(condition, value, source=source,
                            until_next_turn_end=until_next_turn_end)
    return give_condition(encounter, name, affliction).encounter


def fast(encounter: Encounter, name: str = "Kaladin") -> Encounter:
    return choose_speed(encounter, name, Speed.FAST).encounter


@pytest.mark.parametrize(("speed", "conditions", "actions"), [
    (Speed.FAST, (), 2),
    (Speed.SLOW, (), 3),
    (Speed.FAST, (ConditionName.STUNNED,), 0),
    (Speed.SLOW, (ConditionName.STUNNED,), 1),
    (Speed.SLOW, (ConditionName.SURPRISED,), 2),
    (Speed.SLOW, (ConditionName.STUNNED, ConditionName.SURPRISED), 0),
    (Speed.SLOW, (ConditionName.UNCONSCIOUS,), 0),
])
def test_a_turn_starts_with_its_actions_less_what_its_conditions_take(
        speed: Speed, conditions: tuple[ConditionName, ...], actions: int) -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    for condition in conditions:
        encounter = afflicted(encounter, "Kaladin", condition)
    encounter = fast(encounter) if speed is Speed.FAST else next_phase(encounter).encounter
    assert encounter.find("Kaladin").turn.actions == actions


def test_spending_actions_until_none_is_left_is_refused_then() -> None:
    encounter = fast(fight(player("Kaladin")))
    for left in (1, 0):
        outcome = spend_action(encounter, "Kaladin")
        assert of_kind(outcome, EventKind.ACTION_SPENT)[0].amount == left
        encounter = outcome.encounter
    with pytest.raises(EncounterError, match="Kaladin has no action left this turn"):
        spend_action(encounter, "Kaladin")


def test_actions_are_spent_only_in_the_combatants_own_turn() -> None:
    with pytest.raises(EncounterError, match="Kaladin is not taking a turn now"):
        spend_action(fight(player("Kaladin")), "Kaladin")


def test_an_action_given_back_returns_one_never_above_what_the_turn_started_with() -> None:
    encounter = afflicted(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                          ConditionName.STUNNED)
    encounter = next_phase(encounter).encounter
    assert encounter.find("Kaladin").turn.actions_at_start == 1
    spent = spend_action(encounter, "Kaladin").encounter
    outcome = give_back_action(spent, "kaladin")
    assert kinds(outcome) == [EventKind.ACTION_RETURNED]
    assert of_kind(outcome, EventKind.ACTION_RETURNED)[0].amount == 1
    assert outcome.encounter.find("Kaladin").turn.actions == 1
    with pytest.raises(EncounterError, match=r"Kaladin has spent no action this turn \(1 "
                                             r"left\)"):
        give_back_action(outcome.encounter, "Kaladin")


def test_an_action_is_given_back_only_during_the_running_turn() -> None:
    encounter = spend_action(fast(fight(player("Kaladin"), enemy("Bandit"))),
                             "Kaladin").encounter
    ended = done(encounter, "Kaladin").encounter
    with pytest.raises(EncounterError, match="Kaladin is not taking a turn now: an action is "
                                             "given back only during the turn"):
        give_back_action(ended, "Kaladin")
    with pytest.raises(EncounterError, match="Kaladin is not taking a turn now"):
        give_back_action(fight(player("Kaladin")), "Kaladin")


def test_the_reaction_is_spent_once_and_comes_back_at_the_start_of_the_next_turn() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = spend_reaction(encounter, "Kaladin").encounter
    with pytest.raises(EncounterError, match="Kaladin has no reaction left this round"):
        spend_reaction(encounter, "Kaladin")
    encounter = fast(encounter)
    assert encounter.find("Kaladin").turn.reaction is True


@pytest.mark.parametrize("condition", [ConditionName.STUNNED, ConditionName.DISORIENTED,
                                       ConditionName.SURPRISED, ConditionName.UNCONSCIOUS])
def test_conditions_that_take_reactions_away_refuse_the_reaction(
        condition: ConditionName) -> None:
    encounter = afflicted(fight(player("Kaladin")), "Kaladin", condition)
    with pytest.raises(EncounterError, match=f"Kaladin is {condition.title} and has no "
                                             "reactions"):
        spend_reaction(encounter, "Kaladin")


def test_afflicted_deals_its_damage_at_the_end_of_each_turn() -> None:
    """Part 2 "Conditions", Afflicted: "resolve each effect separately": one damage each."""
    encounter = afflicted(fight(player("Kaladin", health=20)), "Kaladin",
                          ConditionName.AFFLICTED, 3, source="fire")
    encounter = afflicted(encounter, "Kaladin", ConditionName.AFFLICTED, 2, source="poison")
    outcome = done(fast(encounter), "Kaladin")
    damage = of_kind(outcome, EventKind.AFFLICTED_DAMAGE)
    assert [(e.combatant, e.amount) for e in damage] == [("Kaladin", 3), ("Kaladin", 2)]
    kaladin = outcome.encounter.find("Kaladin")
    assert (kaladin.health, kaladin.tally.damage_taken) == (15, 5)


def test_afflicted_damage_stops_at_zero_health() -> None:
    encounter = afflicted(fight(player("Kaladin", health=2)), "Kaladin",
                          ConditionName.AFFLICTED, 5)
    outcome = done(fast(encounter), "Kaladin")
    assert of_kind(outcome, EventKind.AFFLICTED_DAMAGE)[0].amount == 2
    assert outcome.encounter.find("Kaladin").health == 0


def test_surprised_ends_at_the_end_of_the_next_turn() -> None:
    encounter = afflicted(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                          ConditionName.SURPRISED)
    encounter = next_phase(encounter).encounter
    assert encounter.find("Kaladin").turn.actions == 2
    outcome = done(encounter, "Kaladin")
    ended = of_kind(outcome, EventKind.CONDITION_ENDED)
    assert [e.condition.name for e in ended if e.condition] == [ConditionName.SURPRISED]
    assert outcome.encounter.find("Kaladin").conditions == ()


def test_until_the_end_of_the_next_turn_ends_when_that_turn_ends_fast_or_slow() -> None:
    encounter = afflicted(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                          ConditionName.FOCUSED, until_next_turn_end=True)
    outcome = done(fast(encounter), "Kaladin")
    assert kinds(outcome)[:2] == [EventKind.TURN_ENDED, EventKind.CONDITION_ENDED]


def test_until_the_end_of_the_next_turn_taken_during_a_turn_lasts_through_the_next_one() -> None:
    encounter = fast(fight(player("Kaladin"), enemy("Bandit")))
    encounter = afflicted(encounter, "Kaladin", ConditionName.FOCUSED, until_next_turn_end=True)
    encounter = done(encounter, "Kaladin").encounter
    assert [c.name for c in encounter.find("Kaladin").conditions] == [ConditionName.FOCUSED]
    while encounter.round < 2 or encounter.phase.index < 2:
        encounter = next_phase(encounter).encounter
    outcome = done(encounter, "Kaladin")
    assert EventKind.CONDITION_ENDED in kinds(outcome)
    assert outcome.encounter.find("Kaladin").conditions == ()


def test_unused_actions_are_lost_at_the_end_of_the_turn() -> None:
    encounter = done(fast(fight(player("Kaladin"), player("Shallan"))), "Kaladin").encounter
    assert encounter.find("Kaladin").turn.actions == 0


def test_turns_in_a_phase_come_one_after_another_and_the_reaction_with_each() -> None:
    """Part 3 "Order of Combat": "at the start of each of your turns, you gain a new reaction
    ... Each reaction lasts until the start of your next turn": Kaladin and Syl's slow turns
    share a phase; Kaladin's reaction, spent before, comes back when his turn begins (his
    first act), not when the phase starts; the last turn left in a phase begins by itself."""
    encounter = fight(player("Kaladin"), player("Syl", 2), enemy("Bandit"))
    encounter = spend_reaction(encounter, "Kaladin").encounter
    slow = next_phase(encounter).encounter  # the fast adversaries' skipped: slow players'
    assert slow.phase is Phase.SLOW_PLAYERS
    kaladin = slow.find("Kaladin")
    assert (kaladin.turn.current, kaladin.turn.begun, kaladin.reaction_left) == (
        Speed.SLOW, False, False)
    with pytest.raises(EncounterError, match="Kaladin has no reaction left this round"):
        spend_reaction(slow, "Kaladin")
    acted = spend_action(slow, "Kaladin")
    assert acted.encounter.find("Kaladin").reaction_left
    lone = done(slow, "Syl")  # Syl's turn ends first: Kaladin's is the one left, begun
    assert lone.encounter.find("Kaladin").turn.begun
    assert lone.encounter.find("Kaladin").reaction_left
