"""The ``physical`` option: the faces typed become the roll's physical term; none leaves the
roll to Nazh's dice; what is not faces is refused naming the option."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.runtime.physical import with_faces
from nazh.application.rolls.model import Roller, RollRequest
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.domain.physical import PhysicalDiceError

ASKED = RollRequest("1d20+5, 1d6", Roller(1, 2, 3))


def test_the_faces_typed_are_the_roll_s_physical_term() -> None:
    assert with_faces(ASKED, "17, 5").terms.get(PHYSICAL) == TableFaces((17, 5))
    assert with_faces(ASKED, None) is ASKED


def test_what_is_not_faces_is_refused() -> None:
    with pytest.raises(PhysicalDiceError, match="physical: 'd6' is not a die's face"):
        with_faces(ASKED, "17, d6")
