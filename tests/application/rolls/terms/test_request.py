"""The request term: stored under ``request``, read back as itself, covered by a secret's
commitment, a malformed one refused naming its kind; a roll without one stored as before."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms.codec import decode_terms, encode_terms
from nazh.application.rolls.terms.kind import NO_TERMS, terms_of
from nazh.application.rolls.terms.request import REQUEST, ForRequest

PAYLOAD = {"version": 1, "notation": "1d20+5"}
ASKED = ForRequest("req0000001", "Perception", 15, True)


def test_a_request_is_stored_under_its_key_and_reads_back_as_itself() -> None:
    stored = encode_terms(PAYLOAD, terms_of((REQUEST, ASKED)))
    assert stored["request"] == {"id": "req0000001", "skill": "Perception", "dc": 15,
                                 "stakes": True, "flat": False}
    assert decode_terms(stored).get(REQUEST) == ASKED
    assert REQUEST.committed is True
    assert encode_terms(PAYLOAD, NO_TERMS) == PAYLOAD


def test_its_words() -> None:
    assert ASKED.described == "Perception, DC 15, stakes raised"
    assert ForRequest("r", "Lore", flat=True).described == "Lore, flat d20"


@pytest.mark.parametrize("broken", [{"stakes": 1}, {"dc": "15"}, {"skill": None}])
def test_a_malformed_request_is_refused_naming_its_kind(broken: dict[str, object]) -> None:
    stored = encode_terms(PAYLOAD, terms_of((REQUEST, ASKED)))
    with pytest.raises(LogFormatError, match=r"unreadable request"):
        decode_terms({**stored, "request": {**stored["request"], **broken}})
