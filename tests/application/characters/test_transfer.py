"""The nazh-character file: an export reads back as the same sheets, and every file or entry an
import cannot take is refused whole, naming the file or the entry and its field."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.transfer import (
    MAX_CHARACTERS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_DEPTH,
    as_entry,
    export,
    read_import,
)
from nazh.application.saved.shelves import ImportFileError, ImportLine, ImportRefusedError
from nazh.application.shared.files import FileTooLargeError
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.application.shared.untrusted_json import UntrustedJsonError
from nazh.domain.character import (
    MAX_RANKS,
    STANDARD_SKILLS,
    Attribute,
    Character,
    Defense,
    Kind,
    Resource,
    Skill,
    Weapon,
)
from nazh.domain.derivation import Pool
from tests.character_sheets import WOUNDS

KALADIN = replace(
    Character.new("Kaladin", level=4, attributes={Attribute.STRENGTH: 3, Attribute.SPEED: 2,
                                                  Attribute.WILLPOWER: 3,
                                                  Attribute.AWARENESS: 2}),
    skills=(*(Skill(s.name, s.attribute, 2 if s.key == "heavy-weaponry" else 0)
              for s in STANDARD_SKILLS), Skill("Gravitation", Attribute.AWARENESS, 1)),
    health=Pool(20, None), focus=Pool(3, 6), investiture=Pool(2, 5),
    defenses=((Defense.PHYSICAL, 16),), deflect=1, injuries=2,
    weapons=(Weapon("Spear", "heavy-weaponry", "1d8", "keen", True, ("two-handed",)),
             Weapon("Sling", "light-weaponry", "1d4+1", None, False, ())),
    expertises=("Spears", "Surgery"))


def document(*entries: JsonObject, version: JsonValue = 1) -> bytes:
    return json.dumps({"format": "nazh-character", "version": version,
                       "characters": list(entries)}).encode()


def refused(data: bytes) -> list[ImportLine]:
    with pytest.raises(ImportRefusedError) as caught:
        read_import(data, "kaladin.json")
    return caught.value.lines


# -- export --------------------------------------------------------------------------------------


def test_the_export_is_the_documented_json() -> None:
    data = export(KALADIN)
    assert data.endswith(b"}\n")
    assert data.startswith(b'{\n  "format": "nazh-character",\n  "version": 1,')
    entry = json.loads(data)["characters"][0]
    assert entry == {
        "name": "Kaladin", "kind": "character", "level": 4,
        "attributes": {"strength": 3, "speed": 2, "intellect": 0, "willpower": 3,
                       "awareness": 2, "presence": 0},
        "skills": [*({"name": s.name, "attribute": s.attribute.name.lower(),
                      "ranks": 2 if s.key == "heavy-weaponry" else 0} for s in STANDARD_SKILLS),
                   {"name": "Gravitation", "attribute": "awareness", "ranks": 1}],
        "health": {"current": 20, "maximum": None}, "focus": {"current": 3, "maximum": 6},
        "investiture": {"current": 2, "maximum": 5},
        "defenses": {"physical": 16, "cognitive": None, "spiritual": None},
        "deflect": 1, "injuries": 2,
        "weapons": [{"name": "Spear", "skill": "heavy-weaponry", "damage": "1d8",
                     "damage_type": "keen", "can_graze": True, "traits": ["two-handed"]},
                    {"name": "Sling", "skill": "light-weaponry", "damage": "1d4+1",
                     "damage_type": None, "can_graze": False, "traits": []}],
        "expertises": ["Spears", "Surgery"],
    }


def test_the_export_is_utf8_text() -> None:
    sheet = replace(KALADIN, name="Shallan Davar ✦")
    assert "Shallan Davar ✦".encode() in export(sheet)


def test_a_record_exports_its_sheet_and_several_export_together() -> None:
    record = CharacterRecord("k3v9x0q2md", 1, 7, KALADIN)
    other = Character.new("Syl")
    assert export(record) == export(KALADIN)
    assert [e["name"] for e in json.loads(export([record, other]))["characters"]] \
        == ["Kaladin", "Syl"]


# -- round trip ----------------------------------------------------------------------------------


def test_an_export_reads_back_as_the_same_sheet() -> None:
    imported = read_import(export([KALADIN, Character.new("Lopen")]), "party.json")
    assert imported.sheets == (KALADIN, Character.new("Lopen"))
    assert imported.skipped == ()
    assert imported.source == "nazh-character"


NAMES = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)


def _stored(weapon: Weapon, shots: int) -> Weapon:
    """A Loaded weapon with ``shots`` of its 3 stored (3: full, kept as ``None``)."""
    return weapon if weapon.capacity is None or shots == 3 else replace(weapon, stored=shots)


@st.composite
def sheets(draw: st.DrawFn) -> Character:
    kind = draw(st.sampled_from(Kind))
    scores = {a: draw(st.integers(0, 10)) for a in Attribute}
    sheet = Character.new(draw(NAMES), kind, level=draw(st.integers(1, 30)),
                          attributes=scores)
    custom = draw(st.lists(NAMES.map(lambda n: "Surge " + n), max_size=3,
                           unique_by=lambda n: n.casefold()))
    skills = [Skill(s.name, s.attribute, draw(st.integers(0, MAX_RANKS)))
              for s in STANDARD_SKILLS]
    skills += [Skill(name, draw(st.sampled_from(Attribute)), draw(st.integers(0, MAX_RANKS)))
               for name in custom]
    sheet = replace(sheet, skills=tuple(skills))
    for resource in Resource:
        maximum = draw(st.none() | st.integers(0, 999))
        top = maximum if maximum is not None else sheet.with_pool(
            resource, Pool(0, None)).maximum(resource).value
        sheet = sheet.with_pool(resource, Pool(draw(st.integers(0, top)), maximum))
    defenses = tuple((d, draw(st.integers(0, 100))) for d in Defense if draw(st.booleans()))
    weapon_names = draw(st.lists(NAMES, max_size=3, unique_by=lambda n: n.casefold()))
    weapons = tuple(_stored(
        Weapon(name, draw(st.sampled_from([s.key for s in skills])),
               draw(st.sampled_from(["1d8", "2d6+2", "1d4-1", "3d10"])),
               draw(st.none() | st.sampled_from(["keen", "impact"])), draw(st.booleans()),
               tuple(draw(st.lists(st.sampled_from(["deadly", "two-handed", "reach",
                                                    "loaded [3]"]),
                                   max_size=3, unique=True)))), draw(st.integers(0, 3)))
        for name in weapon_names)
    expertises = tuple(draw(st.lists(NAMES, max_size=4)))
    return replace(sheet, defenses=defenses, deflect=draw(st.integers(0, 20)),
                   injuries=draw(st.integers(0, 10)), weapons=weapons,
                   expertises=expertises, exhausted=draw(st.integers(0, 20)),
                   wounds=tuple(draw(st.lists(WOUNDS, max_size=4)))).check()


@settings(max_examples=60, deadline=None)
@given(st.lists(sheets(), min_size=1, max_size=3, unique_by=lambda s: s.name.casefold()))
def test_any_sheet_reads_back_as_itself(made: list[Character]) -> None:
    assert read_import(export(made), "x.json").sheets == tuple(made)


# -- the file refused whole ----------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(FileTooLargeError) as caught:
        read_import(b"{" * (MAX_IMPORT_BYTES + 1), "huge.json")
    assert caught.value.reason == 'file "huge.json" (1025 KiB) is over the 1024 KiB limit'


@pytest.mark.parametrize(("data", "reason"), [
    (b"{not json", 'file "kaladin.json": not valid JSON (line 1, column 2: Expecting property '
                   "name enclosed in double quotes)"),
    (b"\xff\xfe", 'file "kaladin.json": not UTF-8 text (byte 1 is 0xff)'),
    (b"[" * (MAX_IMPORT_DEPTH + 1) + b"]" * (MAX_IMPORT_DEPTH + 1),
     f'file "kaladin.json": not valid JSON (nested more than {MAX_IMPORT_DEPTH} levels deep)'),
    (b'{"format": "nazh-saved-rolls", "version": 1, "rolls": []}',
     'file "kaladin.json": neither a "nazh-character" export nor a Foundry VTT actor of the '
     "Cosmere RPG system"),
    (b'{"format": "nazh-character", "version": 1, "characters": {}}',
     'file "kaladin.json": not a "nazh-character" export'),
    (b'{"format": "nazh-character", "version": 2, "characters": []}',
     'file "kaladin.json": version 2 of the format is not known (this Nazh reads version 1)'),
    (b'{"format": "nazh-character", "version": "' + b"9" * 50 + b'", "characters": []}',
     'file "kaladin.json": version \'999999999999999999… of the format is not known (this '
     "Nazh reads version 1)"),
    (b'{"format": "nazh-character", "version": 1, "characters": []}',
     'file "kaladin.json": holds no character'),
    (b"[1, 2]", 'file "kaladin.json": neither a "nazh-character" export nor a Foundry VTT '
                "actor of the Cosmere RPG system"),
])
def test_a_file_that_is_not_an_export_is_refused_naming_it(data: bytes, reason: str) -> None:
    with pytest.raises(UntrustedJsonError) as caught:
        read_import(data, "kaladin.json")
    assert caught.value.reason == reason


def test_more_characters_than_one_person_keeps_are_refused() -> None:
    entries = [{"name": f"Bridgeman {n}"} for n in range(MAX_CHARACTERS + 1)]
    with pytest.raises(ImportFileError) as caught:
        read_import(document(*entries), None)
    assert caught.value.reason == (f"the file: holds {MAX_CHARACTERS + 1} characters; at most "
                                   f"{MAX_CHARACTERS} are imported at once")


# -- an entry refused, and with it the file ------------------------------------------------------


def test_missing_fields_take_their_defaults() -> None:
    sheet = read_import(document({"name": "Teft", "attributes": {"willpower": 2}}), None)
    assert sheet.sheets == (Character.new("Teft", attributes={Attribute.WILLPOWER: 2}),)


def test_a_missing_current_value_is_full() -> None:
    entry = as_entry(KALADIN)
    entry["focus"] = {"maximum": 6}
    entry["health"] = {}
    sheet = read_import(document(entry), None).sheets[0]
    assert (sheet.focus, sheet.health) == (Pool(6, 6), Pool(28, None))


def test_a_wrong_entry_is_named_and_nothing_is_imported() -> None:
    good = as_entry(Character.new("Lopen"))
    bad = as_entry(KALADIN)
    bad["attributes"]["strength"] = 12
    assert refused(document(good, bad)) == [
        ImportLine("entry 1 (Lopen)"),
        ImportLine("entry 2 (Kaladin)", "strength is 0 to 10 (got 12)"),
    ]


def test_the_refusal_counts_the_wrong_entries() -> None:
    with pytest.raises(ImportRefusedError) as caught:
        read_import(document({"name": "Rock", "level": 0}, {"name": "Lopen"}), None)
    assert caught.value.reason == "1 of 2 entries cannot be read, so nothing was imported"


def test_a_name_twice_in_one_file_is_refused() -> None:
    assert refused(document({"name": "Rock"}, {"name": "rock"})) == [
        ImportLine("entry 1 (Rock)"),
        ImportLine("entry 2 (rock)", "'rock' is in the file twice"),
    ]


def _with(path: str, value: JsonValue) -> JsonObject:
    """Kaladin's entry with one field replaced (``weapons.0.damage``, ``health.current``)."""
    entry = as_entry(KALADIN)
    *parents, last = path.split(".")
    target: JsonValue = entry
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return entry


