"""The carried term: advantages and disadvantages an earlier roll's spending gave this test."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.spec import DieMode


@dataclass(frozen=True, slots=True)
class CarriedIn:
    """One advantage or disadvantage carried into a test: its once key, its mode and why."""

    once: str  # the carried die's key: taken once, by the test that shows it
    mode: DieMode  # advantage or disadvantage
    why: str  # "Kaladin's Opportunity (roll k3v9x0q2md)"


def _encode(carried: tuple[CarriedIn, ...]) -> list[JsonObject]:
    return [{"once": one.once, "mode": one.mode.value, "why": one.why} for one in carried]


def _decode(value: JsonValue) -> tuple[CarriedIn, ...]:
    return tuple(CarriedIn(text(one["once"]), DieMode(one["mode"]), text(one["why"]))
                 for one in value)


CARRIED: TermKind[tuple[CarriedIn, ...]] = TermKind("carried", _encode, _decode)
