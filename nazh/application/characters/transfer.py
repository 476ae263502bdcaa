"""A character's file: the versioned JSON ``/character export`` writes (docs/commands.md has it),
and what ``/character import`` reads (that JSON, or a Foundry VTT actor of the Cosmere RPG)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from nazh.application.characters import foundry
from nazh.application.characters.fields import field_of, immunities_text
from nazh.application.characters.model import MAX_PER_USER, CharacterRecord
from nazh.application.characters.reading import (
    EntryError,
    flag,
    listed,
    mapping,
    maybe_whole,
    only,
    shown,
    text,
    whole,
)
from nazh.application.saved.shelves import (
    MAX_SHOWN_VERSION,
    ImportFileError,
    ImportLine,
    ImportRefusedError,
)
from nazh.application.shared.json_types import JsonArray, JsonObject, JsonValue
from nazh.application.shared.untrusted_json import JsonFile, read_json
from nazh.domain.character import (
    MAX_ATTRIBUTE,
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_EXPERTISES,
    MAX_INJURIES,
    MAX_LEVEL,
    MAX_NAME_LENGTH,
    MAX_RANKS,
    MAX_RESOURCE,
    MAX_SKILLS,
    MAX_TEXT_LENGTH,
    MAX_TRAITS,
    MAX_WEAPONS,
    MIN_ATTRIBUTE,
    MIN_LEVEL,
    MIN_RANKS,
    STANDARD_SKILLS,
    Attribute,
    Character,
    CharacterError,
    Defense,
    Kind,
    Resource,
    Skill,
    Weapon,
    check_name,
    standard_skill,
)
from nazh.domain.derivation import Pool
from nazh.domain.errors import NazhError
from nazh.domain.injury import Band
from nazh.domain.weapon import (
    MAX_ATTACK_MODIFIER,
    MAX_FIXED_DAMAGE,
    MAX_STORED,
    MIN_ATTACK_MODIFIER,
)
from nazh.domain.wounds import MAX_EXHAUSTED, MAX_WOUNDS, Wound

EXPORT_FORMAT = "nazh-character"
EXPORT_VERSION = 1
IMPORT_HINT = "export a character with /character export to see the format"
IMPORT_SIZE_HINT = "export fewer characters at once"
MAX_IMPORT_BYTES = 1024 * 1024
"""A Foundry VTT actor carries its items' descriptions: a full character is a few hundred KiB."""
MAX_IMPORT_DEPTH = 32
"""How deeply an imported file may nest (an export nests 5 levels, a Foundry actor about 10)."""
CHARACTER_FILE = JsonFile(MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, hint=IMPORT_HINT,
                          size_hint=IMPORT_SIZE_HINT)
MAX_CHARACTERS = MAX_PER_USER  # Characters in one file: as many as one person keeps in a server
MAX_IMMUNITIES = 20
"""Immunities in one entry (the rules have 5 damage types and 14 conditions)."""

ENTRY_FIELDS = ("name", "kind", "level", "attributes", "skills", "health", "focus",
                "investiture", "defenses", "deflect", "injuries", "weapons", "expertises",
                "role", "tier", "health_range", "immunities", "exhausted", "wounds")
WOUND_FIELDS = ("band", "days", "effect")
SKILL_FIELDS = ("name", "attribute", "ranks")
POOL_FIELDS = ("current", "maximum")
WEAPON_FIELDS = ("name", "skill", "damage", "damage_type", "can_graze", "traits", "modifier",
                 "fixed", "stored")


@dataclass(frozen=True, slots=True)
class Imported:
    """What a file holds: the sheets (checked, none kept yet) and what of the file they omit."""

    sheets: tuple[Character, ...]
    # one line each: "items: 3 talents, 1 armor (not used by the dice)"
    skipped: tuple[str, ...] = ()
    source: str = EXPORT_FORMAT  # or "foundry"


