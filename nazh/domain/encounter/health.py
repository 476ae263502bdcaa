"""Damage taken by a combatant (the injury that follows is the caller's roll)."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import Condition, ConditionName, add, has
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment


def take_damage(combatant: Combatant, amount: int, now: Moment,
                kind: EventKind = EventKind.DAMAGE_TAKEN) -> tuple[Combatant, tuple[Event, ...]]:
    """``combatant`` after taking ``amount`` damage (at most its health), with its events."""
    taken = min(amount, combatant.health)
    hurt = replace(combatant, health=combatant.health - taken,
                   tally=combatant.tally.taken(taken))
    events = (Event(kind, now, combatant.name, amount=taken),)
    if not taken or hurt.health:
        return hurt, events
    # rule: at 0 health a minion is defeated, anyone else falls Unconscious (unless immune)
    if hurt.role is Role.MINION:
        beaten = replace(hurt, defeated=True, turn=replace(hurt.turn, current=None))
        return beaten, (*events, Event(EventKind.DEFEATED, now, hurt.name))
    if not _falls(hurt):
        return hurt, events
    unconscious = Condition(ConditionName.UNCONSCIOUS)
    fallen = replace(hurt, conditions=add(hurt.conditions, unconscious, holder=hurt.name),
                     tally=hurt.tally.suffered(ConditionName.UNCONSCIOUS))
    return fallen, (*events, Event(EventKind.CONDITION_ADDED, now, hurt.name,
                                   condition=unconscious))


def _falls(combatant: Combatant) -> bool:
    return ConditionName.UNCONSCIOUS not in combatant.immunities \
        and not has(combatant.conditions, ConditionName.UNCONSCIOUS)
