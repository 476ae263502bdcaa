"""The encounter term: stored under ``encounter``, read back as itself, a malformed one refused
naming its kind; its modifier and the d20's mode as the conditions make them."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms.codec import decode_terms, encode_terms
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.kind import terms_of
from nazh.domain.spec import DieMode

PAYLOAD = {"version": 1, "notation": "d1d20+2"}
AMBUSH = InEncounter("enc0000001", "Ambush", 2, "slow-players", "Kaladin",
                     ("Exhausted: -2", "Enhanced: +1", "Restrained: disadvantage"),
                     (("Exhausted", -2), ("Enhanced", 1)), 0, 1, True, True)


def test_an_encounter_is_stored_under_its_key_and_reads_back_as_itself() -> None:
    stored = encode_terms(PAYLOAD, terms_of((ENCOUNTER, AMBUSH)))
    assert stored["encounter"] == {
        "id": "enc0000001", "name": "Ambush", "round": 2, "phase": "slow-players",
        "combatant": "Kaladin",
        "reasons": ["Exhausted: -2", "Enhanced: +1", "Restrained: disadvantage"],
        "parts": [["Exhausted", -2], ["Enhanced", 1]], "advantages": 0, "disadvantages": 1,
        "determined": True, "action": True}
    assert decode_terms(stored).get(ENCOUNTER) == AMBUSH
    assert ENCOUNTER.committed is True


@pytest.mark.parametrize("broken", [{"action": 1}, {"round": "2"}, {"reasons": [3]}])
def test_a_malformed_encounter_is_refused_naming_its_kind(broken: dict[str, object]) -> None:
    stored = encode_terms(PAYLOAD, terms_of((ENCOUNTER, AMBUSH)))
    with pytest.raises(LogFormatError, match=r"unreadable encounter \(TypeError\)"):
        decode_terms({**stored, "encounter": {**stored["encounter"], **broken}})


def test_the_conditions_modifier_and_mode() -> None:
    assert AMBUSH.modifier == -1
    assert AMBUSH.mode(DieMode.NORMAL) is DieMode.DISADVANTAGE
    assert AMBUSH.mode(DieMode.ADVANTAGE) is DieMode.NORMAL
