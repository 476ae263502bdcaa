"""The target term: the combatant an attack was made against (``/attack target:``), the defense
it was judged against, and what its damage is (type, Pierce), as the roll log keeps them. What
the damage did to the target's health is the encounter's (its log); a roll without a target has
no such term, so its record is stored exactly as before targets existed."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer, optional_text, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue


@dataclass(frozen=True, slots=True)
class Target:
    """An attack's target.

    Attributes:
        combatant: The target's name in the encounter.
        defense: The defense judged against (``physical``, ``cognitive``, ``spiritual``), or
            ``None`` when the attacker gave the defense (``/attack defense:``).
        value: The defense's value used as the attack's DC.
        damage_type: The damage's type (``keen``; ``None``: not said).
        pierce: The weapon has Pierce: deflect does not reduce its damage.
    """

    combatant: str
    defense: str | None
    value: int
    damage_type: str | None = None
    pierce: bool = False


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
"""An attack's target, the defense used and its damage's type and Pierce."""
