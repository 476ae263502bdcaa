"""The ids a Foundry VTT Cosmere RPG actor names things by, read safely from the file's values."""

from __future__ import annotations

from typing import TypeVar

from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.character import STANDARD_SKILLS, Attribute, Character, Skill

MAX_ITEMS = 200
"""Items of an actor that are read (the rest are counted as skipped)."""
SURGES = {
    "adh": "Adhesion", "grv": "Gravitation", "ill": "Illumination", "trs": "Transformation",
    "trp": "Transportation", "chs": "Cohesion", "dvs": "Division", "abr": "Abrasion",
    "tsn": "Tension", "prg": "Progression",
}
SURGE_ATTRIBUTES = {
    "adh": Attribute.PRESENCE, "grv": Attribute.AWARENESS, "ill": Attribute.PRESENCE,
    "trs": Attribute.WILLPOWER, "trp": Attribute.INTELLECT, "chs": Attribute.WILLPOWER,
    "dvs": Attribute.INTELLECT, "abr": Attribute.SPEED, "tsn": Attribute.STRENGTH,
    "prg": Attribute.AWARENESS,
}
"""Their attributes, for an export that does not name them."""

_T = TypeVar("_T")
BY_FOUNDRY_ID = {info.foundry_id: info for info in STANDARD_SKILLS}
ATTRIBUTE_IDS: dict[str, Attribute] = {attribute.value: attribute for attribute in Attribute}


def named(table: dict[str, _T], key: JsonValue) -> _T | None:
    """``table[key]`` when ``key`` is text it holds (a file's value may be a list or an object)."""
    return table.get(key) if isinstance(key, str) else None


def title(ident: str) -> str:
    return " ".join(word.capitalize() for word in ident.replace("_", " ").replace("-", " ")
                    .split())


def skill_name(skill_id: str) -> str:
    return SURGES.get(skill_id) or title(skill_id)


def skill_on(sheet: Character, skill_id: JsonValue) -> Skill | None:
    if not isinstance(skill_id, str):
        return None
    info = BY_FOUNDRY_ID.get(skill_id)
    wanted = info.name if info is not None else skill_name(skill_id)
    return next((s for s in sheet.skills if s.name == wanted), None)


def expertise_ids(system: JsonObject) -> list[str]:
    found = system.get("expertises")
    entries = (list(found.values()) if isinstance(found, dict)
               else found if isinstance(found, list) else [])
    return [e["id"] for e in entries[:MAX_ITEMS]
            if isinstance(e, dict) and isinstance(e.get("id"), str)]
