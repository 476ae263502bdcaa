"""An adversary's stat block on its sheet: role, tier, health range, immunities, and attacks
with their own modifier, a fixed damage, a damage type of the rules and Pierce."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.adversary import HealthRange, Role
from nazh.domain.character import Character, CharacterError, Kind, Weapon
from nazh.domain.encounter.combatant import Role as CombatantRole
from nazh.domain.encounter.damage import DamageType
from nazh.domain.weapon import damage_type_named, read_damage


def boss() -> Character:
    return replace(Character.new("Cinder Reaver", Kind.ADVERSARY), role=Role.BOSS, tier=3,
                   health_range=HealthRange(48, 72)).check()


def test_the_encounter_and_the_sheet_share_one_role() -> None:
    assert CombatantRole is Role


@pytest.mark.parametrize(("typed", "read"), [
    ("1d8", ("1d8", None)), ("2d6+3", ("2d6+3", None)), ("7 (1d6+4)", ("1d6+4", 7)),
    ("7(1d6+4)", ("1d6+4", 7)), (" 12 ( 2d8 + 3 ) ", ("2d8 + 3", 12)),
])
def test_damage_is_dice_or_a_fixed_value_with_its_dice(typed: str,
                                                       read: tuple[str, int | None]) -> None:
    assert read_damage(typed, "Spear") == read


@pytest.mark.parametrize(("typed", "says"), [
    ("8", "Spear: a fixed damage is written with its dice, e.g. 8 (1d8+2)"),
    ("0 (1d4)", "Spear: a fixed damage is 1 to 999 (got 0)"),
    ("7 (lots)", "Spear: the damage 'lots' is not dice"),
    ("1d8 keen", "Spear: the damage '1d8 keen' is not dice"),
])
def test_a_damage_that_is_neither_is_refused_saying_what_is_allowed(typed: str,
                                                                   says: str) -> None:
    with pytest.raises(CharacterError) as caught:
        read_damage(typed, "Spear")
    assert caught.value.summary.startswith(says)


def test_a_damage_type_of_new_input_is_one_of_the_rules() -> None:
    assert damage_type_named(" Keen ") is DamageType.KEEN
    with pytest.raises(CharacterError) as caught:
        damage_type_named("fire")
    assert caught.value.summary == "'fire' is not a damage type"
    assert caught.value.hint == "one of energy, impact, keen, spirit, vital"


def test_a_kept_sheets_free_text_damage_type_still_checks_and_reads_as_no_rules_type() -> None:
    old = replace(Character.new("Lopen"), weapons=(
        Weapon("Flamespear", "athletics", "1d8", "fire"),)).check()
    assert old.weapon("flamespear").rules_type is None
    assert replace(old, weapons=(Weapon("Spear", "athletics", "1d8", "Keen"),)).weapons[
        0].rules_type is DamageType.KEEN


def test_pierce_is_a_trait_in_any_case() -> None:
    assert Weapon("Spear", "athletics", "1d8", traits=("Pierce", "deadly")).pierce
    assert not Weapon("Spear", "athletics", "1d8", traits=("deadly",)).pierce


def test_an_attack_reads_as_its_stat_block_writes_it() -> None:
    spear = Weapon("Spear", "heavy-weaponry", "1d8+3", "keen", True, ("pierce",), 6, 7)
    assert spear.line == "Spear +6, 7 (1d8+3) keen, pierce"
    assert Weapon("Claw", "athletics", "1d4", None, False).line == "Claw, 1d4, cannot graze"


def test_a_boss_sheet_keeps_its_stat_block() -> None:
    sheet = boss()
    assert (sheet.role, sheet.tier, sheet.health_range) == (Role.BOSS, 3, HealthRange(48, 72))


@pytest.mark.parametrize(("change", "says"), [
    ({"tier": 5}, "tier is 1 to 4 (got 5)"),
    ({"health_range": HealthRange(72, 48)}, "a health range goes from 1 to 999, low to high "
                                           "(got 72-48)"),
])
def test_a_stat_block_out_of_range_is_refused(change: dict[str, object], says: str) -> None:
    with pytest.raises(CharacterError) as caught:
        replace(boss(), **change).check()  # type: ignore[arg-type]
    assert caught.value.summary == says


@pytest.mark.parametrize(("field", "value"), [
    ("role", Role.MINION), ("tier", 1), ("health_range", HealthRange(10, 12))])
def test_a_player_character_has_no_role_tier_or_range(field: str, value: object) -> None:
    with pytest.raises(CharacterError) as caught:
        replace(Character.new("Kaladin"), **{field: value}).check()  # type: ignore[arg-type]
    assert caught.value.summary.startswith("only an adversary has")


@pytest.mark.parametrize("weapon", [
    Weapon("Spear", "athletics", "1d8", modifier=5), Weapon("Spear", "athletics", "1d8",
                                                            fixed=6)])
def test_a_player_characters_attack_has_no_own_modifier_nor_fixed_damage(
        weapon: Weapon) -> None:
    with pytest.raises(CharacterError) as caught:
        replace(Character.new("Kaladin"), weapons=(weapon,)).check()
    assert caught.value.summary == ("Spear: only an adversary's attack has its own modifier or "
                                    "a fixed damage")


def test_an_attacks_own_modifier_is_within_its_range() -> None:
    with pytest.raises(CharacterError) as caught:
        replace(boss(), weapons=(Weapon("Spear", "athletics", "1d8", modifier=31),)).check()
    assert caught.value.summary == "Spear: an attack's modifier is -20 to +30 (got 31)"


@pytest.mark.parametrize(("typed", "read"), [("48-72", (48, 72)), ("48 to 72", (48, 72)),
                                             (" 5 - 5 ", (5, 5))])
def test_a_health_range_is_read_from_text(typed: str, read: tuple[int, int]) -> None:
    assert HealthRange.read(typed) == HealthRange(*read)


def test_a_health_range_that_is_not_two_numbers_is_refused() -> None:
    with pytest.raises(CharacterError) as caught:
        HealthRange.read("about 60")
    assert caught.value.summary == ("a health range is two whole numbers, e.g. 48-72 "
                                    "(got 'about 60')")
