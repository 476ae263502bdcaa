"""The attack term: its defense, damage modifier, steps recorded, and graze and fixed damage."""

from __future__ import annotations

from nazh.application.log.values import integer, optional_integer
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.attack import MIN_DEFENSE, Attack, Step

CAN_GRAZE_KEY = "can_graze"
"""Inside an attack's terms, only for an attack that cannot graze (``false``)."""
FIXED_KEY = "fixed"
"""Inside an attack's terms, only for a weapon with a fixed damage (its value)."""


def _encode(attack: Attack) -> JsonObject:
    stored: JsonObject = {"defense": attack.defense, "modifier": attack.modifier,
                              "steps": [step.value for step in attack.steps]}
    if not attack.can_graze:
        stored[CAN_GRAZE_KEY] = False
    if attack.fixed is not None:
        stored[FIXED_KEY] = attack.fixed
    return stored


def _decode(value: JsonValue) -> Attack:
    can_graze = value.get(CAN_GRAZE_KEY, True)
    if not isinstance(can_graze, bool):
        raise TypeError(f"expected a boolean, got {type(can_graze).__name__}")
    return Attack(optional_integer(value["defense"]), integer(value["modifier"]),
                  tuple(Step(step) for step in value["steps"]), can_graze,
                  optional_integer(value.get(FIXED_KEY)))


ATTACK: TermKind[Attack] = TermKind("attack", _encode, _decode, least_dc=MIN_DEFENSE)
