"""The odds of an attack against its target (deflect, Pierce, the damage's type, health):
hand-computed values, every outcome of small attacks enumerated, the properties the numbers
have, and bad input refused."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.domain.attack_odds import AttackOdds, AttackTerms, attack_odds, attack_spec, attack_terms
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import AttackError, LimitError
from nazh.domain.notation import parse_roll
from nazh.domain.spec import DieMode
from nazh.domain.target_odds import Target

PLOT = {1: ("complication", 2), 2: ("complication", 4), 3: ("blank", 0), 4: ("blank", 0),
        5: ("opportunity", 0), 6: ("opportunity", 0)}  # written out apart from the code
REDUCED_BY_DEFLECT = {None, "energy", "impact", "keen"}  # the rules, written out again


def odds(test: str, defense: int, damage: str, target: Target) -> AttackOdds:
    return attack_odds(attack_spec(parse_roll(test), AttackTerms(defense, damage, target)))


# -- hand-computed ------------------------------------------------------------------------------


def test_deflect_and_health_by_hand() -> None:
    """1d20+5 against defense 15, 1d6 damage (+5 on a hit), deflect 2, 7 health: a plain hit
    (10 in 20) deals 4..9 (7 or more on 3 of 6 faces), a critical hit (1 in 20) 11 - 2 = 9,
    a graze (9 in 20) 1..6 - 2, floored at 0: 0, 0, 1, 2, 3, 4, never 7."""
    attack = odds("1d20+5", 15, "1d6", Target(deflect=2, health=7))
    against = attack.against
    assert against.expected_damage == Fraction(10, 20) * Fraction(13, 2) + Fraction(9, 20)
    assert attack.expected_damage_after_deflect == Fraction(37, 10)
    assert against.expected_damage_grazing == Fraction(37, 10) + Fraction(9, 20) * Fraction(
        10, 6)
    assert attack.chance_to_drop == Fraction(10, 20) * Fraction(3, 6) + Fraction(1, 20)
    assert against.chance_to_drop == Fraction(3, 10)
    assert against.chance_to_drop_grazing == Fraction(3, 10)
    assert {v: against.graze.fraction(v) for v in range(0, 5)} == {
        0: Fraction(2, 6), 1: Fraction(1, 6), 2: Fraction(1, 6), 3: Fraction(1, 6),
        4: Fraction(1, 6)}
    # the attack's own numbers are unchanged
    assert attack.expected_damage == Fraction(24, 5)


def test_a_graze_can_drop_a_target() -> None:
    """2d6 with 1 health: every hit drops it, and so does every graze (2..12, deflect 0)."""
    attack = odds("1d20", 11, "2d6", Target(health=1))
    assert attack.chance_to_drop == attack.p_hit == Fraction(1, 2)
    assert attack.against.chance_to_drop_grazing == 1


def test_deflect_above_the_damage_leaves_0() -> None:
    """1d4-3 deals 1 on a hit (the Minimum 1 Rule), then deflect 5 takes it all; a critical
    hit's 4 - 3 = 1 too."""
    attack = odds("1d20", 2, "1d4-3", Target(deflect=5, health=1))
    assert attack.against.hit.low == attack.against.hit.high == 0
    assert attack.against.critical.low == 0
    assert attack.expected_damage_after_deflect == 0
    assert attack.chance_to_drop == 0
    assert attack.against.chance_to_drop_grazing == 0


@pytest.mark.parametrize(("target", "deflected"), [
    (Target(deflect=3), 3),
    (Target(deflect=3, damage_type=DamageType.KEEN), 3),
    (Target(deflect=3, damage_type=DamageType.IMPACT), 3),
    (Target(deflect=3, damage_type=DamageType.ENERGY), 3),
    (Target(deflect=3, damage_type=DamageType.SPIRIT), 0),
    (Target(deflect=3, damage_type=DamageType.VITAL), 0),
    (Target(deflect=3, pierce=True), 0),
    (Target(deflect=3, pierce=True, damage_type=DamageType.KEEN), 0),
])
def test_what_deflect_reduces(target: Target, deflected: int) -> None:
    attack = odds("1d20+5", 15, "1d8+2", target)
    assert target.deflect_taken == deflected
    assert attack.against.critical.low == 10 - deflected
    assert attack.against.hit.low == 3 - deflected
    assert attack.expected_damage_after_deflect == attack.expected_damage - (
        attack.p_hit * deflected)  # every hit deals at least 3: deflect takes it whole


