"""The injury term: an injury roll's deflect, injuries taken and modifier (the rest: its dice)."""

from __future__ import annotations

from nazh.application.log.values import integer
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.injury import InjuryTerms


def _encode(terms: InjuryTerms) -> JsonObject:
    return {"deflect": terms.deflect, "injuries": terms.injuries, "modifier": terms.modifier}


def _decode(value: JsonValue) -> InjuryTerms:
    return InjuryTerms(integer(value["deflect"]), integer(value["injuries"]),
                       integer(value["modifier"]))


INJURY: TermKind[InjuryTerms] = TermKind("injury", _encode, _decode, fixed_dice=True)
