"""The maneuver term: stored under ``maneuver``, read back as itself; a Shove of an Immobilized
foe marked ``held``, written only then, so a record kept before encodes as it was."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms.codec import decode_terms, encode_terms
from nazh.application.rolls.terms.kind import terms_of
from nazh.application.rolls.terms.maneuver import MANEUVER, Maneuver
from nazh.domain.encounter.maneuvers import BasicAction

PAYLOAD = {"version": 1, "notation": "1d20+3"}
SHOVE = Maneuver("Bandit", "athletics", BasicAction.SHOVE)


def test_a_maneuver_is_stored_as_before_and_reads_back_as_itself() -> None:
    stored = encode_terms(PAYLOAD, terms_of((MANEUVER, SHOVE)))
    assert stored["maneuver"] == {"foe": "Bandit", "skill": "athletics", "action": "shove",
                                  "edge": False, "escape": False}
    assert decode_terms(stored).get(MANEUVER) == SHOVE


def test_a_shove_of_an_immobilized_foe_is_held() -> None:
    held = Maneuver("Bandit", "athletics", BasicAction.SHOVE, held=True)
    stored = encode_terms(PAYLOAD, terms_of((MANEUVER, held)))
    assert stored["maneuver"]["held"] is True
    assert decode_terms(stored).get(MANEUVER) == held
    with pytest.raises(LogFormatError, match=r"unreadable maneuver \(TypeError\)"):
        decode_terms({**stored, "maneuver": {**stored["maneuver"], "held": 1}})
