"""Conditions given and removed, durations ending in the right phase, Determined, defeat."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import (
    Affliction,
    defeat,
    give_condition,
    keep_speed,
    remove_condition,
    use_determined,
)
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, next_phase, waiting_for
from nazh.domain.encounter.timing import Moment, Phase, Speed
from nazh.domain.encounter.turns import start_turn
from tests.domain.encounter.builders import enemy, fight, kinds, of_kind, player


def test_a_condition_is_given_with_its_event_and_counted_as_suffered() -> None:
    outcome = give_condition(fight(player("Kaladin")), "kaladin",
                             Affliction(ConditionName.EXHAUSTED, 2))
    added = of_kind(outcome, EventKind.CONDITION_ADDED)[0]
    assert (added.combatant, added.condition and added.condition.label) == (
        "Kaladin", "Exhausted -2")
    assert outcome.encounter.find("Kaladin").tally.conditions == (ConditionName.EXHAUSTED,)


def test_a_condition_the_combatant_is_immune_to_is_refused() -> None:
    golem = replace(enemy("Golem"), immunities=frozenset({ConditionName.PRONE}))
    with pytest.raises(EncounterError, match="Golem is immune to Prone"):
        give_condition(fight(golem), "Golem", Affliction(ConditionName.PRONE))


def test_a_duration_ends_at_the_start_of_the_same_phase_rounds_later() -> None:
    encounter = next_phase(fight(player("Kaladin"), enemy("Bandit"))).encounter
    assert encounter.moment == Moment.of(1, Phase.SLOW_PLAYERS)
    encounter = give_condition(encounter, "Bandit",
                               Affliction(ConditionName.PRONE, rounds=1)).encounter
    ended_at = []
    for _ in range(6):
        outcome = next_phase(encounter)
        ended_at += [e.moment for e in of_kind(outcome, EventKind.CONDITION_ENDED)]
        encounter = outcome.encounter
    assert ended_at == [Moment.of(2, Phase.SLOW_PLAYERS)]


def test_a_duration_ends_even_when_its_phase_is_skipped() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = give_condition(encounter, "Kaladin",
                               Affliction(ConditionName.STUNNED, rounds=1)).encounter
    encounter = next_phase(encounter).encounter
    encounter = next_phase(next_phase(encounter).encounter).encounter
    assert encounter.moment == Moment.of(2, Phase.FAST_PLAYERS)
    assert encounter.find("Kaladin").conditions == ()


def test_removing_surprised_in_the_bosss_fast_phase_starts_its_fast_turn() -> None:
    encounter = fight(player("Kaladin"), enemy("Szeth", Role.BOSS), enemy("Bandit"))
    encounter = give_condition(encounter, "Szeth", Affliction(ConditionName.SURPRISED)).encounter
    encounter = choose_speed(encounter, "Bandit", Speed.FAST).encounter
    encounter = next_phase(encounter).encounter
    assert encounter.phase is Phase.FAST_ADVERSARIES
    outcome = remove_condition(encounter, "Szeth", ConditionName.SURPRISED)
    assert kinds(outcome) == [EventKind.CONDITION_REMOVED, EventKind.TURN_STARTED]
    assert [c.name for c in waiting_for(outcome.encounter)] == ["Szeth", "Bandit"]


def test_removing_a_condition_not_held_is_refused_with_what_is_held() -> None:
    encounter = give_condition(fight(player("Kaladin")), "Kaladin",
                               Affliction(ConditionName.EXHAUSTED, 1)).encounter
    with pytest.raises(EncounterError, match=r"Kaladin is not Prone \(its conditions: "
                                             r"Exhausted -1\)"):
        remove_condition(encounter, "Kaladin", ConditionName.PRONE)


def test_removing_enhanced_of_one_attribute_keeps_the_other() -> None:
    encounter = fight(player("Kaladin"))
    for attribute in (Attribute.STRENGTH, Attribute.SPEED):
        encounter = give_condition(encounter, "Kaladin", Affliction(
            ConditionName.ENHANCED, 1, attribute)).encounter
    encounter = remove_condition(encounter, "Kaladin", ConditionName.ENHANCED,
                                 attribute=Attribute.SPEED).encounter
    assert [c.attribute for c in encounter.find("Kaladin").conditions] == [Attribute.STRENGTH]


def test_determined_used_on_a_failed_test_ends_the_condition() -> None:
    encounter = give_condition(fight(player("Kaladin")), "Kaladin",
                               Affliction(ConditionName.DETERMINED)).encounter
    outcome = use_determined(encounter, "Kaladin")
    assert kinds(outcome) == [EventKind.DETERMINED_USED, EventKind.CONDITION_REMOVED]
    with pytest.raises(EncounterError, match="Kaladin is not Determined"):
        use_determined(outcome.encounter, "Kaladin")


def test_a_defeated_combatant_takes_no_more_turns() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = defeat(encounter, "Bandit").encounter
    starts = []
    for _ in range(6):
        outcome = next_phase(encounter)
        starts += [e.combatant for e in of_kind(outcome, EventKind.TURN_STARTED)]
        encounter = outcome.encounter
    assert "Bandit" not in starts
    with pytest.raises(EncounterError, match="Bandit is already defeated"):
        defeat(encounter, "Bandit")


def test_keep_speed_is_a_setting_of_the_encounter() -> None:
    encounter: Encounter = keep_speed(fight(player("Kaladin")), True).encounter
    assert encounter.keep_speed is True


def test_a_combatant_is_found_ignoring_case_or_the_error_lists_who_is_there() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    assert encounter.find(" BANDIT ").name == "Bandit"
    with pytest.raises(EncounterError, match=r'no combatant "Szeth" in this encounter '
                                             r"\(combatants: Kaladin, Bandit\)"):
        encounter.find("Szeth")


def test_a_turn_can_start_from_the_turns_module_alone() -> None:
    kaladin, events = start_turn(player("Kaladin"), Speed.SLOW, Moment.of(1, Phase.SLOW_PLAYERS))
    assert (kaladin.turn.actions, [e.amount for e in events]) == (3, [3])