# -- export ------------------------------------------------------------------------------------


def export(sheets: Character | CharacterRecord | Iterable[Character | CharacterRecord]
           ) -> bytes:
    """The versioned JSON file of one character or several."""
    if isinstance(sheets, Character | CharacterRecord):
        sheets = [sheets]
    entries = [as_entry(item.sheet if isinstance(item, CharacterRecord) else item)
               for item in sheets]
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "characters": entries}
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def as_entry(sheet: Character) -> JsonObject:
    written = dict(sheet.defenses)
    return {
        "name": sheet.name,
        "kind": sheet.kind.value,
        "level": sheet.level,
        "attributes": {attribute.name.lower(): score for attribute, score in sheet.attributes},
        "skills": [{"name": skill.name, "attribute": skill.attribute.name.lower(),
                    "ranks": skill.ranks} for skill in sheet.skills],
        **{resource.value: {"current": sheet.pool(resource).current,
                            "maximum": sheet.pool(resource).maximum} for resource in Resource},
        "defenses": {defense.name.lower(): written.get(defense) for defense in Defense},
        "deflect": sheet.deflect,
        "injuries": sheet.injuries,
        "weapons": [_weapon_entry(weapon) for weapon in sheet.weapons],
        "expertises": list(sheet.expertises),
        **_stat_block_entry(sheet),
        **_recovery_entry(sheet),
    }


def _recovery_entry(sheet: Character) -> JsonObject:
    # written only when held: an export without them reads as before they existed
    entry: JsonObject = {}
    if sheet.exhausted:
        entry["exhausted"] = sheet.exhausted
    if sheet.wounds:
        entry["wounds"] = [{"band": w.band.value, "days": w.days, "effect": w.effect}
                           for w in sheet.wounds]
    return entry


def _weapon_entry(weapon: Weapon) -> JsonObject:
    entry: JsonObject = {"name": weapon.name, "skill": weapon.skill, "damage": weapon.damage,
                         "damage_type": weapon.damage_type, "can_graze": weapon.can_graze,
                         "traits": list(weapon.traits)}
    if weapon.modifier is not None:
        entry["modifier"] = weapon.modifier
    if weapon.fixed is not None:
        entry["fixed"] = weapon.fixed
    if weapon.stored is not None:  # a Loaded weapon not full
        entry["stored"] = weapon.stored
    return entry


def _stat_block_entry(sheet: Character) -> JsonObject:
    entry: JsonObject = {}
    if sheet.role is not None:
        entry["role"] = sheet.role.value
    if sheet.tier is not None:
        entry["tier"] = sheet.tier
    if sheet.health_range is not None:
        entry["health_range"] = sheet.health_range.text
    words = immunities_text(sheet.immunities)
    if words:
        entry["immunities"] = words.split(", ")
    return entry


# -- import ------------------------------------------------------------------------------------


def read_import(data: bytes, filename: str | None = None) -> Imported:
    """The sheets in an imported file: a ``nazh-character`` export or a Foundry VTT actor export."""
    # Read as untrusted: its size is checked before parsing, its nesting while parsing, and every
    # value before a sheet is built; nothing is kept here (the caller keeps all or none).
    document = read_json(data, filename, CHARACTER_FILE)
    if isinstance(document, dict) and document.get("format") == EXPORT_FORMAT:
        return _from_export(document, filename)
    actors = foundry.actors_in(document)
    if actors is None:
        raise ImportFileError(filename, f'neither a "{EXPORT_FORMAT}" export nor a Foundry VTT '
                                        "actor of the Cosmere RPG system", hint=IMPORT_HINT)
    _check_count(len(actors.actors), filename)
    return _from_foundry(actors)


def _check_count(count: int, filename: str | None) -> None:
    if count == 0:
        raise ImportFileError(filename, "holds no character", hint=IMPORT_HINT)
    if count > MAX_CHARACTERS:
        raise ImportFileError(filename, f"holds {count} characters; at most {MAX_CHARACTERS} "
                                        "are imported at once", hint="split it into parts")


