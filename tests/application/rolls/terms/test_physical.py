"""The physical term: stored under ``physical`` (the faces entered), read back as itself,
covered by a secret's commitment, a malformed one refused naming its kind; a roll without one
stored as before; a roll with it is one of the table's dice."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms.codec import decode_terms, encode_terms
from nazh.application.rolls.terms.kind import NO_TERMS, terms_of
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces, at_table

PAYLOAD = {"version": 1, "notation": "1d20+5, 1d6"}
ENTERED = TableFaces((17, 5))


def test_the_faces_are_stored_under_its_key_and_read_back_as_themselves() -> None:
    stored = encode_terms(PAYLOAD, terms_of((PHYSICAL, ENTERED)))
    assert stored["physical"] == {"faces": [17, 5]}
    assert decode_terms(stored).get(PHYSICAL) == ENTERED
    assert (PHYSICAL.committed, PHYSICAL.table_dice, PHYSICAL.fixed_dice) == (True, True, False)
    assert encode_terms(PAYLOAD, NO_TERMS) == PAYLOAD


def test_the_faces_of_a_roll_at_the_table() -> None:
    assert at_table(terms_of((PHYSICAL, ENTERED))) == (17, 5)
    assert at_table(NO_TERMS) is None


@pytest.mark.parametrize("broken", [{"faces": []}, {"faces": "17,5"}, {"faces": [17, "5"]},
                                    {}])
def test_a_malformed_term_is_refused_naming_its_kind(broken: dict[str, object]) -> None:
    with pytest.raises(LogFormatError, match=r"unreadable physical"):
        decode_terms({**PAYLOAD, "physical": broken})