def test_a_deflect_that_takes_nothing_says_why() -> None:
    assert Target(deflect=2, pierce=True).notes == ["Pierce: the target's deflect 2 is ignored"]
    assert "vital damage is not reduced by deflect" in Target(
        deflect=2, damage_type=DamageType.VITAL).notes[0]
    assert Target(deflect=2, damage_type=DamageType.KEEN).notes == []
    assert Target(pierce=True).notes == []


# -- every outcome enumerated ----------------------------------------------------------------------


def kept(sides: int, mode: DieMode) -> list[int]:
    if mode is DieMode.NORMAL:
        return list(range(1, sides + 1))
    pick = max if mode is DieMode.ADVANTAGE else min
    return [pick(a, b) for a, b in product(range(1, sides + 1), repeat=2)]


def brute(test: str, defense: int, damage: str, target: Target) -> tuple[Fraction, ...]:
    """Expected damage dealt (no graze, grazing) and the chances to drop the target (no
    graze, grazing), from every face of the d20, the plot die and the damage dice together."""
    spec = attack_spec(parse_roll(test), AttackTerms(defense, damage, target))
    pool, dice = spec.test_pool, spec.damage
    tests: Counter[str] = Counter()
    for face in kept(20, pool.modes[0]):
        for plot_face in (range(1, 7) if spec.test.plot else [3]):
            story, bonus = PLOT[plot_face]
            if max(1, face + pool.modifier + bonus) < defense:
                tests["miss"] += 1
            elif face == 20 or story == "opportunity":
                tests["critical"] += 1
            else:
                tests["hit"] += 1
    sums = Counter(sum(faces) for faces in product(*(kept(dice.sides, m) for m in dice.modes)))
    kind = None if target.damage_type is None else target.damage_type.value
    deflect = (target.deflect or 0) if kind in REDUCED_BY_DEFLECT and not target.pierce else 0
    health = target.health if target.health is not None else 10**9
    totals = [Fraction(0)] * 4
    weight = sum(tests.values()) * sum(sums.values())
    for outcome, times in tests.items():
        for rolled, ways in sums.items():
            share = Fraction(times * ways, weight)
            if outcome == "hit":
                dealt = max(0, max(1, rolled + dice.modifier) - deflect)
            elif outcome == "critical":
                dealt = max(0, max(1, dice.count * dice.sides + dice.modifier) - deflect)
            else:
                dealt = 0
            grazed = max(0, rolled - deflect) if outcome == "miss" else dealt
            totals[0] += share * dealt
            totals[1] += share * grazed
            totals[2] += share * (dealt >= health)
            totals[3] += share * (grazed >= health)
    return tuple(totals)


@st.composite
def attacks_on_targets(draw: st.DrawFn) -> tuple[str, int, str, Target]:
    """A test (one d20, maybe the plot die), a defense, up to 2 small damage dice and a
    target."""
    tag = draw(st.sampled_from(list(DieMode))).tag
    test = f"{tag}1d20{draw(st.integers(-8, 8)):+d}" + (", p" if draw(st.booleans()) else "")
    count = draw(st.integers(1, 2))
    damage = f"{draw(st.text(alphabet='ad', max_size=count))}{count}d{draw(st.integers(2, 6))}"
    if draw(st.booleans()):
        damage += f"{draw(st.integers(-6, 6)):+d}"
    target = Target(draw(st.none() | st.integers(0, 20)), draw(st.booleans()),
                    draw(st.none() | st.sampled_from(list(DamageType))),
                    draw(st.integers(1, 30)))
    return test, draw(st.integers(1, 28)), damage, target


@settings(max_examples=80, deadline=None)
@given(attacks_on_targets())
def test_the_odds_are_those_of_every_outcome_enumerated(
        attack: tuple[str, int, str, Target]) -> None:
    against = odds(*attack).against
    assert (against.expected_damage, against.expected_damage_grazing, against.chance_to_drop,
            against.chance_to_drop_grazing) == brute(*attack)


# -- properties ----------------------------------------------------------------------------------


@st.composite
def attacks(draw: st.DrawFn) -> tuple[str, int, str]:
    tag = draw(st.sampled_from(list(DieMode))).tag
    test = f"{tag}1d20{draw(st.integers(-12, 12)):+d}" + (", p" if draw(st.booleans()) else "")
    count = draw(st.integers(1, 6))
    damage = f"{draw(st.text(alphabet='ad', max_size=count))}{count}d{draw(st.integers(2, 12))}"
    if draw(st.booleans()):
        damage += f"{draw(st.integers(-10, 10)):+d}"
    return test, draw(st.integers(1, 32)), damage


