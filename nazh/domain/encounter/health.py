"""Damage taken by a combatant (the injury that follows is the caller's roll)."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName, add, has
from nazh.domain.encounter.errors import EncounterError
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
    fallen = replace(out_of_actions(hurt),
                     conditions=add(hurt.conditions, unconscious, holder=hurt.name),
                     tally=hurt.tally.suffered(ConditionName.UNCONSCIOUS))
    return fallen, (*events, Event(EventKind.CONDITION_ADDED, now, hurt.name,
                                   condition=unconscious))


def out_of_actions(combatant: Combatant) -> Combatant:
    """``combatant`` with no action left in its running turn (it fell Unconscious in it)."""
    # rule (Conditions, Unconscious): "you can't do anything on your turn": the actions left
    # are lost, and none can be given back
    if combatant.turn.current is None:
        return combatant
    return replace(combatant, turn=replace(combatant.turn, actions=0, actions_at_start=0))


def _falls(combatant: Combatant) -> bool:
    return ConditionName.UNCONSCIOUS not in combatant.immunities \
        and not has(combatant.conditions, ConditionName.UNCONSCIOUS)


def wake(combatant: Combatant, now: Moment) -> tuple[Combatant, tuple[Event, ...]]:
    """``combatant`` regaining consciousness: at 0 health it recovers 1, and it stays Prone."""
    # rule (Conditions, Unconscious): "you remove the Unconscious condition, and if you're at 0
    # health, you recover 1 health"; it fell Prone when it fell Unconscious, and stands up
    # only as its own free action (Conditions, Prone)
    kept = tuple(c for c in combatant.conditions if c.name is not ConditionName.UNCONSCIOUS)
    woke = replace(combatant, conditions=kept, health=max(combatant.health, 1))
    events: list[Event] = []
    if not combatant.health:
        events.append(Event(EventKind.HEALED, now, combatant.name, amount=1))
    if ConditionName.PRONE not in combatant.immunities \
            and not any(c.name is ConditionName.PRONE for c in kept):
        prone = Condition(ConditionName.PRONE)
        woke = replace(woke, conditions=add(kept, prone, holder=combatant.name))
        events.append(Event(EventKind.CONDITION_ADDED, now, combatant.name, condition=prone))
    return woke, tuple(events)


def wakes_when_healed(combatant: Combatant) -> bool:
    """Whether healing wakes it by itself: an NPC at 1 health or more (a PC chooses to)."""
    # rule (Conditions, Unconscious): "If you are an NPC, you automatically regain
    # consciousness when you recover 1 health"
    return (combatant.side is not Side.PLAYER and combatant.health > 0
            and any(c.name is ConditionName.UNCONSCIOUS for c in combatant.conditions))



def check_choosing_to_wake(combatant: Combatant) -> None:
    """Raise unless ``combatant``'s player may choose to wake it now (a GM always may)."""
    # rule (Conditions, Unconscious): "If you are a PC, you can choose to regain consciousness
    # at the end of any of your turns ... or when an effect heals you to at least 1 health. ...
    # If you are an NPC, you automatically regain consciousness when you recover 1 health"
    if combatant.side is not Side.PLAYER:
        raise EncounterError("{name} regains consciousness when healed to at least 1 health: "
                             "only a player's character chooses to wake",
                             combatant=combatant.name, fields={"name": combatant.name})
    if combatant.turn.current is None and not combatant.health:
        raise EncounterError("{name} may choose to wake at the end of one of its turns (during "
                             "its turn, before Done) or once healed to at least 1 health",
                             combatant=combatant.name, fields={"name": combatant.name})
