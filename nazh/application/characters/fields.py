"""The fields ``/character set`` changes (named as players type them), and a sheet as text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.domain.adversary import HealthRange, Role, check_tier
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
from nazh.domain.derivation import signed
from nazh.domain.encounter.damage import Immunities
from nazh.domain.errors import NazhError
from nazh.domain.wounds import MAX_EXHAUSTED

AUTO = "auto"
"""The value that makes a written maximum or defense derived again."""
NONE = "none"
"""The value that clears an adversary's role, tier, health range, or the immunities."""


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
        raise CharacterError("{field} takes a whole number from {low} to {high} (got {got})",
                             fields={"field": field, "low": low, "high": high,
                                     "got": repr(text.strip()[:40])}) from None
    if not low <= value <= high:
        raise CharacterError("{field} is {low} to {high} (got {got})",
                             fields={"field": field, "low": low, "high": high, "got": value})
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


def _exhausted(sheet: Character, text: str) -> Character:
    # typed as the penalty reads, -2, or as its size, 2
    return replace(sheet, exhausted=_integer("exhausted", text.strip().lstrip("-"), 0,
                                             MAX_EXHAUSTED))


def _wounds(sheet: Character, text: str) -> Character:
    if not _cleared(text):
        raise CharacterError("the injuries recorded are only cleared here (none)",
                             hint="an injury roll made with the character records its injury")
    return replace(sheet, wounds=())


def _name(sheet: Character, text: str) -> Character:
    return replace(sheet, name=check_name(text))


def _expertises(sheet: Character, text: str) -> Character:
    words = tuple(" ".join(part.split()) for part in text.split(","))
    return replace(sheet, expertises=tuple(word for word in words if word))


def _cleared(text: str) -> bool:
    return text.strip().lower() in (NONE, "")


def _role(sheet: Character, text: str) -> Character:
    return replace(sheet, role=None if _cleared(text) else Role.named(text))


def _tier(sheet: Character, text: str) -> Character:
    return replace(sheet, tier=None if _cleared(text) else check_tier(
        _integer("tier", text, 1, 4)))


def _health_range(sheet: Character, text: str) -> Character:
    return replace(sheet, health_range=None if _cleared(text) else HealthRange.read(text))


def _immunities(sheet: Character, text: str) -> Character:
    if _cleared(text):
        return replace(sheet, immunities=Immunities())
    try:
        return replace(sheet, immunities=Immunities.read(text))
    except NazhError as error:
        raise CharacterError(error.summary) from None


_FIXED: tuple[Field, ...] = (
    Field("name", "1-64 characters", _name),
    Field("level", "1-30", _level),
    *(_attribute(a) for a in Attribute),
    *(_current(r) for r in Resource),
    *(_maximum(r) for r in Resource),
    *(_defense(d) for d in Defense),
    Field("deflect", "0-20", _deflect),
    Field("injuries", "0-10", _injuries),
    Field("exhausted", "0-20 (the penalty: 2 is Exhausted -2)", _exhausted),
    Field("wounds", "none (clears the injuries recorded)", _wounds),
    Field("expertises", "a comma-separated list", _expertises),
    Field("role", "minion, rival or boss (an adversary), or none", _role),
    Field("tier", "1-4 (an adversary), or none", _tier),
    Field("health-range", "low-high, e.g. 48-72 (an adversary), or none", _health_range),
    Field("immunities", "damage types and conditions, comma-separated, or none", _immunities),
)


def fields_of(sheet: Character) -> list[Field]:
    """Every field ``sheet`` has to set: the fixed ones, then each skill's ranks."""
    return [*_FIXED, *(_skill(skill) for skill in sheet.skills)]


def field_of(sheet: Character, name: str) -> Field:
    """The field called ``name`` (any case; a skill by its name or key), else CharacterError."""
    key = "-".join(name.lower().replace("_", " ").split())
    for one in fields_of(sheet):
        if one.name == key:
            return one
    raise CharacterError("{field} is not a field of a character",
                         hint="e.g. level, strength, insight, health, focus-max, deflect, "
                              "injuries, expertises, role, tier, health-range, immunities",
                         fields={"field": repr(name.strip()[:40])})


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
    text["exhausted"] = f"-{sheet.exhausted}" if sheet.exhausted else "0"
    text["wounds"] = "; ".join(wound.text for wound in sheet.wounds) or NONE
    text["expertises"] = ", ".join(sheet.expertises)
    text.update(stat_block_text(sheet))
    for skill in sheet.skills:
        text[f"skill {skill.key}"] = f"{skill.attribute.title} {skill.ranks}"
    for weapon in sheet.weapons:
        text[f"weapon {weapon.name.casefold()}"] = weapon_text(weapon)
        if weapon.shots is not None:  # a Loaded weapon's ammunition, a field of its own
            text[f"ammunition {weapon.name}"] = str(weapon.shots)
    return text


def stat_block_text(sheet: Character) -> dict[str, str]:
    """An adversary's role, tier and health range, and the immunities, as text (those written)."""
    text: dict[str, str] = {}
    if sheet.role is not None:
        text["role"] = sheet.role.value
    if sheet.tier is not None:
        text["tier"] = str(sheet.tier)
    if sheet.health_range is not None:
        text["health-range"] = sheet.health_range.text
    if immunities_text(sheet.immunities):
        text["immunities"] = immunities_text(sheet.immunities)
    return text


def immunities_text(immunities: Immunities) -> str:
    """``spirit, prone``: the damage types, then the conditions (``""``: none)."""
    return ", ".join([*sorted(kind.value for kind in immunities.damage),
                      *sorted(name.value for name in immunities.conditions)])


def weapon_text(weapon: Weapon) -> str:
    """A weapon in one line: ``Spear: heavy-weaponry, 1d8 keen, deadly, cannot graze``."""
    # an attack's own modifier follows the skill: Claws: athletics +6, 7 (1d8+3) keen
    damage = weapon.damage_text + (f" {weapon.damage_type}" if weapon.damage_type else "")
    extras = [*weapon.traits, *([] if weapon.can_graze else ["cannot graze"])]
    skill = weapon.skill + ("" if weapon.modifier is None else f" {signed(weapon.modifier)}")
    return ", ".join([f"{weapon.name}: {skill}", damage, *extras])


def differences(old: Character | None, new: Character | None) -> list[tuple[str, str, str]]:
    """What changed between two sheets, field by field: ``(field, old, new)`` (missing: ``""``)."""
    before = {} if old is None else as_text(old)
    after = {} if new is None else as_text(new)
    return [(key, before.get(key, ""), after.get(key, ""))
            for key in [*before, *(k for k in after if k not in before)]
            if before.get(key, "") != after.get(key, "")]
