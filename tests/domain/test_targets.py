"""An attack on several targets (the starter rules, part 3, "Attacking": Attacks With Multiple
Targets): one roll met with each target's defense, a graze per target for its own focus, a
critical hit maximizing the dice against every target hit."""

from __future__ import annotations

import pytest

from nazh.domain.attack import Attack, AttackView, view
from nazh.domain.errors import AttackError, RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.domain.spending import Spent, Use
from nazh.domain.targets import OtherTarget, against, can_graze, check_names, graze, grazed_now
from tests.fakes import d, script

NEAR, FAR = OtherTarget("Near", 10), OtherTarget("Far", 16)


def attack(d20: int, *, can: bool = True, critical: bool = False) -> AttackView:
    """``1d20+3`` with ``2d6`` (faces 4 and 2) against a first target of defense 12."""
    result = roll(parse_roll("1d20+3, 2d6"), script(d(20, d20), d(6, 4, 2)))
    # a critical hit as spent on the attack (whatever Opportunity paid for it)
    spent = (Spent(Use.CRITICAL, 1),) if critical else ()
    return view(result, Attack(12, 3, can_graze=can), spent)


def test_each_target_meets_the_same_total_with_its_own_defense() -> None:
    rolled = attack(9)  # 12
    assert (rolled.hit, against(rolled, NEAR).hit, against(rolled, FAR).hit) == (
        True, True, False)
    assert against(rolled, NEAR).hit_damage == 9  # the same dice, the same modifier


def test_a_critical_hit_maximizes_the_dice_against_every_target_hit_only() -> None:
    """ "This maximizes the result of your damage dice against all targets of that attack"."""
    rolled = attack(20, critical=True)  # 23: Far (16) hit too
    assert against(rolled, FAR).damage_dealt == 15  # 6 + 6 + 3
    missed = attack(10, critical=True)  # 13: Far missed
    assert against(missed, FAR).critical is False
    assert against(missed, FAR).damage_dealt is None


def test_each_missed_target_is_grazed_once_by_its_own_step() -> None:
    rolled = attack(5)  # 8: both missed
    assert can_graze((NEAR, FAR), rolled) == [0, 1]
    once = graze((NEAR, FAR), rolled, 1, 2)
    assert once == (NEAR, OtherTarget("Far", 16, 2))
    assert grazed_now(once, 2) == 1
    assert grazed_now(once, 3) is None
    assert against(rolled, once[1]).damage_dealt == 6  # the dice alone
    assert can_graze(once, rolled) == [0]
    with pytest.raises(RollStateError, match="Far was already grazed"):
        graze(once, rolled, 1, 3)


@pytest.mark.parametrize(("rolled", "index", "refusal"), [
    (attack(9), 0, "Near was hit: a hit cannot be grazed"),
    (attack(5, can=False), 0, "this attack cannot graze"),
    (attack(5), 2, "no such other target"),
])
def test_a_graze_the_rules_do_not_allow_is_refused(rolled: AttackView, index: int,
                                                   refusal: str) -> None:
    with pytest.raises(RollStateError, match=refusal):
        graze((NEAR, FAR), rolled, index, 2)
    assert can_graze((NEAR, FAR), attack(5, can=False)) == []


def test_a_target_is_named_once() -> None:
    assert check_names("Near", ("Mid", "Far"), None) == ("Mid", "Far")
    with pytest.raises(AttackError, match="near is named twice"):
        check_names("Near", ("near",), None)
    with pytest.raises(AttackError, match="mid is named twice"):
        check_names("Near", ("Mid", " mid"), None)
    with pytest.raises(AttackError, match="Kal is the attacker"):
        check_names("Near", ("Kal",), "kal")
