"""The circumstances term: what the attacker declared about an attack (long range, in an
enemy's reach, a target next to an ally, a target not sensed), kept with the roll it changed."""

from __future__ import annotations

from nazh.application.log.values import text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonValue
from nazh.domain.circumstances import Circumstance, Circumstances


def _encode(term: Circumstances) -> list[JsonValue]:
    return [circumstance.value for circumstance in term.held]


def _decode(value: object) -> Circumstances:
    if not isinstance(value, list) or not value:
        raise TypeError("expected a list of circumstances")
    return Circumstances.of(frozenset(Circumstance(text(one)) for one in value))


CIRCUMSTANCES: TermKind[Circumstances] = TermKind("circumstances", _encode, _decode)
"""An attack's declared circumstances (none declared: the roll has no such term)."""
