"""The odds of an attack: hand-computed exact values, brute-force enumeration on generated
attacks, the properties every attack's odds have, and bad input refused."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.domain.attack_odds import (
    AttackOdds,
    AttackTerms,
    DamageOdds,
    attack_odds,
    attack_spec,
    attack_terms,
    has_modifier,
)
from nazh.domain.errors import AttackError, LimitError, NazhError, NotationError, PlotDieError
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import Ranges
from nazh.domain.spec import DieMode

PLOT = {1: ("complication", 2), 2: ("complication", 4), 3: ("blank", 0), 4: ("blank", 0),
        5: ("opportunity", 0), 6: ("opportunity", 0)}  # written out apart from the code


def odds(test: str, defense: int, damage: str) -> AttackOdds:
    return attack_odds(attack_spec(parse_roll(test), AttackTerms(defense, damage)))


def fractions(damage: DamageOdds) -> dict[int, Fraction]:
    """Each value of a damage distribution with its exact probability."""
    dist = damage.distribution
    return {value: dist.fraction(value) for value in range(dist.low, dist.high + 1)}


# -- hand-computed ------------------------------------------------------------------------------


def test_a_plain_attack_by_hand() -> None:
    """1d20+5 against defense 15 with 1d6 damage: faces 10-20 hit (11 of 20), a natural 20 can
    be critical; a hit deals 1d6+5 (the test's modifier), a graze 1d6, a critical hit 6+5."""
    attack = odds("1d20+5", 15, "1d6")
    assert (attack.p_hit, attack.p_critical, attack.p_miss) == (
        Fraction(11, 20), Fraction(1, 20), Fraction(9, 20))
    assert fractions(attack.hit) == {v: Fraction(1, 6) for v in range(6, 12)}
    assert fractions(attack.graze) == {v: Fraction(1, 6) for v in range(1, 7)}
    assert fractions(attack.critical) == {11: 1}
    assert (attack.hit.mean, attack.graze.mean, attack.critical.mean) == (
        Fraction(17, 2), Fraction(7, 2), Fraction(11))
    # 10/20 plain hits of 8.5, 1/20 critical of 11; and 9/20 grazes of 3.5
    assert attack.expected_damage == Fraction(10, 20) * Fraction(17, 2) + Fraction(11, 20)
    assert attack.expected_damage == Fraction(24, 5)
    assert attack.expected_damage_grazing == Fraction(24, 5) + Fraction(9, 20) * Fraction(7, 2)
    assert attack.spec.modifier_from_test
    assert attack.spec.damage.notation == "1d6+5"


def test_the_plot_die_by_hand() -> None:
    """With the plot die: +2 (1 in 6) needs 8+, +4 (1 in 6) needs 6+, else 10+; an Opportunity
    (faces 5-6) makes any hit possibly critical, otherwise only a natural 20."""
    attack = odds("1d20+5, p", 15, "1d6+1")
    assert attack.p_hit == Fraction(4 * 11 + 13 + 15, 120) == Fraction(3, 5)
    assert attack.p_critical == Fraction(2 * 11 + 2 * 1 + 2 * 1, 120) == Fraction(13, 60)
    assert attack.hit.mean == Fraction(9, 2)  # 1d6+1: its own modifier
    assert not attack.spec.modifier_from_test
    assert attack.critical.mean == 7


def test_a_wider_opportunity_range_makes_more_hits_critical() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Opportunity and Complication
    Ranges) and part 3 (a critical hit spends an Opportunity): 19-20 both give one."""
    spec = attack_spec(parse_roll("1d20+5"), AttackTerms(15, "1d6", ranges=Ranges(19)))
    assert attack_odds(spec).p_critical == Fraction(2, 20)
    assert attack_odds(spec).test.p_opportunity == Fraction(2, 20)


def test_advantage_and_disadvantage_on_the_d20_by_hand() -> None:
    advantage = odds("a1d20+5", 15, "1d6")
    assert advantage.p_hit == 1 - Fraction(9, 20) ** 2 == Fraction(319, 400)
    assert advantage.p_critical == 1 - Fraction(19, 20) ** 2 == Fraction(39, 400)
    disadvantage = odds("d1d20+5", 15, "1d6")
    assert disadvantage.p_hit == Fraction(11, 20) ** 2
    assert disadvantage.p_critical == Fraction(1, 400)


def test_advantage_on_a_damage_die_by_hand() -> None:
    """The higher of two d6: face f in 2f - 1 of 36; a critical hit is still 6."""
    attack = odds("1d20", 10, "a1d6+0")
    assert fractions(attack.hit) == {f: Fraction(2 * f - 1, 36) for f in range(1, 7)}
    assert attack.hit.mean == Fraction(161, 36)
    assert attack.graze.mean == Fraction(161, 36)
    assert attack.critical.mean == 6


def test_an_explicit_zero_modifier_is_the_damage_s_own() -> None:
    attack = odds("1d20+5", 15, "2d6+0")
    assert not attack.spec.modifier_from_test
    assert attack.hit.mean == 7
    assert attack.critical.mean == 12


def test_damage_on_a_hit_is_at_least_1() -> None:
    """2d6-10: every sum up to 11 deals 1 (35 of 36), 12 deals 2."""
    attack = odds("1d20", 1, "2d6-10")
    assert fractions(attack.hit) == {1: Fraction(35, 36), 2: Fraction(1, 36)}
    assert attack.hit.mean == Fraction(37, 36)
    assert attack.critical.mean == 2
    assert attack.graze.mean == 7  # a graze has no modifier


def test_the_test_total_is_at_least_1() -> None:
    assert odds("1d20-10", 1, "1d4").p_hit == 1
    assert odds("1d20-10", 2, "1d4").p_hit == Fraction(9, 20)


def test_a_natural_20_that_misses_is_no_hit() -> None:
    attack = odds("1d20+5", 26, "1d6")
    assert (attack.p_hit, attack.p_critical) == (Fraction(0), Fraction(0))
    assert odds("1d20+5, p", 29, "1d6").p_hit == Fraction(1, 120)  # 20 + 5 + 4


def test_the_test_s_odds_are_judged_against_the_defense() -> None:
    attack = odds("a1d20+5, p", 15, "2d6")
    (pool,) = attack.test.pools
    assert pool.dc == 15
    assert pool.success_fraction() == attack.p_hit


# -- brute force ---------------------------------------------------------------------------------


def kept(sides: int, mode: DieMode) -> list[int]:
    if mode is DieMode.NORMAL:
        return list(range(1, sides + 1))
    pick = max if mode is DieMode.ADVANTAGE else min
    return [pick(a, b) for a, b in product(range(1, sides + 1), repeat=2)]


def brute_test(mode: DieMode, modifier: int, plot: bool,
               defense: int) -> tuple[Fraction, Fraction]:
    hits = criticals = outcomes = 0
    for face in kept(20, mode):
        for plot_face in (range(1, 7) if plot else [3]):
            outcome, bonus = PLOT[plot_face]
            outcomes += 1
            if max(1, face + modifier + bonus) >= defense:
                hits += 1
                criticals += face == 20 or outcome == "opportunity"
    return Fraction(hits, outcomes), Fraction(criticals, outcomes)


def brute_damage(modes: list[DieMode], sides: int,
                 modifier: int) -> tuple[dict[int, Fraction], dict[int, Fraction]]:
    hit: Counter[int] = Counter()
    graze: Counter[int] = Counter()
    for faces in product(*(kept(sides, mode) for mode in modes)):
        hit[max(1, sum(faces) + modifier)] += 1
        graze[sum(faces)] += 1
    total = sum(hit.values())
    return ({v: Fraction(n, total) for v, n in hit.items()},
            {v: Fraction(n, total) for v, n in graze.items()})


MODES = st.sampled_from(list(DieMode))


@st.composite
def attacks(draw: st.DrawFn) -> tuple[str, int, str]:
    """A test (one d20, maybe the plot die), a defense and damage of up to 3 small dice."""
    tag = draw(MODES).tag
    test = f"{tag}1d20{draw(st.integers(-12, 12)):+d}" + (", p" if draw(st.booleans()) else "")
    count = draw(st.integers(1, 3))
    tags = draw(st.text(alphabet="ad", max_size=count))  # the first dice's, positional
    damage = f"{tags}{count}d{draw(st.integers(2, 6))}"
    if draw(st.booleans()):
        damage += f"{draw(st.integers(-8, 8)):+d}"
    return test, draw(st.integers(1, 32)), damage


@settings(max_examples=60, deadline=None)
@given(attacks())
def test_the_odds_are_those_of_every_roll_enumerated(attack: tuple[str, int, str]) -> None:
    test, defense, damage = attack
    odds_ = odds(test, defense, damage)
    spec = odds_.spec
    pool = spec.test_pool
    assert (odds_.p_hit, odds_.p_critical) == brute_test(
        pool.modes[0], pool.modifier, spec.test.plot is not None, defense)
    hit, graze = brute_damage(list(spec.damage.modes), spec.damage.sides, spec.damage.modifier)
    assert {v: p for v, p in fractions(odds_.hit).items() if p} == hit
    assert {v: p for v, p in fractions(odds_.graze).items() if p} == graze
    expected_modifier = parse_roll(damage).pools[0].modifier if has_modifier(damage) \
        else pool.modifier
    assert spec.damage.modifier == expected_modifier
    assert odds_.critical.mean == max(1, spec.damage.count * spec.damage.sides
                                      + expected_modifier)


@settings(max_examples=100, deadline=None)
@given(attacks())
def test_every_attack_s_odds_add_up(attack: tuple[str, int, str]) -> None:
    odds_ = odds(*attack)
    assert 0 <= odds_.p_critical <= odds_.p_hit <= 1
    assert odds_.p_hit + odds_.p_miss == 1
    for damage in (odds_.hit, odds_.graze, odds_.critical):
        dist = damage.distribution
        assert sum(dist.fraction(v) for v in range(dist.low, dist.high + 1)) == 1
        assert damage.minimum <= damage.mean <= damage.maximum
        assert damage.minimum >= 1
    assert odds_.critical.mean >= odds_.hit.maximum  # every die at its maximum
    assert odds_.hit.minimum >= 1
    assert 0 <= odds_.expected_damage <= odds_.expected_damage_grazing
    assert odds_.expected_damage <= odds_.critical.mean


@settings(max_examples=100, deadline=None)
@given(st.integers(-12, 12), st.booleans(), st.integers(1, 40))
def test_advantage_never_lowers_the_chance_to_hit(modifier: int, plot: bool,
                                                   defense: int) -> None:
    suffix = ", p" if plot else ""
    chances = {tag: odds(f"{tag}1d20{modifier:+d}{suffix}", defense, "1d6")
               for tag in ("d", "", "a")}
    assert chances["d"].p_hit <= chances[""].p_hit <= chances["a"].p_hit
    assert chances["d"].p_critical <= chances[""].p_critical <= chances["a"].p_critical


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("test", "damage", "error", "says"), [
    ("2d6+5", "1d6", AttackError, "needs a d20 (2d6+5 has none)"),
    ("2d20+5", "1d6", AttackError, "exactly one d20 (2d20+5 has 2)"),
    ("1d20+5, 2d6", "1d6", AttackError, "not 2 pools"),
    ("p", "1d6", AttackError, "the plot die alone"),
    ("1d20", "2d6, p", PlotDieError, "the plot die is not a damage die"),
    ("1d20", "p", PlotDieError, "the plot die is not a damage die"),
    ("1d20", "2d6, 1d4", AttackError, "damage is one pool of dice, not 2"),
    ("1d20", "2x6", NotationError, 'damage "2x6": '),
    ("1d20", "21d6", LimitError, 'damage "21d6": at most 20 dice per pool'),
    ("1d20", "1d6+1001", LimitError, 'damage "1d6+1001": '),
    ("1d20", "", NotationError, 'damage "": empty roll'),
])
def test_bad_input_is_refused_with_a_specific_error(test: str, damage: str,
                                                    error: type[NazhError], says: str) -> None:
    with pytest.raises(error) as raised:
        attack_spec(parse_roll(test), AttackTerms(15, damage))
    assert says in raised.value.describe()


@pytest.mark.parametrize("defense", [-1, -3, 100_001])
def test_a_defense_out_of_range_is_refused(defense: int) -> None:
    with pytest.raises(LimitError, match="the defense must be between 0 and 100000"):
        attack_terms(defense, "1d6")
    with pytest.raises(LimitError, match="the defense must be between 0 and 100000"):
        attack_spec(parse_roll("1d20"), AttackTerms(defense, "1d6"))


def test_every_attack_hits_a_defense_of_0() -> None:
    attack = odds("1d20-30", 0, "1d6")  # a total is at least 1
    assert (attack.p_hit, attack.p_critical, attack.p_miss) == (
        Fraction(1), Fraction(1, 20), Fraction(0))


def test_the_attack_options_go_together() -> None:
    assert attack_terms(None, None) is None
    assert attack_terms(None, None, dc=12) is None
    assert attack_terms(15, "2d6") == AttackTerms(15, "2d6")
    with pytest.raises(AttackError, match="defense needs damage"):
        attack_terms(15, None)
    with pytest.raises(AttackError, match="damage needs defense"):
        attack_terms(None, "2d6")
    with pytest.raises(AttackError, match="a DC and a defense together"):
        attack_terms(15, "2d6", dc=12)


@pytest.mark.parametrize(("damage", "explicit"), [
    ("2d6", False), ("a2d6", False), ("2d6+0", True), ("2d6-1", True), ("2d6 − 1", True),
])
def test_a_modifier_of_the_damage_s_own(damage: str, explicit: bool) -> None:
    assert has_modifier(damage) is explicit
