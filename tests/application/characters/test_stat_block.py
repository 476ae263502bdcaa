"""An adversary's stat block through the sheet's doors: ``/character set``'s fields, the
audit's text, the store's document (a sheet kept before the stat block loads unchanged), the
``nazh-character`` export, and the combatant ``/encounter add character:`` makes of it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from nazh.adapters.storage.character_sheet import sheet_document, sheet_of
from nazh.application.characters.fields import as_text, differences, field_of
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.transfer import export, read_import
from nazh.application.encounters.roster import combatant_of
from nazh.domain.adversary import HealthRange, Role
from nazh.domain.character import Character, CharacterError, Defense, Kind, Weapon
from nazh.domain.derivation import Pool
from nazh.domain.encounter.combatant import Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities

REAVER = replace(Character.new("Cinder Reaver", Kind.ADVERSARY), health=Pool(60, 60),
                 focus=Pool(4, 4), deflect=2, defenses=((Defense.PHYSICAL, 16),))


def set_(sheet: Character, field: str, value: str) -> Character:
    return field_of(sheet, field).apply(sheet, value).check()


def test_set_writes_and_clears_the_stat_block() -> None:
    sheet = set_(set_(set_(set_(REAVER, "role", "Boss"), "tier", "3"), "health-range",
                      "48-72"), "immunities", "Spirit, prone")
    assert (sheet.role, sheet.tier, sheet.health_range) == (Role.BOSS, 3, HealthRange(48, 72))
    assert sheet.immunities == Immunities(frozenset({ConditionName.PRONE}),
                                          frozenset({DamageType.SPIRIT}))
    cleared = set_(set_(set_(set_(sheet, "role", "none"), "tier", "none"), "health-range",
                        "none"), "immunities", "none")
    assert cleared == REAVER


@pytest.mark.parametrize(("field", "value", "says"), [
    ("role", "overlord", "'overlord' is not a role"),
    ("tier", "5", "tier is 1 to 4 (got 5)"),
    ("tier", "two", "tier takes a whole number from 1 to 4 (got 'two')"),
    ("health-range", "72-48", "a health range goes from 1 to 999, low to high (got 72-48)"),
    ("immunities", "spirit, fire", '"fire" is no damage type nor condition; the damage types '
                                   "are energy, impact, keen, spirit, vital, the conditions"),
])
def test_a_wrong_stat_block_value_is_refused_naming_it(field: str, value: str,
                                                       says: str) -> None:
    with pytest.raises(CharacterError) as caught:
        set_(REAVER, field, value)
    assert caught.value.summary.startswith(says)


def test_a_player_character_takes_immunities_but_no_role() -> None:
    kaladin = Character.new("Kaladin")
    assert set_(kaladin, "immunities", "vital").immunities.damage == frozenset(
        {DamageType.VITAL})
    with pytest.raises(CharacterError) as caught:
        set_(kaladin, "role", "boss")
    assert caught.value.summary == "only an adversary has a role"


def test_the_audit_names_each_stat_block_change() -> None:
    after = set_(set_(REAVER, "role", "minion"), "immunities", "keen, stunned")
    assert differences(REAVER, after) == [("role", "", "minion"),
                                          ("immunities", "", "keen, stunned")]
    assert "role" not in as_text(Character.new("Kaladin"))


STAT_BLOCK = replace(
    REAVER, role=Role.BOSS, tier=3, health_range=HealthRange(48, 72),
    immunities=Immunities(frozenset({ConditionName.PRONE}), frozenset({DamageType.SPIRIT})),
    weapons=(Weapon("Ashen Spear", "heavy-weaponry", "1d8+3", "keen", True, ("pierce",), 6, 7),
             Weapon("Cinder Fist", "athletics", "1d6", "energy", False))).check()


def test_the_store_keeps_the_stat_block() -> None:
    document = sheet_document(STAT_BLOCK)
    assert (document["role"], document["tier"], document["health_range"]) == ("boss", 3,
                                                                              [48, 72])
    assert document["immunities"] == {"damage": ["spirit"], "conditions": ["prone"]}
    assert document["weapons"][0]["modifier"] == 6
    assert document["weapons"][0]["fixed"] == 7
    assert "modifier" not in document["weapons"][1]
    assert sheet_of(json.loads(json.dumps(document))) == STAT_BLOCK


def test_a_sheet_kept_before_the_stat_block_loads_unchanged() -> None:
    kept = {"format": 1, "name": "Lopen", "kind": "adversary", "level": 1,
            "attributes": {"str": 2, "spd": 3, "int": 1, "wil": 1, "awa": 2, "pre": 2},
            "skills": [{"name": s.name, "attribute": s.attribute.value, "ranks": s.ranks}
                       for s in Character.new("x").skills],
            "health": {"current": 12, "maximum": 12}, "focus": {"current": 2, "maximum": 2},
            "investiture": {"current": 0, "maximum": 0}, "defenses": [["phy", 13]],
            "deflect": 1, "injuries": 0,
            "weapons": [{"name": "Flamespear", "skill": "athletics", "damage": "1d8",
                         "damage_type": "fire", "can_graze": True, "traits": []}],
            "expertises": []}
    sheet = sheet_of(kept)
    assert (sheet.role, sheet.tier, sheet.health_range, sheet.immunities) == (
        None, None, None, Immunities())
    assert sheet.weapons == (Weapon("Flamespear", "athletics", "1d8", "fire"),)
    assert sheet.check() == sheet
    assert sheet_document(sheet) == kept


def test_the_export_carries_the_stat_block_and_reads_back() -> None:
    file = export(STAT_BLOCK)
    entry = json.loads(file)["characters"][0]
    assert (entry["role"], entry["tier"], entry["health_range"], entry["immunities"]) == (
        "boss", 3, "48-72", ["spirit", "prone"])
    assert read_import(file, "reaver.json").sheets == (STAT_BLOCK,)


def test_an_adversary_joins_an_encounter_with_its_stat_block() -> None:
    record = CharacterRecord("c000000009", 1, 7, STAT_BLOCK)
    reaver = combatant_of(record)
    assert (reaver.role, reaver.side, reaver.health, reaver.focus, reaver.deflect) == (
        Role.BOSS, Side.ENEMY, 60, 4, 2)
    assert reaver.defenses.physical == 16
    assert reaver.immunities == frozenset({ConditionName.PRONE})
    assert reaver.damage_immunities == frozenset({DamageType.SPIRIT})
    assert combatant_of(record, role=Role.MINION).role is Role.MINION
    assert combatant_of(CharacterRecord("c000000010", 1, 7, REAVER)).role is Role.RIVAL