def _from_export(document: JsonObject, filename: str | None) -> Imported:
    entries = document.get("characters")
    if not isinstance(entries, list):
        raise ImportFileError(filename, f'not a "{EXPORT_FORMAT}" export', hint=IMPORT_HINT)
    if document.get("version") != EXPORT_VERSION:
        version = repr(document.get("version"))
        version = version if len(version) <= MAX_SHOWN_VERSION else \
            version[:MAX_SHOWN_VERSION - 1] + "…"
        raise ImportFileError(filename, f"version {version} of the format is not known "
                                        f"(this Nazh reads version {EXPORT_VERSION})", hint=None)
    _check_count(len(entries), filename)
    return Imported(_all_or_nothing(entries, _sheet))


def _from_foundry(actors: foundry.Actors) -> Imported:
    skipped: list[str] = list(actors.skipped)
    several = len(actors.actors) > 1

    def read(actor: JsonValue) -> Character:
        mapped = foundry.from_actor(actor)
        prefix = f"{mapped.sheet.name}: " if several else ""
        skipped.extend(prefix + line for line in mapped.skipped)
        return mapped.sheet

    sheets = _all_or_nothing(actors.actors, read)
    return Imported(sheets, tuple(skipped), "foundry")


def _all_or_nothing(entries: JsonArray, read: JsonValue) -> tuple[Character, ...]:
    """Every entry read (and checked), or :class:`ImportRefusedError` with one line each."""
    lines: list[ImportLine] = []
    sheets: list[Character] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, 1):
        label = _label(index, entry)
        try:
            sheet: Character = read(entry)
            if sheet.name.casefold() in seen:
                raise EntryError(f"{sheet.name!r} is in the file twice",
                                 hint="rename one of them")
            seen.add(sheet.name.casefold())
        except NazhError as error:
            lines.append(ImportLine(label, error.summary))
            continue
        sheets.append(sheet)
        lines.append(ImportLine(label))
    if any(line.problem for line in lines):
        raise ImportRefusedError(lines, done="read")
    return tuple(sheets)


def _label(index: int, entry: JsonValue) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name.strip():
        return f"entry {index}"
    return f"entry {index} ({shown(name)[1:-1]})"


def _sheet(entry: JsonValue) -> Character:
    """One entry of a ``nazh-character`` file as a checked sheet (NazhError: naming the field)."""
    entry = mapping(entry, "an entry")
    only(entry, ENTRY_FIELDS, "a character")
    if "name" not in entry:
        raise EntryError("the name is missing")
    name = check_name(text(entry["name"], "the name", MAX_NAME_LENGTH))
    kind = _kind(entry.get("kind", Kind.CHARACTER.value))
    level = whole(entry.get("level", MIN_LEVEL), "level", MIN_LEVEL, MAX_LEVEL)
    attributes = _attributes(entry.get("attributes", {}))
    skills = _skills(entry.get("skills", []))
    pools = {resource: _pool(entry.get(resource.value), resource) for resource in Resource}
    defenses = _defenses(entry.get("defenses", {}))
    deflect = whole(entry.get("deflect", 0), "deflect", 0, MAX_DEFLECT)
    injuries = whole(entry.get("injuries", 0), "injuries", 0, MAX_INJURIES)
    weapons = tuple(_weapon(item, index) for index, item in
                    enumerate(listed(entry.get("weapons", []), "weapons", MAX_WEAPONS), 1))
    expertises = tuple(text(item, f"expertise {index}", MAX_TEXT_LENGTH) for index, item in
                       enumerate(listed(entry.get("expertises", []), "expertises",
                                        MAX_EXPERTISES), 1))
    sheet = Character(name, kind, level, attributes, skills, defenses=defenses,
                      deflect=deflect, injuries=injuries, weapons=weapons,
                      expertises=expertises)
    for field_name, key in (("role", "role"), ("tier", "tier"),
                            ("health-range", "health_range")):
        if entry.get(key) is not None:
            sheet = field_of(sheet, field_name).apply(sheet, str(entry[key]))
    if entry.get("immunities") is not None:
        words = listed(entry["immunities"], "immunities", MAX_IMMUNITIES)
        sheet = field_of(sheet, "immunities").apply(sheet, ", ".join(
            text(word, f"immunity {at}", MAX_TEXT_LENGTH) for at, word in enumerate(words, 1)))
    for resource, (current, maximum) in pools.items():
        full = maximum if maximum is not None else sheet.with_pool(
            resource, Pool(0, None)).maximum(resource).value
        sheet = sheet.with_pool(resource, Pool(full if current is None else current, maximum))
    if entry.get(Resource.INVESTITURE.value) is None:
        sheet = sheet.with_pool(Resource.INVESTITURE, Pool(0, 0))
    sheet = replace(sheet, exhausted=whole(entry.get("exhausted", 0), "exhausted", 0,
                                           MAX_EXHAUSTED),
                    wounds=tuple(_wound(item, index) for index, item in enumerate(
                        listed(entry.get("wounds", []), "wounds", MAX_WOUNDS), 1)))
    return sheet.check()


