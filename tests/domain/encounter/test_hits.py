"""Damage landing on a combatant's health and health recovered."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.hits import heal, hit


def fight() -> Encounter:
    return Encounter(combatants=(
        Combatant("Kaladin", Side.PLAYER, Role.RIVAL, 1, 15, 15, deflect=2),
        Combatant("Bandit 2", Side.ENEMY, Role.MINION, 9, 11, 11, deflect=2,
                  damage_immunities=frozenset({DamageType.SPIRIT})),
        Combatant("Szeth", Side.ENEMY, Role.BOSS, 9, 40, 40)))


def test_the_arithmetic_and_the_health_before_and_after() -> None:
    outcome, landing = hit(fight(), "bandit 2", 12, DamageType.KEEN, dealer="Kaladin")
    assert landing.said == "12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1"
    assert outcome.encounter.find("Bandit 2").health == 1
    assert outcome.encounter.find("Kaladin").tally.damage_dealt == 10
    assert [e.kind for e in outcome.events] == [EventKind.DAMAGE_TAKEN]


def test_an_immunity_takes_nothing_and_pierce_ignores_deflect() -> None:
    _, immune = hit(fight(), "Bandit 2", 7, DamageType.SPIRIT)
    assert immune.said == "7 spirit: immune = 0 -> Bandit 2: 11 -> 11"
    _, pierced = hit(fight(), "Bandit 2", 7, DamageType.KEEN, pierce=True)
    assert pierced.said == "7 keen (Pierce) -> Bandit 2: 11 -> 4"


def test_at_zero_a_minion_is_defeated_and_anyone_else_falls_unconscious() -> None:
    outcome, landing = hit(fight(), "Bandit 2", 30, DamageType.VITAL)
    assert (landing.after, outcome.encounter.find("Bandit 2").defeated) == (0, True)
    assert outcome.events[-1].kind is EventKind.DEFEATED
    outcome, _ = hit(fight(), "Kaladin", 30, DamageType.IMPACT)
    kaladin = outcome.encounter.find("Kaladin")
    assert (kaladin.health, kaladin.defeated) == (0, False)
    assert [c.name for c in kaladin.conditions] == [ConditionName.UNCONSCIOUS]
    with pytest.raises(EncounterError, match="Bandit 2 is defeated"):
        hit(hit(fight(), "Bandit 2", 30, None)[0].encounter, "Bandit 2", 1, None)


def test_healing_up_to_the_maximum_and_never_waking() -> None:
    hurt, _ = hit(fight(), "Kaladin", 30, None)
    healed = heal(hurt.encounter, "Kaladin", 50)
    kaladin = healed.encounter.find("Kaladin")
    assert (kaladin.health, healed.events[0].amount) == (15, 15)
    assert [c.name for c in kaladin.conditions] == [ConditionName.UNCONSCIOUS]
    with pytest.raises(EncounterError, match="healing from 1 to 9999"):
        heal(fight(), "Kaladin", 0)
