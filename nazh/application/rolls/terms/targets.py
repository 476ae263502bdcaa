"""The other targets term: an attack's targets besides its first (the target term's), each with
its defense's value and whether it was grazed."""

from __future__ import annotations

from nazh.application.log.values import integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonValue
from nazh.domain.targets import OtherTarget


def _encode(term: tuple[OtherTarget, ...]) -> list[JsonValue]:
    return [{"combatant": t.combatant, "value": t.value, "grazed_at": t.grazed_at}
            for t in term]


def _decode(value: object) -> tuple[OtherTarget, ...]:
    if not isinstance(value, list) or not value:
        raise TypeError("expected a list of targets")
    targets = []
    for one in value:
        targets.append(OtherTarget(text(one["combatant"]), integer(one["value"]),
                                   integer(one["grazed_at"])))
    return tuple(targets)


OTHER_TARGETS: TermKind[tuple[OtherTarget, ...]] = TermKind("targets", _encode, _decode)
"""An attack's other targets (one target: the roll has no such term)."""
