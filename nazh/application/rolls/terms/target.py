"""The target term: the combatant attacked, the defense judged against, damage type and Pierce."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer, optional_text, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue


@dataclass(frozen=True, slots=True)
class Target:
    """An attack's target."""

    combatant: str
    defense: str | None  # physical, cognitive, spiritual; None: the attacker gave the defense
    value: int  # the defense's value, the attack's DC
    damage_type: str | None = None
    pierce: bool = False  # deflect does not reduce its damage


def _encode(target: Target) -> JsonObject:
    return {"combatant": target.combatant, "defense": target.defense, "value": target.value,
            "type": target.damage_type, "pierce": target.pierce}


def _decode(value: JsonValue) -> Target:
    pierce = value["pierce"]
    if not isinstance(pierce, bool):
        raise TypeError(f"expected a boolean, got {type(pierce).__name__}")
    return Target(text(value["combatant"]), optional_text(value["defense"]),
                  integer(value["value"]), optional_text(value["type"]), pierce)


TARGET: TermKind[Target] = TermKind("target", _encode, _decode)
