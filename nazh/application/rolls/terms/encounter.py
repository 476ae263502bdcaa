"""The encounter term: a roll made with a character that is a combatant of the channel's
encounter, as the roll log keeps it: the encounter, round and phase, the combatant, what its
conditions did to the roll (named), and whether the roll spends one of its actions. A roll
outside an encounter has none, so its record is stored exactly as before encounters existed."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.log.values import integer, text
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.encounter.rolls import net_mode
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode


@dataclass(frozen=True, slots=True)
class InEncounter:
    """A roll's place in an encounter and what the combatant's conditions did to it.

    Attributes:
        encounter_id: The encounter's id.
        encounter: Its name when the roll was made (may be empty).
        round: The round the roll was made in.
        phase: The phase's value (``fast-players``).
        combatant: The combatant the rolling character stands for.
        reasons: Each condition's change, named (``Exhausted: -2``, ``Restrained:
            disadvantage``, ``target Prone: advantage``).
        parts: The conditions' modifiers as parts of the test's modifier
            (``(("Exhausted", -2),)``).
        advantages: Advantages the conditions give the test's d20.
        disadvantages: Disadvantages they give it.
        determined: A failed test gains an Opportunity and ends Determined.
        action: The roll spends one of the combatant's actions (its turn was running with an
            action left).
        dodged_by: The attack's target whose Dodge gave it a disadvantage (the Dodge is spent
            by the roll); kept only when there is one.
        aided_by: Who Aided the combatant: the test gained an advantage (the Aid is used by
            the roll); kept only when there is one.
    """

    encounter_id: str
    encounter: str
    round: int
    phase: str
    combatant: str
    reasons: tuple[str, ...] = ()
    parts: tuple[tuple[str, int], ...] = ()
    advantages: int = 0
    disadvantages: int = 0
    determined: bool = False
    action: bool = False
    dodged_by: str | None = None
    aided_by: str | None = None

    @property
    def modifier(self) -> int:
        """What the conditions add to the test's total."""
        return sum(value for _, value in self.parts)

    def mode(self, asked: DieMode) -> DieMode:
        """The test's d20 mode: ``asked`` with the conditions' advantages and disadvantages,
        cancelled one for one."""
        return net_mode(asked, self.advantages, self.disadvantages)


def _encode(term: InEncounter) -> JsonObject:
    encoded: JsonObject = {
        "id": term.encounter_id, "name": term.encounter, "round": term.round,
        "phase": term.phase, "combatant": term.combatant, "reasons": list(term.reasons),
        "parts": [[label, value] for label, value in term.parts],
        "advantages": term.advantages, "disadvantages": term.disadvantages,
        "determined": term.determined, "action": term.action}
    # written only when there is one: a record kept before Dodge and Aid encodes as it was
    if term.dodged_by is not None:
        encoded["dodged_by"] = term.dodged_by
    if term.aided_by is not None:
        encoded["aided_by"] = term.aided_by
    return encoded


def _decode(value: JsonValue) -> InEncounter:
    return InEncounter(
        text(value["id"]), text(value["name"]), integer(value["round"]), text(value["phase"]),
        text(value["combatant"]), tuple(text(reason) for reason in value["reasons"]),
        tuple((text(label), integer(amount)) for label, amount in value["parts"]),
        integer(value["advantages"]), integer(value["disadvantages"]),
        _flag(value["determined"]), _flag(value["action"]),
        _maybe_text(value, "dodged_by"), _maybe_text(value, "aided_by"))


def _maybe_text(value: JsonValue, key: str) -> str | None:
    if not isinstance(value, dict) or key not in value:
        return None
    return text(value[key])


def _flag(value: JsonValue) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _determined_failure(term: InEncounter, result: RollResult) -> int:
    """A Determined combatant's failed test gains an Opportunity."""
    failed = result.dc is not None and bool(result.pools) and result.pools[0].success is False
    return int(term.determined and failed)


ENCOUNTER: TermKind[InEncounter] = TermKind("encounter", _encode, _decode,
                                            grants=_determined_failure)
"""The encounter, round and combatant, the conditions' changes and the action spent."""
