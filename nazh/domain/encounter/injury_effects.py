"""An injury's effect as the condition it names, taken by the injured combatant (the starter
rules' "Injury Effects" table: Exhausted [-1], Exhausted [-2], Slowed, Disoriented, Surprised;
"Can only use one hand" is no condition)."""

from __future__ import annotations

from collections.abc import Iterable

from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.conditions import MAX_VALUE, Condition, ConditionName
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.injury import Effect

# rule: the d8's faces; an injury lasts days (or until a long rest, or for ever): longer than any
# encounter, so the condition stays for the encounter; Surprised ends by its own rule
_AFFLICTIONS = {
    1: Affliction(ConditionName.EXHAUSTED, 1), 2: Affliction(ConditionName.EXHAUSTED, 1),
    3: Affliction(ConditionName.EXHAUSTED, 2), 4: Affliction(ConditionName.SLOWED),
    5: Affliction(ConditionName.SLOWED), 6: Affliction(ConditionName.DISORIENTED),
    7: Affliction(ConditionName.SURPRISED),
}


def affliction_of(effect: Effect) -> Affliction | None:
    """The condition an injury's effect names (``None``: "Can only use one hand")."""
    return _AFFLICTIONS.get(effect.natural)


_LASTING = {"Slowed": ConditionName.SLOWED, "Disoriented": ConditionName.DISORIENTED}


def carried(exhausted: int, effects: Iterable[str | None],
            immunities: frozenset[ConditionName]) -> tuple[Condition, ...]:
    """The conditions a character brings into a fight from its sheet: its Exhausted penalty and
    the lasting effects of the injuries it still has (Surprised ends after a turn: not carried)."""
    held: list[Condition] = []
    if exhausted > 0 and ConditionName.EXHAUSTED not in immunities:
        held.append(Condition(ConditionName.EXHAUSTED, min(exhausted, MAX_VALUE)))
    for name in dict.fromkeys(_LASTING[e] for e in effects if e in _LASTING):
        if name not in immunities:
            held.append(Condition(name))
    return tuple(held)


def lasts(affliction: Affliction) -> str:
    """How long the condition an injury gave stays on the card, in words."""
    if affliction.name is ConditionName.SURPRISED:
        return "until after its next turn"
    return "while the injury lasts: a GM removes it once it heals"


def suffer_effect(encounter: Encounter, name: str, effect: Effect) -> Outcome:
    """``name`` takes the condition ``effect`` names (nothing for one that names none)."""
    affliction = affliction_of(effect)
    if affliction is None:
        return Outcome(encounter)
    return give_condition(encounter, name, affliction)
