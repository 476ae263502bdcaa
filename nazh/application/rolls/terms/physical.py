"""The physical term: a roll whose dice were rolled at the table, their faces entered by the
player (``/roll physical:17,5``), as the roll log keeps them. Nazh applied the rules to those
faces; it drew none of its own, so the fairness statistics leave the roll out. A roll of Nazh's
own dice has no such term, so its record is stored exactly as before physical dice existed."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer
from nazh.application.rolls.terms.kind import TermKind, Terms
from nazh.application.shared.json_types import JsonObject, JsonValue


@dataclass(frozen=True, slots=True)
class TableFaces:
    """The faces entered, in the order the roll draws its dice."""

    faces: tuple[int, ...]


def _encode(term: TableFaces) -> JsonObject:
    return {"faces": list(term.faces)}


def _decode(value: JsonValue) -> TableFaces:
    faces = value["faces"]
    if not isinstance(faces, list) or not faces:
        raise TypeError("expected a list of faces")
    return TableFaces(tuple(integer(face) for face in faces))


PHYSICAL: TermKind[TableFaces] = TermKind("physical", _encode, _decode, table_dice=True)
"""Physical dice: the faces entered at the table."""


def at_table(terms: Terms) -> tuple[int, ...] | None:
    """The faces entered for a roll with ``terms`` (``None``: Nazh rolls its dice)."""
    term = terms.get(PHYSICAL)
    return None if term is None else term.faces
