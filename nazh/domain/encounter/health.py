"""Damage taken by a combatant (the injury that follows is the caller's roll)."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName, add, has
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
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
    # rule (part 7, Defeated Adversaries): "When an adversary is reduced to 0 health, they are
    # defeated" (a minion on the players' side too: its injury defeats it); a player's character
    # or an ally falls Unconscious (unless immune); :func:`knock_out` keeps an enemy alive
    if defeated_at_zero(hurt):
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


def defeated_at_zero(combatant: Combatant) -> bool:
    """Whether 0 health defeats ``combatant`` (an enemy, a minion) rather than knocking it out."""
    return combatant.role is Role.MINION or combatant.side is Side.ENEMY


def knock_out(encounter: Encounter, name: str, roll_id: str | None = None) -> Outcome:
    """``name``, defeated at 0, Unconscious instead (the final blow ``roll_id``'s choice, or a
    GM's)."""
    # rule (part 7, Defeated Adversaries): "if the PCs are trying to defeat any adversary with
    # non-lethal means, the PC who deals the final blow can choose for the NPC to fall
    # Unconscious with an injury"; "at the GM's discretion, NPCs with a significant narrative
    # role can instead fall Unconscious and make injury rolls like PCs do"
    beaten = encounter.find(name)
    if not beaten.defeated or beaten.health:
        raise EncounterError("{name} is not defeated at 0 health: only a defeated enemy is "
                             "knocked out instead", combatant=beaten.name,
                             fields={"name": beaten.name})
    if beaten.role is Role.MINION:
        raise EncounterError("{name} is a minion: an injury defeats it, so it is never knocked "
                             "out", combatant=beaten.name, fields={"name": beaten.name})
    if not _falls(beaten):
        raise EncounterError("{name} is immune to Unconscious", combatant=beaten.name,
                             fields={"name": beaten.name})
    unconscious = Condition(ConditionName.UNCONSCIOUS)
    # the application that defeated it (the roll's, else the newest) now knocked it out:
    # undoing it wakes it rather than reviving it
    applications = list(beaten.applications)
    blow = next((n for n in reversed(range(len(applications))) if applications[n].defeated
                 and roll_id in (None, applications[n].roll_id)), None)
    if blow is not None:
        applications[blow] = replace(applications[blow], defeated=False, fell=True)
    out = replace(beaten, defeated=False, applications=tuple(applications),
                  conditions=add(beaten.conditions, unconscious, holder=beaten.name),
                  tally=beaten.tally.suffered(ConditionName.UNCONSCIOUS))
    return Outcome(changed(encounter, out), (
        encounter.event(EventKind.KNOCKED_OUT, out.name),
        encounter.event(EventKind.CONDITION_ADDED, out.name, condition=unconscious)))


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
