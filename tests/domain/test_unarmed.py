"""Unarmed attacks (the basic actions, Unarmed Strike): intrinsic to every character, Athletics,
impact damage by Strength, "1 (no die roll)" at 0-2; a hit adds the skill's modifier (part 3,
"Attacking", Hit)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.attack import Step, prepare_flat, view
from nazh.domain.character import Attribute, Character, Weapon
from nazh.domain.errors import AttackError
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.domain.spending import Use, spend
from nazh.domain.unarmed import UNARMED, flat_damage, unarmed, unarmed_damage
from tests.fakes import d, script


@pytest.mark.parametrize(("strength", "damage"), [
    (0, "1"), (1, "1"), (2, "1"), (3, "1d4"), (4, "1d4"), (5, "1d8"), (6, "1d8"), (7, "2d6"),
    (8, "2d6"), (9, "2d10"), (10, "2d10")])
def test_the_unarmed_damage_follows_the_strength_training_table(strength: int,
                                                                damage: str) -> None:
    weapon = unarmed(strength)
    assert (weapon.name, weapon.skill, weapon.damage, weapon.damage_type) == (
        UNARMED, "athletics", damage, "impact")
    assert unarmed_damage(strength) == damage
    assert flat_damage(weapon) == (1 if strength <= 2 else None)


def test_a_damage_without_a_die_rolls_the_test_alone_and_adds_its_modifier_on_a_hit() -> None:
    notation, terms = prepare_flat("1d20+2", 1, 12)
    assert notation == "1d20+2"
    assert (terms.modifier, terms.flat) == (2, 1)
    hit = view(roll(parse_roll(notation), script(d(20, 15)), 12), terms)
    assert (hit.hit, hit.dice, hit.hit_damage, hit.graze, hit.critical_damage) == (
        True, (), 3, 1, 3)
    result = roll(parse_roll(notation), script(d(20, 5)), 12)
    missed = view(result, terms)
    assert missed.hit is False
    assert view(result, missed.record(Step.GRAZE)).damage_dealt == 1  # a graze: the 1 alone


def test_a_critical_hit_without_a_die_deals_what_the_hit_does() -> None:
    notation, terms = prepare_flat("1d20+3", 1, 10)
    result = roll(parse_roll(notation), script(d(20, 20)), 10)
    spent = spend(result, (), Use.CRITICAL, 2, critical=view(result, terms).can_be_critical)
    assert view(result, terms, spent).damage_dealt == 4


def test_a_penalty_leaves_at_least_1_damage_and_the_plot_die_stays_with_the_test() -> None:
    notation, terms = prepare_flat("1d20-3, p", 1, None)
    assert notation == "1d20-3, p"
    result = roll(parse_roll(notation), script(d(20, 10), d(6, 3)), None)
    assert view(result, terms.then(Step.HIT)).damage_dealt == 1  # max(1, 1 - 3)
    with pytest.raises(AttackError, match="one d20"):
        prepare_flat("2d6", 1, None)


def test_a_sheet_has_its_unarmed_attack_unless_it_names_a_weapon_so() -> None:
    sheet = Character.new("Lopen", attributes={Attribute.STRENGTH: 5})
    assert sheet.weapon("unarmed ") == unarmed(5)
    own = Weapon("Unarmed", "athletics", "1d6", "impact", traits=("momentum",))
    assert replace(sheet, weapons=(own,)).weapon("Unarmed") == own


@pytest.mark.parametrize("expertise", ["Unarmed Strike", "unarmed", "Unarmed  attacks"])
def test_an_unarmed_expert_s_attack_has_momentum_and_offhand(expertise: str) -> None:
    """Part 6, Special Weapons: the Unarmed Attack's "Expert Traits: Momentum, Offhand"."""
    sheet = Character.new("Lopen", attributes={Attribute.STRENGTH: 3})
    assert sheet.weapon("Unarmed").traits == ()
    expert = replace(sheet, expertises=("Sidesword", expertise)).weapon("Unarmed")
    assert expert.traits == ("momentum", "offhand")
    assert expert.has("momentum")
    assert expert.has("offhand")
    assert expert == unarmed(3, expert=True)
    assert not replace(sheet, expertises=("Unarmed combat lore",)).weapon("Unarmed").has("momentum")
