"""The attack term: its defense, damage modifier, steps recorded, graze, fixed and flat damage."""

from __future__ import annotations

from nazh.application.log.values import integer, optional_integer
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.attack import MIN_DEFENSE, Attack, Step

CAN_GRAZE_KEY = "can_graze"
"""Inside an attack's terms, only for an attack that cannot graze (``false``)."""
FIXED_KEY = "fixed"
"""Inside an attack's terms, only for a weapon with a fixed damage (its value)."""
FLAT_KEY = "flat"
"""Inside an attack's terms, only for a damage without a die (an unarmed attack's 1)."""


def _encode(attack: Attack) -> JsonObject:
    stored: JsonObject = {"defense": attack.defense, "modifier": attack.modifier,
                              "steps": [step.value for step in attack.steps]}
    if not attack.can_graze:
        stored[CAN_GRAZE_KEY] = False
    if attack.fixed is not None:
        stored[FIXED_KEY] = attack.fixed
    if attack.flat:
        stored[FLAT_KEY] = attack.flat
    return stored


def _decode(value: JsonValue) -> Attack:
    can_graze = value.get(CAN_GRAZE_KEY, True)
    if not isinstance(can_graze, bool):
        raise TypeError(f"expected a boolean, got {type(can_graze).__name__}")
    return Attack(optional_integer(value["defense"]), integer(value["modifier"]),
                  tuple(Step(step) for step in value["steps"]), can_graze,
                  optional_integer(value.get(FIXED_KEY)), integer(value.get(FLAT_KEY, 0)))


ATTACK: TermKind[Attack] = TermKind("attack", _encode, _decode, least_dc=MIN_DEFENSE)
