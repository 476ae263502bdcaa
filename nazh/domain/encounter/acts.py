"""The acts beside the rounds: conditions, spends, Determined, defeat, the keep-speed setting."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import (
    LOSE_REACTION,
    Condition,
    ConditionName,
    add,
    has,
    timed,
)
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.flow import catch_up, extra_closed
from nazh.domain.encounter.health import knock_out, out_of_actions, wake
from nazh.domain.encounter.turns import give_back_action as give_back_one_action
from nazh.domain.encounter.turns import spend_action as spend_one_action
from nazh.domain.encounter.turns import spend_reaction as spend_the_reaction


@dataclass(frozen=True, slots=True)
class Affliction:
    """A condition to give, as a command asks for it."""

    name: ConditionName
    value: int = 0  # Afflicted's damage, Enhanced's bonus, Exhausted's penalty (positive)
    attribute: Attribute | None = None  # Enhanced's
    source: str = ""  # Afflicted's (it stacks per source)
    rounds: int | None = None  # ends at the start of the same phase then
    until_next_turn_end: bool = False
    damage_type: DamageType | None = None  # Afflicted's
    dice: str = ""  # Afflicted's damage as dice (``1d4``), rolled at each of its turn ends


def give_condition(encounter: Encounter, name: str, affliction: Affliction) -> Outcome:
    """``name`` with the condition ``affliction`` asks for (refused when it is immune)."""
    combatant = encounter.find(name)
    if affliction.name in combatant.immunities:
        raise EncounterError("{name} is immune to {condition}", combatant=combatant.name,
                             fields={"name": combatant.name, "condition": affliction.name.title})
    if affliction.name is ConditionName.UNCONSCIOUS and combatant.defeated \
            and not combatant.health:
        # rule (part 7, Defeated Adversaries): "at the GM's discretion, NPCs with a significant
        # narrative role can instead fall Unconscious": a GM's Unconscious knocks it out
        return knock_out(encounter, name)
    condition = timed(
        Condition(affliction.name, affliction.value, affliction.attribute,
                  affliction.source.strip(), damage_type=affliction.damage_type,
                  dice=affliction.dice.strip().lower()),
        encounter.moment, rounds=affliction.rounds,
        # rule (Conditions, Surprised): "Remove this condition after your next turn", whatever
        # duration was asked: gained in its own turn, that is the turn after this one
        until_next_turn_end=(affliction.until_next_turn_end
                             or affliction.name is ConditionName.SURPRISED),
        in_own_turn=combatant.turn.current is not None)
    held = add(combatant.conditions, condition, holder=combatant.name)
    if affliction.name is ConditionName.UNCONSCIOUS:
        combatant = out_of_actions(combatant)
    lapsed: tuple[Event, ...] = ()
    if affliction.name in LOSE_REACTION:  # rule (Conditions): "you lose any reactions"
        if combatant.reactions.dodging:  # the reaction held for it is lost
            lapsed = (encounter.event(EventKind.DODGE_LAPSED, combatant.name),)
        combatant = replace(combatant, turn=replace(combatant.turn, reaction=False),
                            reactions=replace(combatant.reactions, dodging=False))
    taken = replace(combatant, conditions=held,
                    tally=combatant.tally.suffered(affliction.name))
    added = encounter.event(EventKind.CONDITION_ADDED, combatant.name, condition=condition)
    # Surprised or Unconscious change who takes a turn: one may start at once
    return Outcome(changed(encounter, taken), (added, *lapsed)).then(catch_up)


def remove_condition(encounter: Encounter, name: str, condition: ConditionName, *,
                     attribute: Attribute | None = None, source: str | None = None) -> Outcome:
    """``name`` without ``condition`` (every one held, or that attribute's or source's only)."""
    combatant = encounter.find(name)
    removed = tuple(c for c in combatant.conditions if c.name is condition
                    and (attribute is None or c.attribute is attribute)
                    and (source is None or c.source == source.strip()))
    if not removed:
        held = ", ".join(c.label for c in combatant.conditions) or "none"
        raise EncounterError("{name} is not {condition} (its conditions: {held})",
                             combatant=combatant.name,
                             fields={"name": combatant.name, "condition": condition.title,
                                     "held": held})
    kept = tuple(c for c in combatant.conditions if c not in removed)
    events = tuple(encounter.event(EventKind.CONDITION_REMOVED, combatant.name, condition=c)
                   for c in removed)
    if condition is ConditionName.UNCONSCIOUS:
        woke, more = wake(combatant, encounter.moment)
        return Outcome(changed(encounter, woke), events + more).then(catch_up)
    cured = changed(encounter, replace(combatant, conditions=kept))
    return Outcome(cured, events).then(catch_up)


def use_determined(encounter: Encounter, name: str) -> Outcome:
    """Determined used on a failed test: it gains an Opportunity, the condition ends (rule)."""
    combatant = encounter.find(name)
    if not has(combatant.conditions, ConditionName.DETERMINED):
        raise EncounterError("{name} is not Determined", combatant=combatant.name,
                             fields={"name": combatant.name})
    used = encounter.event(EventKind.DETERMINED_USED, combatant.name)
    ended = remove_condition(encounter, name, ConditionName.DETERMINED)
    return Outcome(ended.encounter, (used, *ended.events))


def spend_action(encounter: Encounter, name: str) -> Outcome:
    """One action of ``name``'s running turn spent (refused when none is left)."""
    spent, events = spend_one_action(encounter.find(name), encounter.moment)
    return Outcome(extra_closed(changed(encounter, spent)), events)


def give_back_action(encounter: Encounter, name: str) -> Outcome:
    """One spent action of ``name``'s running turn given back."""
    returned, events = give_back_one_action(encounter.find(name), encounter.moment)
    return Outcome(changed(encounter, returned), events)


def spend_reaction(encounter: Encounter, name: str) -> Outcome:
    """``name``'s reaction spent (refused when spent, or when a condition takes it away)."""
    spent, events = spend_the_reaction(encounter.find(name), encounter.moment)
    return Outcome(changed(encounter, spent), events)


def defeat(encounter: Encounter, name: str) -> Outcome:
    """``name`` defeated: its running turn is dropped and it takes no more turns."""
    combatant = encounter.find(name)
    if combatant.defeated:
        raise EncounterError("{name} is already defeated", combatant=combatant.name,
                             fields={"name": combatant.name})
    out = replace(combatant, defeated=True, turn=replace(combatant.turn, current=None))
    return Outcome(changed(encounter, out), (encounter.event(EventKind.DEFEATED, out.name),))


def keep_speed(encounter: Encounter, keep: bool) -> Outcome:
    """The encounter's keep-speed setting: whether new rounds keep last round's speeds."""
    return Outcome(replace(encounter, keep_speed=keep))
