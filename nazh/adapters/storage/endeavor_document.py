"""How an endeavor is kept: the versioned JSON of the ``endeavors.document`` column."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.endeavor import Endeavor, Ending, Tally

# A reader of another version refuses it rather than misread it.
VERSION = 1


class EndeavorDocumentError(ValueError):
    """A kept endeavor this version of Nazh cannot read."""


def endeavor_document(endeavor: Endeavor) -> JsonObject:
    """The endeavor's document."""
    return {"v": VERSION, "name": endeavor.name, "successes": endeavor.successes,
            "failures": endeavor.failures, "secret": endeavor.secret,
            "ending": None if endeavor.ending is None else endeavor.ending.value,
            "tallies": [{"success": t.success, "amount": t.amount, "by": t.by,
                         "roll": t.roll_id, "note": t.note} for t in endeavor.tallies]}


def endeavor_of(document: JsonValue) -> Endeavor:
    """The endeavor a document holds; :class:`EndeavorDocumentError` if not one."""
    if not isinstance(document, dict):
        raise EndeavorDocumentError("the document should be an object")
    if document.get("v") != VERSION:
        raise EndeavorDocumentError(f"version {document.get('v')!r} is not {VERSION}")
    try:
        tallies = document["tallies"]
        if not isinstance(tallies, list):
            raise TypeError("tallies should be a list")
        ending = document["ending"]
        return Endeavor(
            _text(document["name"]), _int(document["successes"]), _int(document["failures"]),
            _flag(document["secret"]),
            tuple(Tally(_flag(t["success"]), _int(t["amount"]), _int(t["by"]),
                        None if t["roll"] is None else _text(t["roll"]), _text(t["note"]))
                  for t in tallies),
            None if ending is None else Ending(ending))
    except (KeyError, TypeError, ValueError) as error:
        raise EndeavorDocumentError(f"it is malformed ({type(error).__name__})") from None


def _int(value: JsonValue) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _text(value: JsonValue) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _flag(value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected a boolean")
    return value
