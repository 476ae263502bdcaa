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
"""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import (
    Attribute,
    Character,
    Defense,
    Kind,
    Pool,
    Skill,
    Weapon,
)

SHEET_FORMAT = 1
"""The format written; :func:`sheet_of` reads it (and refuses any other)."""


class SheetFormatError(ValueError):
    """A kept sheet is in a format this version of Nazh does not read."""


def sheet_document(sheet: Character) -> JsonObject:
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
        "weapons": [{"name": w.name, "skill": w.skill, "damage": w.damage,
                     "damage_type": w.damage_type, "can_graze": w.can_graze,
                     "traits": list(w.traits)} for w in sheet.weapons],
        "expertises": list(sheet.expertises),
    }


def sheet_of(document: JsonObject) -> Character:
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
            weapons=tuple(Weapon(str(w["name"]), str(w["skill"]), str(w["damage"]),
                                 None if w["damage_type"] is None else str(w["damage_type"]),
                                 bool(w["can_graze"]), tuple(str(t) for t in w["traits"]))
                          for w in document["weapons"]),
            expertises=tuple(str(e) for e in document["expertises"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SheetFormatError(f"a kept character sheet is damaged ({error!r})") from None


def _pool(pool: Pool) -> dict[str, int | None]:
    return {"current": pool.current, "maximum": pool.maximum}


def _pool_of(raw: JsonObject) -> Pool:
    maximum = raw["maximum"]
    return Pool(int(raw["current"]), None if maximum is None else int(maximum))