def _wound(value: JsonValue, index: int) -> Wound:
    """An injury recorded on an entry: ``{"band": "shallow", "days": 3, "effect": "Slowed"}``."""
    wound = mapping(value, f"wound {index}")
    only(wound, WOUND_FIELDS, f"wound {index}")
    band = text(wound.get("band"), f"wound {index}'s band", MAX_TEXT_LENGTH)
    if band not in {b.value for b in Band} - {Band.DEATH.value}:
        raise EntryError(f"wound {index}'s band is flesh, shallow, vicious or permanent "
                         f"(got {band!r})")
    days = wound.get("days")
    effect = wound.get("effect")
    try:
        return Wound(Band(band), None if days is None else whole(days, f"wound {index}'s days",
                                                                  1, 36),
                     None if effect is None else text(effect, f"wound {index}'s effect",
                                                      MAX_TEXT_LENGTH)).check()
    except CharacterError as error:
        raise EntryError(f"wound {index}: {error.summary}") from None


def _kind(value: JsonValue) -> Kind:
    word = text(value, "kind", MAX_TEXT_LENGTH)
    for kind in Kind:
        if word == kind.value:
            return kind
    raise EntryError(f"kind is character or adversary (got {shown(word)})")


def _attribute(word: JsonValue, what: str) -> Attribute:
    name = text(word, what, MAX_TEXT_LENGTH)
    try:
        return Attribute.named(name)
    except NazhError:
        raise EntryError(f"{shown(name)} is not an attribute",
                         hint="one of " + ", ".join(a.name.lower() for a in Attribute)) from None


def _attributes(value: JsonValue) -> tuple[tuple[Attribute, int], ...]:
    scores: dict[Attribute, int] = {}
    for key, score in mapping(value, "attributes").items():
        attribute = _attribute(key, "an attribute's name")
        if attribute in scores:
            raise EntryError(f"{attribute.name.lower()} is written twice")
        scores[attribute] = whole(score, attribute.name.lower(), MIN_ATTRIBUTE, MAX_ATTRIBUTE)
    return tuple((attribute, scores.get(attribute, 0)) for attribute in Attribute)


