"""The custom ids of a request's controls, the codec of the requests' feature."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.shared.ids import ROLL_ID_ALPHABET, ROLL_ID_LENGTH
from nazh.presentation.request_card import ACTIONS

# A custom id is data: it decodes only when shaped like these; the use cases look up the request it
# names and check the act.
CARD_KIND = "rq"  # nz1:rq:<request id>:<action>: a card's button
CHARACTER_KIND = "rqc"  # nz1:rqc:<request id>:<0|1>: which character rolls (1: advantage)
FORM_KIND = "rqm"  # nz1:rqm:<request id>:<0|1>: the form of a player without one
COUNT_KIND = "rqn"  # nz1:rqn:<request id>:count: the card's Count select (a GM)
COUNT = "count"
MODIFIER_INPUT = "modifier"


@dataclass(frozen=True, slots=True)
class RequestControl:
    """A request's control (``action``: a card's button's, else ``roll`` or ``advantage``)."""

    request_id: str
    kind: str
    action: str


def card_button(request_id: str, action: str) -> str:
    """The custom id of a card's button."""
    return f"{PREFIX}:{CARD_KIND}:{request_id}:{action}"


def count_select(request_id: str) -> str:
    """The custom id of the card's Count select."""
    return f"{PREFIX}:{COUNT_KIND}:{request_id}:{COUNT}"


def roll_control(kind: str, request_id: str, advantage: bool) -> str:
    """The custom id of the character select or the modifier form."""
    return f"{PREFIX}:{kind}:{request_id}:{int(advantage)}"


def _decode(parts: list[str]) -> RequestControl | None:
    if len(parts) != 4:
        return None
    _, kind, request_id, rest = parts
    if len(request_id) != ROLL_ID_LENGTH or not all(c in ROLL_ID_ALPHABET for c in request_id):
        return None
    if kind == CARD_KIND and rest in ACTIONS:
        return RequestControl(request_id, kind, rest)
    if kind == COUNT_KIND and rest == COUNT:
        return RequestControl(request_id, kind, rest)
    if kind in (CHARACTER_KIND, FORM_KIND) and rest in ("0", "1"):
        return RequestControl(request_id, kind, "advantage" if rest == "1" else "roll")
    return None


CODEC = Codec(frozenset({CARD_KIND, CHARACTER_KIND, FORM_KIND, COUNT_KIND}), _decode,
              forms=True)
"""The requests' controls."""
