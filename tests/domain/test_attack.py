"""The attack's rules: hit against the defense, damage, graze, critical hit; scripted dice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.attack import Attack, Step, prepare, view
from nazh.domain.errors import AttackError, LimitError, NotationError, RollStateError
from nazh.domain.spending import Use, opportunities, spend
from tests.domain.kit import d20_faces, dice, rolled
from tests.fakes import d


def test_a_hit_deals_the_dice_plus_the_test_s_modifier() -> None:
    result, terms = rolled("1d20+5", "2d6", 15, d(20, 12), d(6, 4, 3))
    attack = view(result, terms)
    assert attack.test.total == 17
    assert attack.hit is True
    assert attack.dice == (4, 3)
    assert (attack.hit_damage, attack.graze, attack.critical_damage) == (12, 7, 17)
    assert attack.damage_dealt == 12


def test_the_damage_s_own_modifier_replaces_the_test_s() -> None:
    _, terms = rolled("1d20+5", "2d6+3", 15, d(20, 12), d(6, 4, 3))
    assert terms.modifier == 3
    _, zero = rolled("1d20+5", "2d6+0", 15, d(20, 12), d(6, 4, 3))
    assert zero.modifier == 0


def test_a_miss_can_be_grazed_once_and_deals_the_dice_alone() -> None:
    result, terms = rolled("1d20+2", "1d8", 15, d(20, 9), d(8, 6))
    attack = view(result, terms)
    assert attack.hit is False
    assert attack.damage_dealt is None
    assert attack.can(Step.GRAZE)
    grazed = view(result, attack.record(Step.GRAZE))
    assert (grazed.grazed, grazed.damage_dealt) == (True, 6)
    with pytest.raises(RollStateError, match="already grazed"):
        grazed.record(Step.GRAZE)


def test_a_hit_cannot_be_grazed_and_its_defense_decides_it() -> None:
    result, terms = rolled("1d20+5", "1d8", 10, d(20, 10), d(8, 2))
    attack = view(result, terms)
    with pytest.raises(RollStateError, match="a hit cannot be grazed"):
        attack.record(Step.GRAZE)
    with pytest.raises(RollStateError, match="defense decides"):
        attack.record(Step.HIT)


def test_without_a_defense_the_attacker_records_a_hit_or_a_graze() -> None:
    result, terms = rolled("1d20", "1d6", None, d(20, 11), d(6, 5))
    attack = view(result, terms)
    assert attack.hit is None
    assert attack.can(Step.HIT)
    assert attack.can(Step.GRAZE)
    hit = view(result, attack.record(Step.HIT))
    assert (hit.hit, hit.damage_dealt) == (True, 5)
    assert not hit.can(Step.GRAZE)
    graze = view(result, attack.record(Step.GRAZE))
    assert (graze.hit, graze.damage_dealt) == (False, 5)


def test_a_natural_20_hit_made_critical_deals_every_die_at_its_maximum() -> None:
    result, terms = rolled("1d20+3", "2d8", 25, d(20, 20), d(8, 1, 2))
    attack = view(result, terms)
    assert attack.hit is False  # 23 against 25: a natural 20 is an Opportunity, not a hit
    result, terms = rolled("1d20+3", "2d8", 20, d(20, 20), d(8, 1, 2))
    attack = view(result, terms)
    assert (attack.hit, attack.opportunities, attack.can_be_critical) == (True, 1, True)
    spent = spend(result, (), Use.CRITICAL, 7, critical=attack.can_be_critical)
    critical = view(result, terms, spent)
    assert critical.critical
    assert critical.damage_dealt == 16 + 3
    with pytest.raises(RollStateError, match="no Opportunity left"):
        spend(result, spent, Use.CRITICAL, 7, critical=critical.can_be_critical)


def test_the_plot_die_s_complication_adds_to_the_test_and_its_opportunity_counts() -> None:
    result, terms = rolled("1d20+4, p", "1d6", 15, d(20, 9), d(6, 4), d(6, 2))
    attack = view(result, terms)
    assert attack.test.total == 9 + 4 + 4  # Complication +4: a hit
    assert (attack.hit, attack.complications) == (True, 1)
    result, terms = rolled("1d20+4, p", "1d6", 15, d(20, 9), d(6, 3), d(6, 6))
    assert view(result, terms).opportunities == 1


@pytest.mark.parametrize(("test", "damage", "defense", "error", "match"), [
    ("2d20+5", "2d6", None, AttackError, "test: an attack test is one d20"),
    ("1d20, 1d20", "2d6", None, AttackError, "test: an attack test is one d20"),
    ("1d6+5", "2d6", None, AttackError, "test: an attack test is one d20"),
    ("1d20", "p", None, AttackError, "damage: the plot die belongs to the test"),
    ("1d20", "2d6, p", None, AttackError, "damage: the plot die belongs to the test"),
    ("1d20", "1d20+3", None, AttackError, "damage: damage dice are not a test"),
    ("1d20", "2d6, 1d4", None, AttackError, "damage: one pool of damage dice"),
    ("1d20", "2d6", -1, AttackError, "defense: must be 0-100"),
    ("1d20", "2d6", 101, AttackError, "defense: must be 0-100"),
    ("1d2O", "2d6", None, NotationError, "^test: "),
    ("1d20", "2x6", None, NotationError, "^damage: "),
    ("1d20", "21d6", None, LimitError, "^damage: .*at most 20 dice"),
])
def test_bad_options_are_refused_naming_the_option(
        test: str, damage: str, defense: int | None, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        prepare(test, damage, defense)


def test_every_attack_hits_a_defense_of_0() -> None:
    result, terms = rolled("1d20-10", "1d6", 0, d(20, 1), d(6, 4))
    attack = view(result, terms)
    assert (result.dc, attack.test.total, attack.hit, attack.damage_dealt) == (0, 1, True, 1)


@given(natural=d20_faces, damage=dice, modifier=st.integers(-10, 10),
       defense=st.integers(0, 40))
def test_the_arithmetic_of_any_attack(natural: int, damage: list[int], modifier: int,
                                      defense: int) -> None:
    sign = f"{modifier:+d}" if modifier else ""
    result, terms = rolled(f"1d20{sign}", f"{len(damage)}d6", defense, d(20, natural),
                           d(6, *damage))
    attack = view(result, terms)
    total = max(1, natural + modifier)
    assert attack.hit is (total >= defense)
    assert attack.graze == sum(damage)
    assert attack.hit_damage == max(1, sum(damage) + modifier)
    assert attack.critical_damage == max(1, 6 * len(damage) + modifier)
    assert attack.critical_damage >= attack.hit_damage
    assert attack.opportunities == opportunities(result) == int(natural == 20)
    assert attack.complications == int(natural == 1)
    assert attack.can(Step.GRAZE) is (not attack.hit)
    assert attack.can_be_critical is attack.hit
    assert attack.damage_dealt == (attack.hit_damage if attack.hit else None)


def test_an_attack_that_cannot_graze_refuses_the_graze_saying_why() -> None:
    result, terms = rolled("1d20+1", "1d8", 14, d(20, 3), d(8, 5))
    cannot = view(result, Attack(terms.defense, terms.modifier, can_graze=False))
    assert cannot.hit is False
    assert not cannot.can(Step.GRAZE)
    with pytest.raises(RollStateError, match="this attack cannot graze"):
        cannot.record(Step.GRAZE)
    assert view(result, terms).can(Step.GRAZE)


def test_without_a_defense_an_attack_that_cannot_graze_records_only_a_hit() -> None:
    result, terms = rolled("1d20+1", "1d8", None, d(20, 3), d(8, 5))
    cannot = view(result, Attack(None, terms.modifier, can_graze=False))
    assert cannot.can(Step.HIT)
    assert not cannot.can(Step.GRAZE)
    assert cannot.record(Step.HIT).steps == (Step.HIT,)


def test_a_fixed_damage_is_what_a_hit_deals_and_the_dice_still_graze_and_crit() -> None:
    result, terms = rolled("1d20+6", "1d8+3", 15, d(20, 12), d(8, 2))
    attack = view(result, Attack(terms.defense, terms.modifier, fixed=7))
    assert attack.hit is True
    assert (attack.hit_damage, attack.graze, attack.critical_damage) == (7, 2, 11)
    assert attack.damage_dealt == 7