@pytest.mark.parametrize(("path", "value", "problem"), [
    ("level", True, "level is a whole number (got true)"),
    ("level", 4.0, "level is a whole number (got 4.0)"),
    ("level", "4", "level is a whole number (got '4')"),
    ("level", 31, "level is 1 to 30 (got 31)"),
    ("name", 7, "the name is text (got 7)"),
    ("name", "K" * 65, "the name has at most 64 characters (got 65)"),
    ("name", "   ", "a character's name has 1 to 64 characters (got 0)"),
    ("kind", "npc", "kind is character or adversary (got 'npc')"),
    ("attributes", [], "attributes is an object (got a list)"),
    ("attributes.strenght", 3, "'strenght' is not an attribute"),
    ("attributes.speed", False, "speed is a whole number (got false)"),
    ("skills", {}, "skills is a list (got an object)"),
    ("skills.0", "Agility", "skill 1 is an object (got 'Agility')"),
    ("skills.0.ranks", 6, "Agility ranks is 0 to 5 (got 6)"),
    ("skills.0.ranks", True, "Agility ranks is a whole number (got true)"),
    ("skills.0.attribute", "luck", "'luck' is not an attribute"),
    ("skills.0.attribute", "presence", "Agility uses Speed"),
    ("skills.0.level", 1, "skill 1 has no field 'level'"),
    ("skills.1.name", "Agility", "the skill 'Agility' is written twice"),
    ("skills.18.attribute", None, "the skill 'Gravitation' needs its attribute"),
    ("health", 20, "health is an object (got 20)"),
    ("health.current", -1, "health is 0 to 999 (got -1)"),
    ("health.current", 40, "health is 0 to 28 (got 40)"),
    ("focus.maximum", "6", "focus maximum is a whole number (got '6')"),
    ("focus.max", 6, "focus has no field 'max'"),
    ("defenses.mental", 12, "'mental' is not a defense"),
    ("defenses.physical", 101, "physical defense is 0 to 100 (got 101)"),
    ("deflect", 21, "deflect is 0 to 20 (got 21)"),
    ("injuries", None, "injuries is a whole number (got null)"),
    ("weapons.0.damage", "a lot", "Spear: the damage 'a lot' is not dice (unknown tag 'l')"),
    ("weapons.0.skill", "flying", "Kaladin has no skill 'flying'"),
    ("weapons.0.can_graze", "yes", "Spear's can_graze is true or false (got 'yes')"),
    ("weapons.0.traits", "deadly", "Spear's traits is a list (got 'deadly')"),
    ("weapons.0.traits", ["x"] * 11, "Spear's traits has at most 10 items (got 11)"),
    ("weapons.1.name", "spear", "each weapon has its own name"),
    ("expertises", ["Spears", 3], "expertise 2 is text (got 3)"),
    ("expertises", ["e" * 65], "expertise 1 has at most 64 characters (got 65)"),
    ("species", "human", "a character has no field 'species'"),
    ("exhausted", 21, "exhausted is 0 to 20 (got 21)"),
    ("wounds", [{"band": "death"}], "wound 1's band is flesh, shallow, vicious or permanent "
                                    "(got 'death')"),
    ("wounds", [{"band": "shallow", "days": 7}],
     "wound 1: a shallow injury has 1 to 6 days left (got 7)"),
    ("wounds", [{"band": "vicious", "days": 0}], "wound 1's days is 1 to 36 (got 0)"),
    ("wounds", [{"band": "flesh", "effect": "Sleepy"}],
     "wound 1: 'Sleepy' is not an injury's effect"),
    ("wounds", [{"band": "flesh", "heals": 1}], "wound 1 has no field 'heals'"),
])
def test_each_wrong_field_is_named(path: str, value: JsonValue, problem: str) -> None:
    lines = refused(document(_with(path, value)))
    assert [line.problem for line in lines] == [problem]


def test_an_entry_that_is_not_an_object_is_named_by_its_place() -> None:
    assert refused(document({"name": "Rock"}, ["Kaladin"])) == [  # type: ignore[arg-type]
        ImportLine("entry 1 (Rock)"),
        ImportLine("entry 2", "an entry is an object (got a list)"),
    ]


def test_an_entry_without_a_name_is_refused() -> None:
    assert refused(document({"level": 2})) == [ImportLine("entry 1", "the name is missing")]


def test_the_documented_example_imports() -> None:
    page = (Path(__file__).resolve().parents[3] / "docs" / "commands.md").read_text("utf-8")
    blocks = re.findall(r"^```json\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    example = next(block for block in blocks if '"nazh-character"' in block)
    sheet = read_import(example.encode(), None).sheets[0]
    assert (sheet.name, sheet.modifier("light-weaponry").explained, sheet.skill("gravitation")) \
        == ("Veyla Tarn", "Speed 3 + 2 ranks", Skill("Gravitation", Attribute.AWARENESS, 1))
