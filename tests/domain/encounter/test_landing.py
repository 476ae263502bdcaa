"""An attack's parts of damage due (hit, graze, critical hit's difference), each application
kept on the combatant and in its event, and the latest undone; with property tests of the
arithmetic on scripted dice: health never below 0, what is applied is what is taken capped by
health, and a part lands once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.attack import Attack, Step, view
from nazh.domain.encounter.applied import KEPT_APPLICATIONS, Applied, AppliedKind
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.damage import DamageType, landed
from nazh.domain.encounter.dues import Due, Part, dues
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.hits import heal, hit, undo
from nazh.domain.results import RollResult
from nazh.domain.spending import Spent, Use
from tests.domain.kit import rolled
from tests.fakes import d


def fight(health: int = 11, deflect: int = 2, role: Role = Role.RIVAL,
          side: Side = Side.ENEMY) -> Encounter:
    return Encounter(combatants=(
        Combatant("Kaladin", Side.PLAYER, Role.RIVAL, 1, 15, 15),
        Combatant("Bandit", side, role, 9, health, 40, deflect=deflect)))


def attacked(natural: int, modifier: int, faces: tuple[int, ...], defense: int = 12,
             steps: tuple[Step, ...] = ()) -> tuple[RollResult, Attack]:
    """An attack 1d20+``modifier`` against ``defense`` with ``len(faces)``d8, its dice
    scripted."""
    sign = f"{modifier:+d}" if modifier else ""
    result, terms = rolled(f"1d20{sign}", f"{len(faces)}d8", defense, d(20, natural),
                           d(8, *faces))
    return result, replace(terms, steps=steps)


CRITICAL = (Spent(Use.CRITICAL, 1),)


def test_a_hit_owes_its_damage_and_a_critical_hit_its_difference() -> None:
    result, attack = attacked(15, 4, (3, 5))
    assert dues(view(result, attack)) == (Due(Part.HIT, 12),)
    assert dues(view(result, attack, CRITICAL)) == (
        Due(Part.HIT, 12), Due(Part.CRITICAL, 20, 12))


def test_a_miss_owes_nothing_until_it_is_grazed() -> None:
    result, attack = attacked(3, 4, (3, 5))
    assert dues(view(result, attack)) == ()
    assert dues(view(result, attack.then(Step.GRAZE))) == (Due(Part.GRAZE, 8),)


def test_a_critical_hit_s_difference_is_deflected_once_with_the_hit() -> None:
    first, _ = hit(fight(30), "Bandit", 7, DamageType.KEEN)
    outcome, landing = hit(first.encounter, "Bandit", 12, DamageType.KEEN, already=7)
    assert landing.said == "12 keen - 2 deflect = 10, less 5 already taken = 5 -> Bandit: " \
                           "25 -> 20"
    assert outcome.encounter.find("Bandit").health == 20


def test_an_application_is_kept_on_the_combatant_and_in_its_event() -> None:
    outcome, _ = hit(fight(), "Bandit", 12, DamageType.KEEN, dealer="Kaladin", roll_id="r1")
    applied = Applied(AppliedKind.DAMAGE, 12, DamageType.KEEN, 2, 10, 11, 1, "r1", "Kaladin")
    assert outcome.encounter.find("Bandit").applications == (applied,)
    assert outcome.events[0].applied == applied
    assert applied.said == "12 keen - 2 deflect · roll r1"


def test_undo_gives_back_the_health_the_fall_and_the_tallies() -> None:
    # an ally falls Unconscious at 0 (an enemy is defeated: part 7, Defeated Adversaries)
    fallen, landing = hit(fight(5, side=Side.ALLY), "Bandit", 12, DamageType.KEEN,
                          dealer="Kaladin")
    assert landing.injury
    assert landing.fell
    outcome = undo(fallen.encounter, "bandit")
    bandit = outcome.encounter.find("Bandit")
    assert (bandit.health, has(bandit.conditions, ConditionName.UNCONSCIOUS)) == (5, False)
    assert (bandit.tally.damage_taken, bandit.applications) == (0, ())
    assert outcome.encounter.find("Kaladin").tally.damage_dealt == 0
    assert [e.kind for e in outcome.events] == [EventKind.APPLICATION_UNDONE]


def test_undo_brings_a_defeated_minion_or_enemy_back_and_takes_healing_back() -> None:
    for role in (Role.MINION, Role.RIVAL):
        beaten, _ = hit(fight(5, role=role), "Bandit", 12, None)
        assert beaten.encounter.find("Bandit").defeated
        assert not undo(beaten.encounter, "Bandit").encounter.find("Bandit").defeated
    healed = heal(fight(5), "Bandit", 4)
    assert undo(healed.encounter, "Bandit").encounter.find("Bandit").health == 5


def test_undo_refuses_when_there_is_nothing_to_undo() -> None:
    with pytest.raises(EncounterError, match="Kaladin has no damage or healing to undo"):
        undo(fight(), "Kaladin")


def test_only_the_latest_applications_are_kept() -> None:
    encounter = fight(40, 0)
    for _ in range(KEPT_APPLICATIONS + 3):
        encounter = hit(encounter, "Bandit", 1, None)[0].encounter
    assert len(encounter.find("Bandit").applications) == KEPT_APPLICATIONS


faces = st.lists(st.integers(1, 8), min_size=1, max_size=4).map(tuple)
types = st.sampled_from([None, *DamageType])


@given(st.integers(1, 20), st.integers(-3, 6), faces, st.integers(5, 30), types,
       st.integers(0, 6), st.integers(0, 40), st.booleans(), st.booleans())
def test_an_attack_s_parts_land_within_health_and_as_the_arithmetic_says(
        natural: int, modifier: int, dice: tuple[int, ...], defense: int,
        kind: DamageType | None, deflect: int, health: int, critical: bool,
        graze: bool) -> None:
    result, attack = attacked(natural, modifier, dice, defense)
    missed = view(result, attack).hit is False
    attack = attack.then(Step.GRAZE) if graze and missed else attack
    spent = CRITICAL if critical and not missed else ()
    encounter = fight(health, deflect, side=Side.ALLY)  # at 0 it falls, and is hit again
    taken = 0
    parts = dues(view(result, attack, spent))
    assert len({due.part for due in parts}) == len(parts)  # each part is due once
    for due in parts:
        before = encounter.find("Bandit")
        outcome, landing = hit(encounter, "Bandit", due.amount, kind, already=due.already)
        encounter = outcome.encounter
        after = encounter.find("Bandit")
        assert after.health >= 0
        assert after.applications[-1].applied == min(landing.landed.taken, before.health)
        assert before.health - after.health == after.applications[-1].applied
        taken += landing.landed.taken
    # the parts together take what the whole damage dealt takes after deflect, once
    whole = view(result, attack, spent).damage_dealt
    expected = 0 if whole is None else landed(whole, kind, deflect=deflect).taken
    assert taken == expected
