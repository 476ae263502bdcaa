"""The ``physical`` option of a command that rolls: the faces of dice rolled at the table, put
in the roll's request as its physical term (Nazh applies the rules to them and draws none)."""

from __future__ import annotations

import lightbulb

from nazh.application.rolls.model import RollRequest
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.domain.physical import MAX_FACES_TEXT, parse_faces


def physical_option() -> str | None:
    """The ``physical`` option (read it through :func:`with_faces`)."""
    return lightbulb.string(
        "physical", "Dice rolled at the table: their faces in order, e.g. 17,5 (the plot die "
        "last)", default=None, min_length=1, max_length=MAX_FACES_TEXT, localize=True)


def with_faces(request: RollRequest, typed: str | None) -> RollRequest:
    """``request`` with the faces ``typed`` as its physical term (``None``: Nazh's dice).

    Raises:
        PhysicalDiceError: the text is not faces.
    """
    if typed is None:
        return request
    return request.with_term(PHYSICAL, TableFaces(parse_faces(typed)))
