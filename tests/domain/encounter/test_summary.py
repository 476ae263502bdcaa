"""The tallies kept in the encounter and its summary at the end."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import next_phase
from nazh.domain.encounter.summary import (
    record_critical_hit,
    record_damage,
    record_graze,
    record_injury,
    summarize,
)
from nazh.domain.encounter.tally import Tally
from tests.domain.encounter.builders import enemy, fight, kinds, player


def test_damage_lowers_health_and_is_counted_taken_and_dealt() -> None:
    outcome = record_damage(fight(player("Kaladin"), enemy("Bandit", health=10)), "Bandit", 7,
                            dealer="Kaladin")
    assert kinds(outcome) == [EventKind.DAMAGE_TAKEN]
    last = record_damage(outcome.encounter, "Bandit", 7, dealer="Kaladin")
    assert kinds(last) == [EventKind.DAMAGE_TAKEN, EventKind.DEFEATED]  # an enemy at 0
    bandit, kaladin = last.encounter.find("Bandit"), last.encounter.find("Kaladin")
    assert (bandit.health, bandit.tally.damage_taken, kaladin.tally.damage_dealt) == (0, 10, 10)


def test_damage_must_be_from_0_to_9999() -> None:
    with pytest.raises(EncounterError, match=r"damage from 0 to 9999 \(got -1\)"):
        record_damage(fight(player("Kaladin")), "Kaladin", -1)


def test_a_minion_is_defeated_by_its_first_injury_a_rival_is_not() -> None:
    encounter = fight(enemy("Guard", Role.MINION), enemy("Captain"))
    outcome = record_injury(encounter, "Guard")
    assert kinds(outcome) == [EventKind.DEFEATED]
    captain = record_injury(outcome.encounter, "Captain")
    assert kinds(captain) == []
    assert [(c.defeated, c.tally.injuries) for c in captain.encounter.combatants] == [
        (True, 1), (False, 1)]


def test_the_summary_holds_the_rounds_and_every_combatants_tally() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = record_critical_hit(encounter, "Kaladin").encounter
    encounter = record_graze(encounter, "Kaladin").encounter
    encounter = give_condition(encounter, "Bandit", Affliction(ConditionName.PRONE)).encounter
    encounter = give_condition(encounter, "Bandit", Affliction(ConditionName.PRONE)).encounter
    while encounter.round < 3:
        encounter = next_phase(encounter).encounter
    summary = summarize(encounter)
    assert (summary.name, summary.rounds) == ("Ambush", 3)
    assert [(line.name, line.tally) for line in summary.lines] == [
        ("Kaladin", Tally(critical_hits=1, grazes=1)),
        ("Bandit", Tally(conditions=(ConditionName.PRONE,))),
    ]
