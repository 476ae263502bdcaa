"""How a character's sheet is kept: the JSON of the ``characters.sheet`` column.

The document says its format (``"format": 1``) so it can change: a reader of a newer format
refuses it rather than misread it. Everything on the sheet is kept, in the sheet's order where
order counts (skills, defenses, weapons, expertises); attributes by their short ids
(``{"str": 2, ...}``, read back in the sheet's order of the six). A pool's maximum is ``null``
when the rules derive it. This is the store's own format; what players export and import is
:mod:`nazh.application.characters.transfer`'s.

Example::

    {"format": 1, "name": "Kaladin", "kind": "character", "level": 2,
     "attributes": {"str": 3, "spd": 2, "int": 1, "wil": 2, "awa": 2, "pre": 1},
     "skills": [{"name": "Agility", "attribute": "spd", "ranks": 1}, ...],
     "health": {"current": 18, "maximum": null}, "focus": {...}, "investiture": {...},
     "defenses": [["phy", 14]], "deflect": 1, "injuries": 0,
     "weapons": [{"name": "Spear", "skill": "heavy-weaponry", "damage": "1d8",
                  "damage_type": "keen", "can_graze": true, "traits": ["two-handed"]}],
     "expertises": ["Windrunners"]}

An adversary's stat block adds, only when written: ``"role": "boss"``, ``"tier": 2``,
``"health_range": [48, 72]``, ``"immunities": {"damage": ["spirit"], "conditions":
["prone"]}`` (any sheet may hold immunities), and a weapon ``"modifier": 6`` (its own to hit)
and ``"fixed": 7`` (a hit's fixed damage). A document without them (as every sheet kept before
they existed) reads as a sheet without them.
"""

from __future__ import annotations

from typing import Any

from nazh.domain.adversary import HealthRange, Role
from nazh.domain.character import Attribute, Character, Defense, Kind, Skill, Weapon
from nazh.domain.derivation import Pool
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities

SHEET_FORMAT = 1
"""The format written; :func:`sheet_of` reads it (and refuses any other)."""


class SheetFormatError(ValueError):
    """A kept sheet is in a format this version of Nazh does not read."""


def sheet_document(sheet: Character) -> dict[str, Any]:
    """The sheet as a JSON-able document (see the module's text)."""
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
    }


def sheet_of(document: dict[str, Any]) -> Character:
    """The sheet a document holds (as :func:`sheet_document` wrote it; not checked again).

    Raises:
        SheetFormatError: the document is of another format, or not a sheet.
    """
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
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SheetFormatError(f"a kept character sheet is damaged ({error!r})") from None


def _pool(pool: Pool) -> dict[str, int | None]:
    return {"current": pool.current, "maximum": pool.maximum}


def _pool_of(raw: dict[str, Any]) -> Pool:
    maximum = raw["maximum"]
    return Pool(int(raw["current"]), None if maximum is None else int(maximum))


def _weapon(weapon: Weapon) -> dict[str, Any]:
    kept: dict[str, Any] = {"name": weapon.name, "skill": weapon.skill, "damage": weapon.damage,
                            "damage_type": weapon.damage_type, "can_graze": weapon.can_graze,
                            "traits": list(weapon.traits)}
    if weapon.modifier is not None:
        kept["modifier"] = weapon.modifier
    if weapon.fixed is not None:
        kept["fixed"] = weapon.fixed
    return kept


def _weapon_of(raw: dict[str, Any]) -> Weapon:
    return Weapon(str(raw["name"]), str(raw["skill"]), str(raw["damage"]),
                  None if raw["damage_type"] is None else str(raw["damage_type"]),
                  bool(raw["can_graze"]), tuple(str(t) for t in raw["traits"]),
                  _optional_int(raw.get("modifier")), _optional_int(raw.get("fixed")))


def _stat_block(sheet: Character) -> dict[str, Any]:
    kept: dict[str, Any] = {}
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


def _immunities_of(raw: dict[str, Any] | None) -> Immunities:
    if raw is None:
        return Immunities()
    return Immunities(frozenset(ConditionName(name) for name in raw["conditions"]),
                      frozenset(DamageType(kind) for kind in raw["damage"]))


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
