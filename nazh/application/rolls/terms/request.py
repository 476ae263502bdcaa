"""The request term: a roll made for a test the GM asked (``/request``): skill, DC and stakes."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import optional_integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue


@dataclass(frozen=True, slots=True)
class ForRequest:
    """The request a roll answers."""

    request_id: str
    skill: str
    dc: int | None = None
    stakes: bool = False  # the roll has the plot die
    flat: bool = False  # a flat d20 with the player's own modifier (no character)

    @property
    def described(self) -> str:
        """``Perception, DC 15, stakes raised``."""
        parts = [self.skill]
        if self.dc is not None:
            parts.append(f"DC {self.dc}")
        if self.stakes:
            parts.append("stakes raised")
        if self.flat:
            parts.append("flat d20")
        return ", ".join(parts)


def _encode(term: ForRequest) -> JsonObject:
    return {"id": term.request_id, "skill": term.skill, "dc": term.dc, "stakes": term.stakes,
            "flat": term.flat}


def _flag(value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _decode(value: JsonValue) -> ForRequest:
    return ForRequest(text(value["id"]), text(value["skill"]), optional_integer(value["dc"]),
                      _flag(value["stakes"]), _flag(value["flat"]))


REQUEST: TermKind[ForRequest] = TermKind("request", _encode, _decode)
