"""How a request is kept: the versioned JSON of the ``requests.document`` column."""

from __future__ import annotations

from datetime import datetime

from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.request import Asked, Outcome, Request, Result, Sight

# A reader of another version refuses it rather than misread it.
VERSION = 1


class RequestDocumentError(ValueError):
    """A kept request this version of Nazh cannot read."""


def request_document(request: Request) -> JsonObject:
    """The request's document."""
    # Sets written sorted (one request, one document); results in the order players clicked.
    return {
        "v": VERSION, "skill": request.skill, "dc": request.dc, "stakes": request.stakes,
        "sight": request.sight.value, "roles": sorted(request.asked.roles),
        "members": sorted(request.asked.members), "label": request.label,
        "advantage": request.advantage, "closed": request.closed,
        "revealed": request.revealed,
        "results": [{"user": r.user_id, "outcome": _outcome_document(r.outcome),
                     "claimed_at": None if r.claimed_at is None else r.claimed_at.isoformat()}
                    for r in request.results]}


def _outcome_document(outcome: Outcome | None) -> JsonValue:
    if outcome is None:
        return None
    document: JsonObject = {
        "roll": outcome.roll_id, "name": outcome.name, "total": outcome.total,
        "success": outcome.success, "opportunities": outcome.opportunities,
        "complications": outcome.complications}
    if outcome.commitment is not None:  # a secret roll's only
        document["commitment"] = outcome.commitment
    return document


def request_of(document: JsonValue) -> Request:
    """The request a document holds; :class:`RequestDocumentError` (naming the field) if not one."""
    if not isinstance(document, dict):
        raise RequestDocumentError("the document should be an object")
    if document.get("v") != VERSION:
        raise RequestDocumentError(f"version {document.get('v')!r} is not {VERSION}")
    field = "skill"
    try:
        skill = _text(document["skill"])
        field = "dc"
        dc = _maybe_int(document["dc"])
        field = "sight"
        sight = Sight(document["sight"])
        field = "who"
        asked = Asked(frozenset(_ints(document["roles"])), frozenset(_ints(document["members"])))
        field = "results"
        results = tuple(Result(_int(r["user"]), _outcome_of(r["outcome"]),
                               _moment(r.get("claimed_at")))
                        for r in _list(document["results"]))
        field = "flags"
        return Request(skill, dc, _flag(document["stakes"]), sight, asked,
                       _text(document["label"]), _flag(document["advantage"]), results,
                       _flag(document["closed"]), _flag(document["revealed"]))
    except (KeyError, TypeError, ValueError) as error:
        raise RequestDocumentError(f"its {field} is malformed ({type(error).__name__})"
                                   ) from None


def _outcome_of(value: JsonValue) -> Outcome | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError("an outcome should be an object")
    success = value["success"]
    if success is not None and not isinstance(success, bool):
        raise TypeError("success should be a boolean or null")
    commitment = value.get("commitment")
    return Outcome(_text(value["roll"]), _text(value["name"]), _int(value["total"]), success,
                   _int(value["opportunities"]), _int(value["complications"]),
                   None if commitment is None else _text(commitment))


def _moment(value: JsonValue) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("a time should say its offset")
    return moment


def _list(value: JsonValue) -> list[JsonValue]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _ints(value: JsonValue) -> list[int]:
    return [_int(item) for item in _list(value)]


def _int(value: JsonValue) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _maybe_int(value: JsonValue) -> int | None:
    return None if value is None else _int(value)


def _text(value: JsonValue) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _flag(value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected a boolean")
    return value
