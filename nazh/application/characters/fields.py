"""The fields ``/character set`` changes, each with its checked value, and a sheet's fields as
text (what the audit trail compares).

A field is named as players type it: ``level``, an attribute (``strength``), a skill's key for
its ranks (``insight``), ``health`` / ``focus`` / ``investiture`` (what is left) and their
maxima (``health-max``; ``auto``: derived again), a defense (``physical-defense``; ``auto``),
``deflect``, ``injuries``, ``expertises`` (a comma-separated list), ``name``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.domain.character import (
    MAX_DEFENSE,
    MAX_RESOURCE,
    Attribute,
    Character,
    CharacterError,
    Defense,
    Resource,
    Skill,
    Weapon,
    check_name,
    with_skills,
)

AUTO = "auto"
"""The value that makes a written maximum or defense derived again."""


@dataclass(frozen=True, slots=True)
class Field:
    """A settable field: its name, what it takes, and how it changes a sheet."""

    name: str
    takes: str
    apply: Callable[[Character, str], Character]


def _integer(field: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise CharacterError(f"{field} takes a whole number from {low} to {high} "
                             f"(got {text.strip()[:40]!r})") from None
    if not low <= value <= high:
        raise CharacterError(f"{field} is {low} to {high} (got {value})")
    return value


def _attribute(attribute: Attribute) -> Field:
    name = attribute.name.lower()

    def apply(sheet: Character, text: str) -> Character:
        score = _integer(name, text, 0, 10)
        return replace(sheet, attributes=tuple((a, score if a is attribute else s)
                                               for a, s in sheet.attributes))
    return Field(name, "0-10", apply)


def _current(resource: Resource) -> Field:
    def apply(sheet: Character, text: str) -> Character:
        top = sheet.maximum(resource).value
        value = _integer(resource.value, text, 0, top)
        return sheet.with_pool(resource, replace(sheet.pool(resource), current=value))
    return Field(resource.value, "0 to its maximum", apply)


def _maximum(resource: Resource) -> Field:
    name = f"{resource.value}-max"

    def apply(sheet: Character, text: str) -> Character:
        written = None if text.strip().lower() == AUTO else _integer(name, text, 0,
                                                                     MAX_RESOURCE)
        changed = sheet.with_pool(resource, replace(sheet.pool(resource), maximum=written))
        top = changed.maximum(resource).value
        pool = changed.pool(resource)
        return changed.with_pool(resource, replace(pool, current=min(pool.current, top)))
    return Field(name, f"0-{MAX_RESOURCE}, or auto", apply)


def _defense(defense: Defense) -> Field:
    name = f"{defense.title.lower()}-defense"

    def apply(sheet: Character, text: str) -> Character:
        kept = tuple((d, v) for d, v in sheet.defenses if d is not defense)
        if text.strip().lower() == AUTO:
            return replace(sheet, defenses=kept)
        value = _integer(name, text, 0, MAX_DEFENSE)
        return replace(sheet, defenses=(*kept, (defense, value)))
    return Field(name, f"0-{MAX_DEFENSE}, or auto", apply)


def _skill(skill: Skill) -> Field:
    def apply(sheet: Character, text: str) -> Character:
        ranks = _integer(f"{skill.name} ranks", text, 0, 5)
        return with_skills(sheet, [replace(sheet.skill(skill.key), ranks=ranks)])
    return Field(skill.key, "ranks, 0-5", apply)


def _level(sheet: Character, text: str) -> Character:
    return replace(sheet, level=_integer("level", text, 1, 30))


def _deflect(sheet: Character, text: str) -> Character:
    return replace(sheet, deflect=_integer("deflect", text, 0, 20))


def _injuries(sheet: Character, text: str) -> Character:
    return replace(sheet, injuries=_integer("injuries", text, 0, 10))


def _name(sheet: Character, text: str) -> Character:
    return replace(sheet, name=check_name(text))


def _expertises(sheet: Character, text: str) -> Character:
    words = tuple(" ".join(part.split()) for part in text.split(","))
    return replace(sheet, expertises=tuple(word for word in words if word))


_FIXED: tuple[Field, ...] = (
    Field("name", "1-64 characters", _name),
    Field("level", "1-30", _level),
    *(_attribute(a) for a in Attribute),
    *(_current(r) for r in Resource),
    *(_maximum(r) for r in Resource),
    *(_defense(d) for d in Defense),
    Field("deflect", "0-20", _deflect),
    Field("injuries", "0-10", _injuries),
    Field("expertises", "a comma-separated list", _expertises),
)


def fields_of(sheet: Character) -> list[Field]:
    """Every field ``sheet`` has to set: the fixed ones, then each skill's ranks."""
    return [*_FIXED, *(_skill(skill) for skill in sheet.skills)]


def field_of(sheet: Character, name: str) -> Field:
    """The field called ``name`` (any case; a skill by its name or key).

    Raises:
        CharacterError: there is none (naming the allowed ones).
    """
    key = "-".join(name.lower().replace("_", " ").split())
    for one in fields_of(sheet):
        if one.name == key:
            return one
    raise CharacterError(f"{name.strip()[:40]!r} is not a field of a character",
                         hint="e.g. level, strength, insight, health, focus-max, deflect, "
                              "injuries, expertises")


def as_text(sheet: Character) -> dict[str, str]:
    """Every field of ``sheet`` as text, for the audit trail (weapons and skills one each)."""
    text = {"name": sheet.name, "kind": sheet.kind.value, "level": str(sheet.level)}
    text.update({a.name.lower(): str(score) for a, score in sheet.attributes})
    for resource in Resource:
        pool = sheet.pool(resource)
        text[resource.value] = str(pool.current)
        text[f"{resource.value}-max"] = AUTO if pool.maximum is None else str(pool.maximum)
    written = dict(sheet.defenses)
    for defense in Defense:
        value = written.get(defense)
        text[f"{defense.title.lower()}-defense"] = AUTO if value is None else str(value)
    text["deflect"] = str(sheet.deflect)
    text["injuries"] = str(sheet.injuries)
    text["expertises"] = ", ".join(sheet.expertises)
    for skill in sheet.skills:
        text[f"skill {skill.key}"] = f"{skill.attribute.title} {skill.ranks}"
    for weapon in sheet.weapons:
        text[f"weapon {weapon.name.casefold()}"] = weapon_text(weapon)
    return text


def weapon_text(weapon: Weapon) -> str:
    """A weapon in one line: ``Spear: heavy-weaponry, 1d8 keen, deadly, cannot graze``."""
    damage = weapon.damage + (f" {weapon.damage_type}" if weapon.damage_type else "")
    extras = [*weapon.traits, *([] if weapon.can_graze else ["cannot graze"])]
    return ", ".join([f"{weapon.name}: {weapon.skill}", damage, *extras])


def differences(old: Character | None, new: Character | None) -> list[tuple[str, str, str]]:
    """What changed between two sheets, field by field: ``(field, old, new)`` (a missing
    side is ``""``)."""
    before = {} if old is None else as_text(old)
    after = {} if new is None else as_text(new)
    return [(key, before.get(key, ""), after.get(key, ""))
            for key in [*before, *(k for k in after if k not in before)]
            if before.get(key, "") != after.get(key, "")]