def _skills(value: JsonValue) -> tuple[Skill, ...]:
    standard = {info.key: Skill(info.name, info.attribute) for info in STANDARD_SKILLS}
    custom: dict[str, Skill] = {}
    seen: set[str] = set()
    for index, item in enumerate(listed(value, "skills", MAX_SKILLS), 1):
        entry = mapping(item, f"skill {index}")
        only(entry, SKILL_FIELDS, f"skill {index}")
        name = text(entry.get("name"), f"skill {index}'s name", MAX_TEXT_LENGTH)
        ranks = whole(entry.get("ranks", 0), f"{name} ranks", MIN_RANKS, MAX_RANKS)
        info = standard_skill(name)
        key = info.key if info is not None else Skill(name, Attribute.STRENGTH).key
        if key in seen:
            raise EntryError(f"the skill {shown(name)} is written twice")
        seen.add(key)
        if info is not None:
            attribute = (info.attribute if entry.get("attribute") is None
                         else _attribute(entry["attribute"], f"{name}'s attribute"))
            standard[key] = Skill(info.name, attribute, ranks)
            continue
        if entry.get("attribute") is None:
            raise EntryError(f"the skill {shown(name)} needs its attribute",
                             hint="e.g. awareness")
        custom[key] = Skill(name, _attribute(entry["attribute"], f"{name}'s attribute"), ranks)
    return (*standard.values(), *custom.values())


def _pool(value: JsonValue, resource: Resource) -> tuple[int | None, int | None]:
    """``(current, maximum)``; ``None`` current: full."""
    if value is None:
        return None, None
    entry = mapping(value, resource.value)
    only(entry, POOL_FIELDS, resource.value)
    maximum = maybe_whole(entry.get("maximum"), f"{resource.value} maximum", 0, MAX_RESOURCE)
    current = maybe_whole(entry.get("current"), resource.value, 0, MAX_RESOURCE)
    return current, maximum


def _defenses(value: JsonValue) -> tuple[tuple[Defense, int], ...]:
    written: dict[Defense, int] = {}
    for key, number in mapping(value, "defenses").items():
        name = text(key, "a defense's name", MAX_TEXT_LENGTH)
        defense = next((d for d in Defense if name.lower() in (d.name.lower(), d.value)), None)
        if defense is None:
            raise EntryError(f"{shown(name)} is not a defense",
                             hint="physical, cognitive or spiritual")
        if defense in written:
            raise EntryError(f"the {defense.name.lower()} defense is written twice")
        chosen = maybe_whole(number, f"{defense.name.lower()} defense", 0, MAX_DEFENSE)
        if chosen is not None:
            written[defense] = chosen
    return tuple((defense, written[defense]) for defense in Defense if defense in written)


def _weapon(value: JsonValue, index: int) -> Weapon:
    entry = mapping(value, f"weapon {index}")
    only(entry, WEAPON_FIELDS, f"weapon {index}")
    name = text(entry.get("name"), f"weapon {index}'s name", MAX_TEXT_LENGTH)
    skill = text(entry.get("skill"), f"{name}'s skill", MAX_TEXT_LENGTH)
    damage = text(entry.get("damage"), f"{name}'s damage", MAX_TEXT_LENGTH)
    damage_type = entry.get("damage_type")
    if damage_type is not None:
        damage_type = text(damage_type, f"{name}'s damage type", MAX_TEXT_LENGTH)
    can_graze = flag(entry.get("can_graze", True), f"{name}'s can_graze")
    traits = tuple(text(trait, f"{name}'s trait {at}", MAX_TEXT_LENGTH) for at, trait in
                   enumerate(listed(entry.get("traits", []), f"{name}'s traits", MAX_TRAITS), 1))
    modifier = maybe_whole(entry.get("modifier"), f"{name}'s modifier", MIN_ATTACK_MODIFIER,
                           MAX_ATTACK_MODIFIER)
    fixed = maybe_whole(entry.get("fixed"), f"{name}'s fixed damage", 1, MAX_FIXED_DAMAGE)
    stored = maybe_whole(entry.get("stored"), f"{name}'s ammunition stored", 0, MAX_STORED)
    return Weapon(name, skill, damage, damage_type, can_graze, traits, modifier, fixed, stored)
