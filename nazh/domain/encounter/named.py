"""Named actions once a turn, and the Strike once for each hand: the offhand's for 2 focus."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.reactions import focus_cost, free_focus

STRIKE = "strike"
OFFHAND_FOCUS = 2  # rule (Strike): "If you attack using your offhand, you must spend 2 focus"
# rule (part 6, weapon traits, Offhand): "While wielding this weapon in your offhand, it only
# costs you 1 focus (instead of 2) to Strike with it"
OFFHAND_TRAIT_FOCUS = 1


class Hand(Enum):
    """The hand a Strike is made with."""

    MAIN = "main"
    OFF = "off"


def title_of(action: str) -> str:
    """``Gain Advantage`` for ``gain-advantage``: a named action as the rules write it."""
    return action.replace("-", " ").title()


def check_unused(combatant: Combatant, action: str, title: str) -> None:
    """Raise when ``combatant`` has used the named ``action`` in its running turn already."""
    # rule (part 3, Actions): "each named action can only be used once per turn unless stated
    # otherwise"
    if action in combatant.turn.used:
        raise EncounterError("{name} has used {action} this turn already: each action is used "
                             "once a turn", combatant=combatant.name,
                             fields={"name": combatant.name, "action": title})


def offhand_focus(combatant: Combatant, trait: bool = False) -> int:
    """What an offhand Strike costs ``combatant`` (``trait``: a weapon of the trait Offhand)."""
    return focus_cost(combatant, OFFHAND_TRAIT_FOCUS if trait else OFFHAND_FOCUS)


def strike_hand(combatant: Combatant, trait: bool = False) -> Hand:
    """The hand ``combatant``'s next Strike this turn is made with (refused when none is left;
    ``trait``: with a weapon of the trait Offhand)."""
    # rule (Strike): "You can use the Strike action more than once per turn, but each attack
    # must use a different hand. If you attack using your offhand, you must spend 2 focus"
    struck = combatant.turn.used.count(STRIKE)
    if struck >= len(Hand):
        raise EncounterError("{name} has struck with both hands this turn: each Strike uses a "
                             "different hand", combatant=combatant.name,
                             fields={"name": combatant.name})
    if not struck:
        return Hand.MAIN
    cost = offhand_focus(combatant, trait)
    if free_focus(combatant) < cost:
        raise EncounterError("{name}'s second Strike this turn is with the offhand and costs "
                             "{cost} focus; {name} has {focus}", combatant=combatant.name,
                             fields={"name": combatant.name, "cost": cost,
                                     "focus": free_focus(combatant)})
    return Hand.OFF


def use(encounter: Encounter, name: str, action: str, *, trait: bool = False) -> Outcome:
    """``name``'s named ``action`` used in its running turn (a Strike: once for each hand;
    ``trait``: with a weapon of the trait Offhand)."""
    combatant = encounter.find(name)
    if action == STRIKE:
        hand = strike_hand(combatant, trait)
    else:
        check_unused(combatant, action, title_of(action))
        hand = Hand.MAIN
    used = replace(combatant, turn=replace(combatant.turn,
                                           used=(*combatant.turn.used, action)))
    if hand is Hand.MAIN:
        return Outcome(changed(encounter, used), ())
    cost = offhand_focus(combatant, trait)
    paid = replace(used, focus=used.focus - cost, reactions=replace(
        used.reactions, focus_spent=used.reactions.focus_spent + cost))
    return Outcome(changed(encounter, paid), (encounter.event(
        EventKind.OFFHAND_STRIKE, paid.name, amount=paid.focus, note=str(cost)),))


def unuse(encounter: Encounter, name: str, action: str, *, offhand: bool = False,
          trait: bool = False) -> Outcome:
    """``name``'s use of ``action`` this turn undone (``offhand``: the Strike's focus back;
    ``trait``: a weapon of the trait Offhand's)."""
    combatant = encounter.find(name)
    used = list(combatant.turn.used)
    if action not in used:
        return Outcome(encounter, ())
    used.reverse()
    used.remove(action)
    used.reverse()
    freed = replace(combatant, turn=replace(combatant.turn, used=tuple(used)))
    if not offhand:
        return Outcome(changed(encounter, freed), ())
    cost = min(offhand_focus(combatant, trait), combatant.reactions.focus_spent)
    back = replace(freed, focus=freed.focus + cost, reactions=replace(
        freed.reactions, focus_spent=freed.reactions.focus_spent - cost))
    return Outcome(changed(encounter, back), (encounter.event(
        EventKind.OFFHAND_UNDONE, back.name, amount=back.focus, note=str(cost)),))