@settings(max_examples=60, deadline=None)
@given(attacks())
def test_deflect_0_deals_the_attack_s_expected_damage(attack: tuple[str, int, str]) -> None:
    for target in (Target(), Target(deflect=0), Target(deflect=4, pierce=True),
                   Target(deflect=4, damage_type=DamageType.SPIRIT)):
        attacked = odds(*attack, target)
        assert attacked.expected_damage_after_deflect == attacked.expected_damage
        assert attacked.against.expected_damage_grazing == attacked.expected_damage_grazing
        assert attacked.chance_to_drop is None


@settings(max_examples=60, deadline=None)
@given(attacks(), st.integers(0, 19), st.integers(1, 20))
def test_more_deflect_never_deals_more(attack: tuple[str, int, str], deflect: int,
                                       more: int) -> None:
    less_deflect = odds(*attack, Target(deflect=deflect)).against
    more_deflect = odds(*attack, Target(deflect=min(20, deflect + more))).against
    assert 0 <= more_deflect.expected_damage <= less_deflect.expected_damage
    assert more_deflect.expected_damage_grazing <= less_deflect.expected_damage_grazing
    assert more_deflect.expected_damage <= more_deflect.expected_damage_grazing


def known(chance: Fraction | None) -> Fraction:
    assert chance is not None, "a health was given"
    return chance


@settings(max_examples=60, deadline=None)
@given(attacks(), st.integers(0, 20), st.integers(1, 100))
def test_the_chance_to_drop_falls_as_health_rises(attack: tuple[str, int, str], deflect: int,
                                                  health: int) -> None:
    chances = [odds(*attack, Target(deflect=deflect, health=h)).against
               for h in (health, health + 1, health + 7)]
    drops = [known(c.chance_to_drop) for c in chances]
    grazing = [known(c.chance_to_drop_grazing) for c in chances]
    assert 1 >= drops[0] >= drops[1] >= drops[2] >= 0
    assert 1 >= grazing[0] >= grazing[1] >= grazing[2] >= 0
    p_hit = odds(*attack, Target()).p_hit
    for plain, grazed in zip(drops, grazing, strict=True):
        assert plain <= grazed
        assert plain <= p_hit


def test_without_deflect_1_health_drops_on_every_hit() -> None:
    attack = odds("a1d20+3, p", 16, "1d4-9", Target(health=1))
    assert attack.chance_to_drop == attack.p_hit


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "says"), [
    (Target(health=10), "health needs defense and damage"),
    (Target(deflect=2), "deflect needs defense and damage"),
    (Target(pierce=True), "pierce needs defense and damage"),
    (Target(damage_type=DamageType.KEEN), "type needs defense and damage"),
    (Target(deflect=0, health=3), "deflect and health need defense and damage"),
    (Target(2, True, DamageType.KEEN, 3), "deflect, pierce, type and health need defense and "
                                          "damage"),
])
def test_the_target_needs_an_attack(target: Target, says: str) -> None:
    with pytest.raises(AttackError, match=says):
        attack_terms(None, None, target=target)
    with pytest.raises(AttackError, match=says):
        attack_terms(None, None, 12, target)  # a DC: still no attack to aim
    assert attack_terms(15, "1d6", target=target) == AttackTerms(15, "1d6", target)


@pytest.mark.parametrize(("target", "says"), [
    (Target(deflect=-1), r"the deflect must be between 0 and 20 \(got -1\)"),
    (Target(deflect=21), r"the deflect must be between 0 and 20 \(got 21\)"),
    (Target(health=0), r"the health must be between 1 and 999 \(got 0\)"),
    (Target(health=1000), r"the health must be between 1 and 999 \(got 1000\)"),
    (Target(deflect=2, health=-5), r"the health must be between 1 and 999 \(got -5\)"),
])
def test_a_target_out_of_range_is_refused(target: Target, says: str) -> None:
    with pytest.raises(LimitError, match=says):
        attack_terms(15, "1d6", target=target)
    with pytest.raises(LimitError, match=says):
        attack_spec(parse_roll("1d20"), AttackTerms(15, "1d6", target))


def test_the_limits_are_included() -> None:
    for target in (Target(deflect=0, health=1), Target(deflect=20, health=999)):
        assert attack_terms(15, "1d6", target=target) is not None
