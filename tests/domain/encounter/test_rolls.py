"""What conditions do to a roll, each change named by its condition."""

from __future__ import annotations

import pytest

from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.rolls import (
    Modification,
    RollKind,
    melee_weapon,
    net_mode,
    roll_effects,
)
from nazh.domain.spec import DieMode

ATHLETICS = RollKind.test("athletics", Attribute.STRENGTH)
PERCEPTION = RollKind.test("Perception", Attribute.AWARENESS)


def held(*names: ConditionName) -> tuple[Condition, ...]:
    return tuple(Condition(name) for name in names)


def test_no_condition_changes_nothing() -> None:
    effects = roll_effects((), ATHLETICS)
    assert (effects.modifier, effects.advantages, effects.disadvantages,
            effects.determined, effects.reasons) == (0, 0, 0, False, ())


def test_exhausted_takes_its_value_from_every_test_cumulatively() -> None:
    effects = roll_effects((Condition(ConditionName.EXHAUSTED, 1),
                            Condition(ConditionName.EXHAUSTED, 2)), PERCEPTION)
    assert effects.modifications == (Modification(ConditionName.EXHAUSTED, modifier=-3),)
    assert effects.reasons == ("Exhausted: -3",)


def test_enhanced_adds_to_tests_of_its_attribute_only() -> None:
    strength = (Condition(ConditionName.ENHANCED, 2, Attribute.STRENGTH),)
    assert roll_effects(strength, ATHLETICS).modifier == 2
    assert roll_effects(strength, PERCEPTION).modifier == 0
    assert roll_effects(strength, RollKind.test(None, None)).modifier == 0


def test_empowered_gives_an_advantage_on_every_test() -> None:
    effects = roll_effects(held(ConditionName.EMPOWERED), PERCEPTION)
    assert (effects.advantages, effects.reasons) == (1, ("Empowered: advantage",))


def test_restrained_gives_a_disadvantage_unless_it_is_an_escape() -> None:
    restrained = held(ConditionName.RESTRAINED)
    assert roll_effects(restrained, ATHLETICS).disadvantages == 1
    assert roll_effects(restrained, RollKind.test("athletics", Attribute.STRENGTH,
                                                  escape=True)).disadvantages == 0


def test_disoriented_gives_a_disadvantage_on_perception_only() -> None:
    disoriented = held(ConditionName.DISORIENTED)
    assert roll_effects(disoriented, PERCEPTION).reasons == ("Disoriented: disadvantage",)
    assert roll_effects(disoriented, ATHLETICS).disadvantages == 0


def test_determined_makes_a_failed_test_gain_an_opportunity() -> None:
    effects = roll_effects(held(ConditionName.DETERMINED), ATHLETICS)
    assert effects.determined is True
    assert effects.reasons == ("Determined: an Opportunity if it fails",)


def test_a_melee_attack_on_a_prone_or_unconscious_target_gains_an_advantage() -> None:
    for target in (held(ConditionName.PRONE), held(ConditionName.UNCONSCIOUS)):
        melee = RollKind.attack_on(target, skill="heavy weaponry",
                                   attribute=Attribute.STRENGTH, melee=True)
        assert roll_effects((), melee).reasons == ("target Prone: advantage",)
    ranged = RollKind.attack_on(held(ConditionName.PRONE), skill="light weaponry",
                                attribute=Attribute.SPEED, melee=False)
    assert roll_effects((), ranged).advantages == 0


def test_an_attack_is_a_test_so_the_attackers_own_conditions_apply_too() -> None:
    attack = RollKind.attack_on(held(ConditionName.PRONE), skill="athletics",
                                attribute=Attribute.STRENGTH, melee=True)
    effects = roll_effects((Condition(ConditionName.EXHAUSTED, 1),
                            Condition(ConditionName.RESTRAINED)), attack)
    assert (effects.modifier, effects.advantages, effects.disadvantages) == (-1, 1, 1)
    assert effects.reasons == ("Exhausted: -1", "Restrained: disadvantage",
                               "target Prone: advantage")


@pytest.mark.parametrize(("asked", "advantages", "disadvantages", "mode"), [
    (DieMode.NORMAL, 0, 0, DieMode.NORMAL),
    (DieMode.NORMAL, 1, 0, DieMode.ADVANTAGE),
    (DieMode.NORMAL, 0, 1, DieMode.DISADVANTAGE),
    (DieMode.NORMAL, 1, 1, DieMode.NORMAL),
    (DieMode.ADVANTAGE, 0, 1, DieMode.NORMAL),
    (DieMode.DISADVANTAGE, 1, 0, DieMode.NORMAL),
    (DieMode.ADVANTAGE, 1, 0, DieMode.ADVANTAGE),
    (DieMode.DISADVANTAGE, 2, 0, DieMode.ADVANTAGE),
    (DieMode.ADVANTAGE, 0, 2, DieMode.DISADVANTAGE),
])
def test_advantages_and_disadvantages_cancel_one_for_one_with_the_mode_asked(
        asked: DieMode, advantages: int, disadvantages: int, mode: DieMode) -> None:
    assert net_mode(asked, advantages, disadvantages) is mode


def test_a_melee_weapon_is_told_by_its_skill_unless_a_trait_makes_it_ranged() -> None:
    assert melee_weapon("light-weaponry") is True
    assert melee_weapon("Heavy-Weaponry", ("two-handed",)) is True
    assert melee_weapon("athletics") is True
    assert melee_weapon("heavy-weaponry", ("Loaded", "two-handed")) is False
    assert melee_weapon("light-weaponry", ("ranged",)) is False
    assert melee_weapon("division") is False
