"""Damage taken: health never below 0, and Unconscious at 0."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.health import take_damage
from nazh.domain.encounter.timing import Moment, Phase
from tests.domain.encounter.builders import enemy, player

NOW = Moment.of(1, Phase.SLOW_PLAYERS)


def test_damage_lowers_health_and_is_counted() -> None:
    kaladin, events = take_damage(player("Kaladin", health=20), 7, NOW)
    assert (kaladin.health, kaladin.tally.damage_taken) == (13, 7)
    assert [(e.kind, e.amount) for e in events] == [(EventKind.DAMAGE_TAKEN, 7)]


def test_at_zero_health_a_players_character_falls_unconscious() -> None:
    bandit, events = take_damage(player("Kaladin", health=5), 9, NOW)
    assert (bandit.health, bandit.tally.damage_taken) == (0, 5)
    assert [e.kind for e in events] == [EventKind.DAMAGE_TAKEN, EventKind.CONDITION_ADDED]
    assert [c.name for c in bandit.conditions] == [ConditionName.UNCONSCIOUS]
    assert bandit.tally.conditions == (ConditionName.UNCONSCIOUS,)


def test_no_second_unconscious_and_none_for_the_immune() -> None:
    fallen, _ = take_damage(player("Kaladin", health=5), 5, NOW)
    _, again = take_damage(replace(fallen, health=1), 3, NOW)
    golem = replace(player("Golem", health=5),
                    immunities=frozenset({ConditionName.UNCONSCIOUS}))
    golem, events = take_damage(golem, 5, NOW)
    assert [e.kind for e in again] == [EventKind.DAMAGE_TAKEN]
    assert ([e.kind for e in events], golem.conditions) == ([EventKind.DAMAGE_TAKEN], ())


def test_no_damage_at_zero_health_changes_nothing_more() -> None:
    fallen, _ = take_damage(enemy("Bandit", health=5), 5, NOW)
    still, events = take_damage(replace(fallen, conditions=()), 4, NOW)
    assert [(e.kind, e.amount) for e in events] == [(EventKind.DAMAGE_TAKEN, 0)]
    assert still.conditions == ()
