"""An attack's declared circumstances (the starter rules, part 3: "Attacking", Ranged Attacks
and Reach; "Targeting and Range", Long and Short Range, Locating and Sensing Targets)."""

from __future__ import annotations

import pytest

from nazh.domain.attack import Attack, Step, view
from nazh.domain.circumstances import (
    Circumstance,
    Circumstances,
    for_weapon,
    with_disadvantages,
)
from nazh.domain.errors import AttackError
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from tests.fakes import FakeRng, d, script

ALL = Circumstances.of(frozenset(Circumstance))


def test_each_disadvantage_counts_and_the_ally_raises_the_stakes() -> None:
    """Long range, an enemy's reach and a target not sensed: a disadvantage each; a target next
    to an ally raises the stakes; a target not sensed cannot be grazed."""
    assert (ALL.disadvantages, ALL.raises_stakes, ALL.can_graze) == (3, True, False)
    ally = Circumstances.of({Circumstance.NEAR_ALLY})
    assert (ally.disadvantages, ally.raises_stakes, ally.can_graze) == (0, True, True)
    assert not Circumstances()


def test_they_are_kept_in_one_order_whatever_the_order_declared() -> None:
    assert Circumstances.of({Circumstance.UNSEEN, Circumstance.LONG_RANGE}).held == (
        Circumstance.LONG_RANGE, Circumstance.UNSEEN)


@pytest.mark.parametrize(("test", "count", "netted"), [
    ("1d20+5", 1, "d1d20+5"), ("a1d20+5", 1, "1d20+5"), ("a1d20+5", 2, "d1d20+5"),
    ("d1d20", 3, "d1d20"), ("1d20-1", 0, "1d20-1"),
])
def test_a_raw_test_nets_its_disadvantages_with_its_own_mode(test: str, count: int,
                                                             netted: str) -> None:
    """Each disadvantage cancels one advantage (part 1, "Advantages and Disadvantages")."""
    assert with_disadvantages(test, count) == netted


def test_a_ranged_rule_is_refused_for_a_melee_weapon_but_not_a_thrown_one() -> None:
    """Long range, an enemy's reach and an ally next to the target are ranged attacks' rules."""
    long_range = Circumstances.of({Circumstance.LONG_RANGE})
    with pytest.raises(AttackError, match="long-range: the Spear is a melee weapon"):
        for_weapon(long_range, "Spear", "heavy-weaponry", ())
    assert for_weapon(long_range, "Spear", "heavy-weaponry", ("Thrown",)) == long_range
    assert for_weapon(long_range, "Axe", "heavy-weaponry", ("thrown [20/60]",)) == long_range
    assert for_weapon(long_range, "Bow", "light-weaponry", ("ranged",)) == long_range
    unseen = Circumstances.of({Circumstance.UNSEEN})
    assert for_weapon(unseen, "Spear", "heavy-weaponry", ()) == unseen
    assert for_weapon(None, "Spear", "heavy-weaponry", ()) == Circumstances()


def attack_of(faces: FakeRng) -> RollResult:
    """``1d20+2`` against a defense, ``1d6`` damage, the stakes raised."""
    return roll(parse_roll("1d20+2, 1d6, p1d6"), faces)


@pytest.mark.parametrize(("d20", "plot", "defense", "steps", "grazed"), [
    (5, 1, 15, (), True),  # a miss with the plot die's Complication
    (1, 3, 15, (), True),  # a miss with a natural 1's Complication
    (5, 3, 15, (), False),  # a miss without a Complication
    (14, 1, 15, (), False),  # a hit (14 + 2 + 2): no ally grazed
    (5, 1, None, (), None),  # no defense: not known until the attacker records it
    (5, 1, None, (Step.GRAZE,), True),
    (5, 1, None, (Step.HIT,), False),
])
def test_a_miss_with_a_complication_lets_the_gm_graze_the_ally(
        d20: int, plot: int, defense: int | None, steps: tuple[Step, ...],
        grazed: bool | None) -> None:
    result = attack_of(script(d(20, d20), d(6, 4), d(6, plot)))
    attack = view(result, Attack(defense, 2, steps))
    assert Circumstances.of({Circumstance.NEAR_ALLY}).ally_graze(attack) is grazed
    assert Circumstances.of({Circumstance.LONG_RANGE}).ally_graze(attack) is False


def test_a_charge_with_a_momentum_weapon_gains_an_advantage() -> None:
    """Part 6, Weapon Traits, Momentum: "if you already moved at least 10 feet in a straight line
    toward your target on this turn, you gain an advantage on the attack"."""
    charged = Circumstances.of({Circumstance.CHARGED})
    assert (charged.advantages, charged.disadvantages, charged.raises_stakes) == (1, 0, False)
    assert for_weapon(charged, "Hammer", "heavy-weaponry", ("two-handed", "Momentum")) == charged
    with_range = Circumstances.of({Circumstance.CHARGED, Circumstance.LONG_RANGE})
    assert (with_range.advantages, with_range.disadvantages) == (1, 1)  # they cancel on the d20


def test_a_charge_is_refused_without_the_trait_momentum() -> None:
    """The advantage is the trait's: a weapon without it, or a raw attack (no traits), is told
    so rather than given an advantage the rules do not give."""
    charged = Circumstances.of({Circumstance.CHARGED})
    with pytest.raises(AttackError, match="the Sidesword does not have the trait Momentum") as no:
        for_weapon(charged, "Sidesword", "light-weaponry", ("quickdraw",))
    assert no.value.fields == {"weapon": "Sidesword"}
    assert no.value.hint == ("an expert's Mace or Hammer has it: add it with /character weapon "
                             "traits:")
    with pytest.raises(AttackError, match="the advantage is a weapon's, of the trait Momentum"):
        charged.check_momentum(None, False)
    assert Circumstances().check_momentum(None, False) == Circumstances()


def test_a_ranged_rules_refusal_keeps_its_words_apart_from_its_values() -> None:
    with pytest.raises(AttackError) as refused:
        for_weapon(Circumstances.of({Circumstance.IN_REACH}), "Mace", "light-weaponry", ())
    assert refused.value.reason == ("in-reach: the Mace is a melee weapon; that rule is a ranged "
                                    "attack's")
    assert refused.value.fields == {"option": "in-reach", "weapon": "Mace"}
