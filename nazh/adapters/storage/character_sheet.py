"""How a character's sheet is kept: the versioned JSON of the ``characters.sheet`` column."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.adversary import HealthRange, Role
from nazh.domain.character import Attribute, Character, Defense, Kind, Skill, Weapon
from nazh.domain.derivation import Pool
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.injury import Band
from nazh.domain.wounds import Wound

# The store's own format (players export and import :mod:`nazh.application.characters.transfer`'s):
# a reader of another format refuses it rather than misread it.
SHEET_FORMAT = 1


class SheetFormatError(ValueError):
    """A kept sheet is in a format this version of Nazh does not read."""


def sheet_document(sheet: Character) -> JsonObject:
    """The sheet as a JSON-able document, in the sheet's order where order counts."""
    return {
        "format": SHEET_FORMAT,
        "name": sheet.name,
        "kind": sheet.kind.value,
        "level": sheet.level,
        "attributes": {attribute.value: score for attribute, score in sheet.attributes},
        "skills": [{"name": s.name, "attribute": s.attribute.value, "ranks": s.ranks}
                   for s in sheet.skills],
        "health": _pool(sheet.health),
        "focus": _pool(sheet.focus),
        "investiture": _pool(sheet.investiture),
        "defenses": [[defense.value, value] for defense, value in sheet.defenses],
        "deflect": sheet.deflect,
        "injuries": sheet.injuries,
        "weapons": [_weapon(w) for w in sheet.weapons],
        "expertises": list(sheet.expertises),
        **_stat_block(sheet),
        **_recovery(sheet),
    }


def sheet_of(document: JsonObject) -> Character:
    """The sheet a document holds (not checked again); :class:`SheetFormatError` if not one."""
    if document.get("format") != SHEET_FORMAT:
        raise SheetFormatError(f"a character sheet of format {document.get('format')!r}: "
                               f"this version of Nazh reads format {SHEET_FORMAT}")
    try:
        scores = document["attributes"]
        return Character(
            name=str(document["name"]),
            kind=Kind(document["kind"]),
            level=int(document["level"]),
            attributes=tuple((attribute, int(scores[attribute.value]))
                             for attribute in Attribute),
            skills=tuple(Skill(str(s["name"]), Attribute(s["attribute"]), int(s["ranks"]))
                         for s in document["skills"]),
            health=_pool_of(document["health"]),
            focus=_pool_of(document["focus"]),
            investiture=_pool_of(document["investiture"]),
            defenses=tuple((Defense(key), int(value)) for key, value in document["defenses"]),
            deflect=int(document["deflect"]),
            injuries=int(document["injuries"]),
            weapons=tuple(_weapon_of(w) for w in document["weapons"]),
            expertises=tuple(str(e) for e in document["expertises"]),
            role=None if document.get("role") is None else Role(document["role"]),
            tier=_optional_int(document.get("tier")),
            health_range=None if document.get("health_range") is None else HealthRange(
                *(int(n) for n in document["health_range"])),
            immunities=_immunities_of(document.get("immunities")),
            exhausted=int(document.get("exhausted", 0)),
            wounds=tuple(_wound_of(w) for w in document.get("wounds", [])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SheetFormatError(f"a kept character sheet is damaged ({error!r})") from None


def _pool(pool: Pool) -> dict[str, int | None]:
    # A maximum is null when the rules derive it.
    return {"current": pool.current, "maximum": pool.maximum}


def _pool_of(raw: JsonObject) -> Pool:
    maximum = raw["maximum"]
    return Pool(int(raw["current"]), None if maximum is None else int(maximum))


def _weapon(weapon: Weapon) -> JsonObject:
    kept: JsonObject = {"name": weapon.name, "skill": weapon.skill, "damage": weapon.damage,
                            "damage_type": weapon.damage_type, "can_graze": weapon.can_graze,
                            "traits": list(weapon.traits)}
    if weapon.modifier is not None:
        kept["modifier"] = weapon.modifier
    if weapon.fixed is not None:
        kept["fixed"] = weapon.fixed
    if weapon.stored is not None:  # a Loaded weapon not full
        kept["stored"] = weapon.stored
    return kept


def _weapon_of(raw: JsonObject) -> Weapon:
    return Weapon(str(raw["name"]), str(raw["skill"]), str(raw["damage"]),
                  None if raw["damage_type"] is None else str(raw["damage_type"]),
                  bool(raw["can_graze"]), tuple(str(t) for t in raw["traits"]),
                  _optional_int(raw.get("modifier")), _optional_int(raw.get("fixed")),
                  _optional_int(raw.get("stored")))


def _stat_block(sheet: Character) -> JsonObject:
    # Written only when set (an adversary's role, tier, health range, immunities): a document kept
    # before they existed reads the same.
    kept: JsonObject = {}
    if sheet.role is not None:
        kept["role"] = sheet.role.value
    if sheet.tier is not None:
        kept["tier"] = sheet.tier
    if sheet.health_range is not None:
        kept["health_range"] = [sheet.health_range.low, sheet.health_range.high]
    immune = sheet.immunities
    if immune.damage or immune.conditions:
        kept["immunities"] = {"damage": sorted(kind.value for kind in immune.damage),
                              "conditions": sorted(name.value for name in immune.conditions)}
    return kept


def _recovery(sheet: Character) -> JsonObject:
    # Written only when held (an Exhausted penalty, injuries recorded): older documents read so.
    kept: JsonObject = {}
    if sheet.exhausted:
        kept["exhausted"] = sheet.exhausted
    if sheet.wounds:
        kept["wounds"] = [{"band": w.band.value, "days": w.days, "effect": w.effect}
                          for w in sheet.wounds]
    return kept


def _wound_of(raw: JsonObject) -> Wound:
    effect = raw["effect"]
    return Wound(Band(raw["band"]), _optional_int(raw["days"]),
                 None if effect is None else str(effect))


def _immunities_of(raw: JsonObject | None) -> Immunities:
    if raw is None:
        return Immunities()
    return Immunities(frozenset(ConditionName(name) for name in raw["conditions"]),
                      frozenset(DamageType(kind) for kind in raw["damage"]))


def _optional_int(value: JsonValue) -> int | None:
    return None if value is None else int(value)
