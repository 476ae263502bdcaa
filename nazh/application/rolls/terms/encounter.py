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

    @property
    def modifier(self) -> int:
        """What the conditions add to the test's total."""
        return sum(value for _, value in self.parts)

    def mode(self, asked: DieMode) -> DieMode:
        """The test's d20 mode: ``asked`` with the conditions' advantages and disadvantages,
        cancelled one for one."""
        return net_mode(asked, self.advantages, self.disadvantages)


def _encode(term: InEncounter) -> JsonObject:
    return {"id": term.encounter_id, "name": term.encounter, "round": term.round,
            "phase": term.phase, "combatant": term.combatant, "reasons": list(term.reasons),
            "parts": [[label, value] for label, value in term.parts],
            "advantages": term.advantages, "disadvantages": term.disadvantages,
            "determined": term.determined, "action": term.action}


def _decode(value: JsonValue) -> InEncounter:
    return InEncounter(
        text(value["id"]), text(value["name"]), integer(value["round"]), text(value["phase"]),
        text(value["combatant"]), tuple(text(reason) for reason in value["reasons"]),
        tuple((text(label), integer(amount)) for label, amount in value["parts"]),
        integer(value["advantages"]), integer(value["disadvantages"]),
        _flag(value["determined"]), _flag(value["action"]))


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
