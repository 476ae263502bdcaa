"""The wielded term: what the traits of the weapon an attack was made with do to its result
(Cumbersome's disadvantage; Dangerous, Deadly and Fragile's spends; Loaded's ammunition), kept
with the roll."""

from __future__ import annotations

from nazh.application.log.values import integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.weapon_traits import Wielded

_FLAGS = ("dangerous", "deadly", "fragile")


def _encode(term: Wielded) -> JsonObject:
    encoded: JsonObject = {"weapon": term.weapon}
    if term.cumbersome is not None:  # written only when set, as each flag
        encoded["cumbersome"] = list(term.cumbersome)
    if term.loaded is not None:
        encoded["loaded"] = list(term.loaded)
    for flag in _FLAGS:
        if getattr(term, flag):
            encoded[flag] = True
    return encoded


def _decode(value: object) -> Wielded:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    flags = {flag: value.get(flag, False) is True for flag in _FLAGS}
    return Wielded(text(value["weapon"]), _pair(value.get("cumbersome")), **flags,
                   loaded=_pair(value.get("loaded")))


def _pair(value: JsonValue) -> tuple[int, int] | None:
    """Two numbers kept as a list (Cumbersome's Strengths, Loaded's ammunition), if any."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("expected two numbers")
    return integer(value[0]), integer(value[1])


WIELDED: TermKind[Wielded] = TermKind("wielded", _encode, _decode,
                                      spends=lambda term, attack: term.spends(attack))
"""What the attack's weapon's traits do (none of them: the roll has no such term)."""
