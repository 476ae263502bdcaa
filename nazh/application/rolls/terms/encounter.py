"""The encounter term: a combatant's roll in an encounter, its round, conditions and action."""

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
    """A roll's place in an encounter and what the combatant's conditions did to it."""

    encounter_id: str
    encounter: str
    round: int
    phase: str  # the phase's value: fast-players
    combatant: str
    # each condition's change, named: "Exhausted: -2", "target Prone: advantage"
    reasons: tuple[str, ...] = ()
    parts: tuple[tuple[str, int], ...] = ()  # the conditions' modifiers: (("Exhausted", -2),)
    advantages: int = 0
    disadvantages: int = 0
    determined: bool = False  # Determined used: the failed test gains an Opportunity
    action: bool = False  # spends one of the combatant's actions
    dodged_by: str | None = None  # the target whose Dodge gave a disadvantage (spent by the roll)
    aided_by: str | None = None  # who Aided the combatant: an advantage (used by the roll)
    focused: bool = False  # Focused: what the roll costs in focus (a graze) costs 1 less
    # Determined held at the roll: on a failure its player may use it (``determined`` then)
    may_use_determined: bool = False
    hand: str | None = None  # a Strike's hand ("main", "off"): each once a turn, the offhand's
    # for 2 focus (None: no Strike, or a record kept before it)
    offhand_trait: bool = False  # an offhand Strike with a weapon of the trait Offhand: 1 focus

    @property
    def modifier(self) -> int:
        """What the conditions add to the test's total."""
        return sum(value for _, value in self.parts)

    def mode(self, asked: DieMode) -> DieMode:
        """The test's d20 mode: ``asked`` with the conditions' advantages and disadvantages."""
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
    if term.focused:
        encoded["focused"] = True
    if term.may_use_determined:
        encoded["may_use_determined"] = True
    if term.hand is not None:
        encoded["hand"] = term.hand
    if term.offhand_trait:
        encoded["offhand_trait"] = True
    return encoded


def _decode(value: JsonValue) -> InEncounter:
    return InEncounter(
        text(value["id"]), text(value["name"]), integer(value["round"]), text(value["phase"]),
        text(value["combatant"]), tuple(text(reason) for reason in value["reasons"]),
        tuple((text(label), integer(amount)) for label, amount in value["parts"]),
        integer(value["advantages"]), integer(value["disadvantages"]),
        _flag(value["determined"]), _flag(value["action"]),
        _maybe_text(value, "dodged_by"), _maybe_text(value, "aided_by"),
        isinstance(value, dict) and _flag(value.get("focused", False)),
        isinstance(value, dict) and _flag(value.get("may_use_determined", False)),
        _maybe_text(value, "hand"),
        isinstance(value, dict) and _flag(value.get("offhand_trait", False)))


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
