"""A Foundry VTT actor of the Cosmere RPG system read as a sheet: the made-up fixtures
(built from the system's data model, none of its content) map field by field, and what the
sheet leaves out is reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from nazh.application.characters.transfer import read_import
from nazh.application.saved.shelves import ImportFileError, ImportLine, ImportRefusedError
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.adversary import Role
from nazh.domain.character import (
    STANDARD_SKILLS,
    Attribute,
    Character,
    Defense,
    Kind,
    Skill,
    Weapon,
)
from nazh.domain.derivation import Pool

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "foundry"
LOCKED = ("Adhesion", "Illumination", "Transformation", "Transportation", "Cohesion",
          "Division", "Abrasion", "Tension", "Progression")


def fixture(name: str) -> JsonObject:
    loaded: JsonObject = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return loaded


def data(document: JsonValue) -> bytes:
    return json.dumps(document).encode()


def skills(ranks: dict[str, int], *custom: Skill) -> tuple[Skill, ...]:
    return (*(Skill(s.name, s.attribute, ranks.get(s.key, 0)) for s in STANDARD_SKILLS),
            *custom)


VEYLA = Character(
    "Veyla Tarn", Kind.CHARACTER, 3,
    ((Attribute.STRENGTH, 2), (Attribute.SPEED, 3), (Attribute.INTELLECT, 1),
     (Attribute.WILLPOWER, 2), (Attribute.AWARENESS, 2), (Attribute.PRESENCE, 3)),
    skills({"athletics": 1, "light-weaponry": 2, "stealth": 1, "lore": 1, "insight": 1,
            "perception": 2}, Skill("Gravitation", Attribute.AWARENESS, 0)),
    health=Pool(18, None), focus=Pool(4, None), investiture=Pool(3, 4),
    defenses=((Defense.COGNITIVE, 13), (Defense.SPIRITUAL, 14)), deflect=2, injuries=1,
    weapons=(Weapon("Glass-Edge Saber", "light-weaponry", "1d6", "keen", True,
                    ("offhand", "quickdraw")),
             Weapon("Hooked Pike", "heavy-weaponry", "1d10+3", "keen", True, ("two-handed",))),
    expertises=("Hillfolk Ways", "Glass Edge Saber"))
VEYLA_SKIPPED = (
    "presence: bonus +1 folded in (2 + 1 = 3)",
    "Deduction: its modifier's override (5) not kept: Nazh's modifier is the attribute plus "
    "the ranks",
    "skills not unlocked and without ranks, not imported: " + ", ".join(LOCKED),
    "spiritual defense written as 14, as Foundry derives it (10 + the attributes' values)",
    "Hooked Pike: damage 1d10+1 plus the Heavy Weaponry modifier (+2) written as 1d10+3",
    "Shoulder Bash: damage '1d4 + @attributes.str.value' is not a plain dice pool, not "
    "imported",
    "items: 1 ancestry, 2 armor, 1 talent (not used by the dice)",
    "not kept: senses, movement, languages, currency, biography, 1 active effect",
)
WARDEN = Character(
    "Ridge Warden", Kind.ADVERSARY, 1,
    ((Attribute.STRENGTH, 3), (Attribute.SPEED, 2), (Attribute.INTELLECT, 1),
     (Attribute.WILLPOWER, 2), (Attribute.AWARENESS, 3), (Attribute.PRESENCE, 1)),
    skills({"athletics": 2, "heavy-weaponry": 2, "perception": 2, "discipline": 1}),
    health=Pool(28, 28), focus=Pool(3, 4), investiture=Pool(0, 0),
    defenses=((Defense.PHYSICAL, 15),), deflect=2, injuries=0,
    weapons=(Weapon("Basalt Maul", "heavy-weaponry", "2d8", "impact", True, ()),
             Weapon("Slingstone", "light-weaponry", "1d6", "impact", False, ())),
    role=Role.RIVAL, tier=2)
WARDEN_SKIPPED = (
    "skills not unlocked and without ranks, not imported: Adhesion, Gravitation, "
    + ", ".join(LOCKED[1:]),
    "health 30 is over its maximum: kept at 28",
    "actions without a damage roll: Hold the Line",
    "items: 1 trait (not used by the dice)",
    "not kept: senses, movement",
)


def test_the_made_up_character_maps_field_by_field() -> None:
    imported = read_import((FIXTURES / "veyla-tarn.json").read_bytes(), "veyla-tarn.json")
    assert imported.sheets == (VEYLA,)
    assert imported.skipped == VEYLA_SKIPPED
    assert imported.source == "foundry"


def test_the_made_up_adversary_maps_field_by_field() -> None:
    imported = read_import((FIXTURES / "ridge-warden.json").read_bytes(), "ridge-warden.json")
    assert imported.sheets == (WARDEN,)
    assert imported.skipped == WARDEN_SKIPPED


def test_a_list_of_actors_names_each_ones_skipped_lines() -> None:
    imported = read_import(data([fixture("veyla-tarn"), fixture("ridge-warden")]), None)
    assert imported.sheets == (VEYLA, WARDEN)
    assert imported.skipped == (*(f"Veyla Tarn: {line}" for line in VEYLA_SKIPPED),
                                *(f"Ridge Warden: {line}" for line in WARDEN_SKIPPED))


def test_an_adventures_actors_are_read_and_the_rest_counted() -> None:
    adventure = {"name": "Made-up Ridge", "actors": [fixture("ridge-warden"),
                                                     {"name": "Cart", "type": "vehicle"}],
                 "scenes": [], "items": [], "journal": []}
    imported = read_import(data(adventure), None)
    assert imported.sheets == (WARDEN,)
    assert imported.skipped == ("1 entry that is not a Cosmere RPG character or adversary",
                                *WARDEN_SKIPPED)


def test_an_actor_of_another_type_is_not_a_cosmere_actor() -> None:
    actor = fixture("ridge-warden") | {"type": "npc"}
    with pytest.raises(ImportFileError) as caught:
        read_import(data(actor), "npc.json")
    assert caught.value.reason == ('file "npc.json": neither a "nazh-character" export nor a '
                                   "Foundry VTT actor of the Cosmere RPG system")


def refusal(actor: JsonObject) -> list[ImportLine]:
    with pytest.raises(ImportRefusedError) as caught:
        read_import(data(actor), None)
    return caught.value.lines


def test_an_attribute_out_of_range_is_refused_naming_the_field() -> None:
    actor = fixture("veyla-tarn")
    actor["system"]["attributes"]["str"]["value"] = 15
    assert refusal(actor) == [ImportLine(
        "entry 1 (Veyla Tarn)", "strength (system.attributes.str.value) is 0 to 10 (got 15)")]


@pytest.mark.parametrize(("path", "value", "problem"), [
    ("name", "V" * 65, "name has at most 64 characters (got 65)"),
    ("system.level", 31, "level (system.level) is 1 to 30 (got 31)"),
    ("system.level", True, "level (system.level) is a whole number (got true)"),
    ("system.skills.ins.rank", 6, "Insight ranks (system.skills.ins.rank) is 0 to 5 (got 6)"),
    ("system.resources.hea.value", "18",
     "health (system.resources.hea.value) is a whole number (got '18')"),
    ("system.attributes.pre.bonus", 9, "presence with its bonus is 0 to 10 (got 11)"),
    ("system.deflect.natural", 25, "natural deflect (system.deflect.natural) is 0 to 20 "
                                   "(got 25)"),
    ("items", {}, "items is a list (got an object)"),
    ("system.skills", [], "system.skills is an object (got a list)"),
])
def test_a_bad_value_is_refused_naming_the_field(path: str, value: JsonValue, problem: str) -> None:
    actor = fixture("veyla-tarn")
    *parents, last = path.split(".")
    target = actor
    for key in parents:
        target = target[key]
    target[last] = value
    assert [line.problem for line in refusal(actor)] == [problem]


def test_a_weapon_name_over_the_limit_is_refused_not_cut() -> None:
    actor = fixture("ridge-warden")
    actor["items"][0]["name"] = "M" * 65
    assert [line.problem for line in refusal(actor)] \
        == ["an item's name has at most 64 characters (got 65)"]


def test_an_attributes_bonus_writes_what_foundry_derives_from_the_value() -> None:
    actor = fixture("veyla-tarn")
    actor["system"]["attributes"]["str"]["bonus"] = 1
    imported = read_import(data(actor), None)
    sheet = imported.sheets[0]
    assert (sheet.score(Attribute.STRENGTH), sheet.health, dict(sheet.defenses)) \
        == (3, Pool(18, 22), {Defense.PHYSICAL: 15, Defense.COGNITIVE: 13,
                              Defense.SPIRITUAL: 14})
    assert imported.skipped[:2] == ("strength: bonus +1 folded in (2 + 1 = 3)",
                                    "presence: bonus +1 folded in (2 + 1 = 3)")
    assert "health maximum written as 22, as Foundry derives it without the attribute's " \
           "bonus" in imported.skipped


def test_a_maximums_bonus_is_folded_into_a_written_maximum() -> None:
    actor = fixture("veyla-tarn")
    actor["system"]["resources"]["foc"]["max"]["bonus"] = 2
    imported = read_import(data(actor), None)
    assert imported.sheets[0].focus == Pool(4, 6)
    assert "focus maximum: bonus +2 folded in, written as 6" in imported.skipped


def test_an_injuries_override_wins_and_is_capped() -> None:
    actor = fixture("veyla-tarn")
    actor["system"]["injuries"] = {"derived": 1, "override": 12, "useOverride": True,
                                   "bonus": 0}
    imported = read_import(data(actor), None)
    assert imported.sheets[0].injuries == 10
    assert "injuries: 12, kept at 10" in imported.skipped


def test_only_so_many_items_are_read() -> None:
    actor = fixture("ridge-warden")
    filler = copy.deepcopy(actor["items"][3])
    actor["items"] = [*actor["items"], *([filler] * 200)]
    imported = read_import(data(actor), None)
    assert imported.sheets[0].weapons == WARDEN.weapons
    assert "items: 4 more not read (at most 200)" in imported.skipped
    assert "items: 197 traits (not used by the dice)" in imported.skipped


def test_a_graze_formula_other_than_none_is_reported() -> None:
    actor = fixture("ridge-warden")
    actor["items"][0]["system"]["damage"]["grazeOverrideFormula"] = "1d4"
    imported = read_import(data(actor), None)
    assert imported.sheets[0].weapon("Basalt Maul").can_graze
    assert "Basalt Maul: graze formula '1d4' not kept (a graze deals the damage's dice)" \
        in imported.skipped


def test_an_unlocked_surge_with_ranks_is_a_custom_skill() -> None:
    actor = fixture("veyla-tarn")
    actor["system"]["skills"]["adh"]["rank"] = 2
    actor["system"]["skills"]["zzz"] = {"attribute": "int", "rank": 1, "unlocked": True}
    sheet = read_import(data(actor), None).sheets[0]
    assert sheet.skills[18:] == (Skill("Adhesion", Attribute.PRESENCE, 2),
                                 Skill("Gravitation", Attribute.AWARENESS, 0),
                                 Skill("Zzz", Attribute.INTELLECT, 1))


def test_foundrys_unarmed_strike_is_nazhs_own_unarmed_attack() -> None:
    """The basic actions, Unarmed Strike (damage ``@scalar.damage.unarmed``, by Strength): not
    imported as a weapon, every sheet attacks Unarmed by its Strength already."""
    actor = fixture("veyla-tarn")
    unarmed = copy.deepcopy(actor["items"][0])
    unarmed["name"] = "Unarmed Strike"
    unarmed["type"] = "weapon"
    unarmed["system"]["damage"] = {"formula": "@scalar.damage.unarmed", "type": "impact",
                                   "skill": "ath"}
    actor["items"] = [*actor["items"], unarmed]
    imported = read_import(data(actor), None)
    assert "Unarmed Strike: every character's Unarmed attack, built in" in imported.skipped
    sheet = imported.sheets[0]
    assert "Unarmed Strike" not in [weapon.name for weapon in sheet.weapons]
    assert sheet.weapon("Unarmed").skill == "athletics"


def test_foundrys_cumbersome_keeps_the_strength_it_asks() -> None:
    """Part 6, Weapon Traits, Cumbersome [X]: Foundry keeps X as the trait's value (an expert's
    own when the expertise sets one); the trait comes with it, read by the attack's rule."""
    actor = fixture("veyla-tarn")
    traits = actor["items"][1]["system"]["traits"]
    traits["cumbersome"] = {"defaultValue": 5, "value": 5, "defaultActive": True,
                            "active": True, "expertise": {"toggleActive": False, "value": 3}}
    pike = read_import(data(actor), None).sheets[0].weapon("Hooked Pike")
    assert pike.traits == ("cumbersome [5]", "two-handed")
    actor["items"][1]["system"]["expertise"] = True  # the expert's value
    assert read_import(data(actor), None).sheets[0].weapon("Hooked Pike").traits == (
        "cumbersome [3]", "two-handed")


def test_foundrys_loaded_keeps_the_ammunition_it_stores() -> None:
    """Part 6, Weapon Traits, Loaded [X]: "This weapon stores ammunition equal to the number
    indicated in brackets": Foundry keeps X as the trait's value; one storing none is not
    read as Loaded (it could never fire)."""
    actor = fixture("veyla-tarn")
    traits = actor["items"][1]["system"]["traits"]
    traits["loaded"] = {"defaultValue": 1, "value": 1, "defaultActive": True, "active": True}
    bow = read_import(data(actor), None).sheets[0].weapon("Hooked Pike")
    assert bow.traits == ("loaded [1]", "two-handed")
    assert (bow.shots, bow.capacity) == (1, 1)
    traits["loaded"]["defaultValue"] = 0
    assert read_import(data(actor), None).sheets[0].weapon("Hooked Pike").traits == (
        "loaded", "two-handed")
