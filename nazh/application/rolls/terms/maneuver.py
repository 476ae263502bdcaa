"""The maneuver term: the basic action a test against an enemy is, or the advantage it used."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import optional_text, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.encounter.maneuvers import BasicAction


@dataclass(frozen=True, slots=True)
class Maneuver:
    """A test against an enemy: the basic action it is, its skill, the advantage it used."""

    foe: str  # the enemy's name
    skill: str  # the test's skill id (``deduction``)
    action: BasicAction | None = None  # None: a test that only used an advantage gained
    edge: bool = False  # it used the advantage gained on ``foe`` (Gain Advantage)
    escape: bool = False  # a Shove of its grappler: a test to escape (Restrained left alone)
    held: bool = False  # a Shove of an Immobilized foe: a success does not move it


def _encode(term: Maneuver) -> JsonObject:
    encoded: JsonObject = {"foe": term.foe, "skill": term.skill,
                           "action": None if term.action is None else term.action.value,
                           "edge": term.edge, "escape": term.escape}
    if term.held:  # written only when set: a record kept before encodes as it was
        encoded["held"] = True
    return encoded


def _decode(value: JsonValue) -> Maneuver:
    action = optional_text(value["action"])
    return Maneuver(text(value["foe"]), text(value["skill"]),
                    None if action is None else BasicAction(action), _flag(value["edge"]),
                    _flag(value["escape"]),
                    isinstance(value, dict) and _flag(value.get("held", False)))


def _flag(value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


MANEUVER: TermKind[Maneuver] = TermKind("maneuver", _encode, _decode)
