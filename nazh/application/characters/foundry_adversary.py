"""What a Foundry VTT actor's stat block adds: an adversary's role and tier, and immunities."""

from __future__ import annotations

from nazh.application.characters.reading import shown
from nazh.application.shared.json_types import JsonObject
from nazh.domain.adversary import MAX_TIER, MIN_TIER, Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities

HEALING = "heal"
"""Foundry VTT's healing, a damage type to it: no damage type of the rules."""


def role_and_tier(system: JsonObject, skipped: list[str]) -> tuple[Role | None, int | None]:
    """An adversary's ``system.role`` (minion, rival, boss) and ``system.tier`` (1-4)."""
    role: Role | None = None
    found = system.get("role")
    if isinstance(found, str) and found:
        try:
            role = Role(found.strip().lower())
        except ValueError:
            skipped.append(f"role {shown(found)} not kept (minion, rival or boss)")
    tier: int | None = None
    level = system.get("tier")
    if isinstance(level, int) and not isinstance(level, bool):
        if MIN_TIER <= level <= MAX_TIER:
            tier = level
        else:
            skipped.append(f"tier {level} not kept ({MIN_TIER} to {MAX_TIER})")
    return role, tier


def immunities(system: JsonObject, skipped: list[str]) -> Immunities:
    """The damage types and conditions the actor is immune to (those set ``true``)."""
    found = system.get("immunities")
    if not isinstance(found, dict):
        return Immunities()
    damage: set[DamageType] = set()
    conditions: set[ConditionName] = set()
    unknown: list[str] = []
    for ident in _set(found.get("damage")):
        try:
            damage.add(DamageType(ident))
        except ValueError:
            unknown.append("healing" if ident == HEALING else shown(ident)[1:-1])
    for ident in _set(found.get("condition")):
        try:
            conditions.add(ConditionName(ident))
        except ValueError:
            unknown.append(shown(ident)[1:-1])
    if unknown:
        skipped.append("immunities Nazh does not know, not kept: " + ", ".join(unknown))
    return Immunities(frozenset(conditions), frozenset(damage))


def _set(group: object) -> list[str]:
    if not isinstance(group, dict):
        return []
    return sorted(str(key) for key, value in group.items() if value is True)[:50]
