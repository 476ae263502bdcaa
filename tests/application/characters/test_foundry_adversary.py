"""An adversary's stat block read from a Foundry VTT actor: its role, tier and immunities, and
each attack's damage type, Pierce, graze and own modifier (a made-up fixture built from the
system's data model, none of its content)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nazh.application.characters.transfer import read_import
from nazh.application.shared.json_types import JsonObject
from nazh.domain.adversary import Role
from nazh.domain.character import Character, Weapon
from nazh.domain.derivation import Pool
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "foundry"
REAVER: JsonObject = json.loads((FIXTURES / "cinder-reaver.json").read_text("utf-8"))


def imported(actor: JsonObject) -> tuple[Character, tuple[str, ...]]:
    read = read_import(json.dumps(actor).encode(), "actor.json")
    return read.sheets[0], read.skipped


def test_a_boss_keeps_its_role_tier_health_and_immunities() -> None:
    sheet, _ = imported(REAVER)
    assert (sheet.role, sheet.tier, sheet.health) == (Role.BOSS, 3, Pool(60, 60))
    assert sheet.immunities == Immunities(frozenset({ConditionName.PRONE}),
                                          frozenset({DamageType.SPIRIT}))
    assert sheet.health_range is None


def test_each_attack_keeps_its_type_pierce_graze_and_own_modifier() -> None:
    sheet, _ = imported(REAVER)
    assert sheet.weapons == (
        # Athletics overridden to +7 in Foundry (Nazh's would be Strength 3 + 2 ranks)
        Weapon("Cinder Fist", "athletics", "1d8", "energy", True, (), 7),
        # Light Weaponry +2, and the test's additional formula +1: +3 to hit, +2 to damage
        Weapon("Slingstone", "light-weaponry", "1d6+2", "impact", False, (), 3),
        Weapon("Ashen Spear", "heavy-weaponry", "1d8", "keen", True, ("pierce", "two-handed")),
    )
    assert sheet.weapon("Ashen Spear").pierce
    assert not sheet.weapon("Cinder Fist").pierce


def test_what_is_not_kept_is_said() -> None:
    _, skipped = imported(REAVER)
    assert "immunities Nazh does not know, not kept: blind" in skipped
    assert ("Athletics: its modifier's override (+7) kept as the own modifier of the attacks "
            "that use it") in skipped
    assert "healing, not an attack, not imported: Ember Mending" in skipped
    assert not any("role" in line or "tier" in line for line in skipped)


def test_a_role_or_tier_nazh_does_not_know_is_said_not_kept() -> None:
    actor = copy.deepcopy(REAVER)
    actor["system"]["role"] = "legend"
    actor["system"]["tier"] = 7
    sheet, skipped = imported(actor)
    assert (sheet.role, sheet.tier) == (None, None)
    assert "role 'legend' not kept (minion, rival or boss)" in skipped
    assert "tier 7 not kept (1 to 4)" in skipped


def test_a_non_numeric_additional_formula_is_said_not_kept() -> None:
    actor = copy.deepcopy(REAVER)
    actor["items"][1]["system"]["activation"]["modifierFormula"] = "@attributes.spd.value"
    sheet, skipped = imported(actor)
    assert sheet.weapon("Slingstone") == Weapon("Slingstone", "light-weaponry", "1d6",
                                                "impact", False, ())
    assert ("Slingstone: the test's additional formula '@attributes.spd.value' not kept"
            in skipped)


def test_a_player_characters_immunities_are_kept_but_it_has_no_role() -> None:
    actor = copy.deepcopy(REAVER)
    actor["type"] = "character"
    actor["system"]["level"] = 3
    sheet, _ = imported(actor)
    assert sheet.role is None
    assert sheet.tier is None
    assert sheet.immunities.damage == frozenset({DamageType.SPIRIT})
    assert all(weapon.modifier is None for weapon in sheet.weapons)


def test_a_damage_type_that_is_none_of_the_rules_is_said_not_kept() -> None:
    actor = copy.deepcopy(REAVER)
    actor["items"][0]["system"]["damage"]["type"] = "fire"
    sheet, skipped = imported(actor)
    assert sheet.weapon("Cinder Fist").damage_type is None
    assert ("Cinder Fist: damage type 'fire' is none of the rules' (energy, impact, keen, "
            "spirit, vital), not kept") in skipped
