"""A combatant's turn: its start and end, spending actions and the reaction, giving one back."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import (
    LOSE_REACTION,
    Condition,
    ConditionName,
    afflicted_dice,
    first_of,
    has,
)
from nazh.domain.encounter.damage import landed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.health import take_damage
from nazh.domain.encounter.timing import Moment, Speed
from nazh.domain.rolling import RandomSource, roll
from nazh.domain.spec import RollSpec

Turned = tuple[Combatant, tuple[Event, ...]]


def actions_at_start(combatant: Combatant, speed: Speed) -> int:
    """The actions a turn of ``speed`` starts with, after the combatant's conditions."""
    # rule: 2 fast or 3 slow, -2 Stunned, -1 Surprised, none Unconscious, never below 0
    if has(combatant.conditions, ConditionName.UNCONSCIOUS):
        return 0
    actions = speed.actions
    if has(combatant.conditions, ConditionName.STUNNED):
        actions -= 2
    if has(combatant.conditions, ConditionName.SURPRISED):
        actions -= 1
    return max(actions, 0)


def start_turn(combatant: Combatant, speed: Speed, now: Moment) -> Turned:
    """``combatant`` with its ``speed`` turn running in its phase, its actions set."""
    # its reaction comes back when the turn begins (:func:`begin_turn`): turns in a phase are
    # taken one after another
    actions = actions_at_start(combatant, speed)
    turn = replace(combatant.turn, started=combatant.turn.started | {speed}, current=speed,
                   actions=actions, actions_at_start=actions, begun=False, used=())
    started = Event(EventKind.TURN_STARTED, now, combatant.name, speed=speed, amount=actions)
    return replace(combatant, turn=turn), (started,)


def begin_turn(combatant: Combatant, now: Moment) -> Turned:
    """``combatant``'s running turn begun: its new reaction gained, an unused Dodge lapsed."""
    # rule (Order of Combat): "at the start of each of your turns, you gain a new reaction";
    # (Conditions) Stunned or Surprised: "on your turn ... don't gain a reaction"
    if combatant.turn.current is None or combatant.turn.begun:
        return combatant, ()
    gained = first_of(combatant.conditions, LOSE_REACTION) is None
    turn = replace(combatant.turn, begun=True, reaction=gained)
    # rule (Conditions, Empowered): "your Investiture refills to your maximum at the start of
    # each of your turns": a sheet's (the card keeps none), which follows the event
    refilled = (Event(EventKind.INVESTITURE_REFILLED, now, combatant.name),) \
        if combatant.character_id is not None \
        and has(combatant.conditions, ConditionName.EMPOWERED) else ()
    if not combatant.reactions.dodging:
        return replace(combatant, turn=turn), refilled
    lapsed = Event(EventKind.DODGE_LAPSED, now, combatant.name)
    reactions = replace(combatant.reactions, dodging=False)
    return replace(combatant, turn=turn, reactions=reactions), (lapsed, *refilled)


def end_turn(combatant: Combatant, now: Moment, dice: RandomSource | None = None) -> Turned:
    """``combatant`` with its turn ended, as the rules end a turn (``dice``: Afflicted's)."""
    # rule: unused actions lost, Afflicted deals its damage, Surprised ends, and the "until the
    # end of your next turn" conditions count that end
    speed = combatant.turn.current
    if speed is None:
        return combatant, ()
    combatant, begun = begin_turn(combatant, now)  # a turn that ends had begun
    turn = replace(combatant.turn, finished=combatant.turn.finished | {speed}, current=None,
                   actions=0)
    ended: tuple[Event, ...] = (*begun, Event(EventKind.TURN_ENDED, now, combatant.name,
                                              speed=speed))
    combatant, damage = _afflicted(replace(combatant, turn=turn), now, dice)
    combatant, conditions = _conditions_at_turn_end(combatant, now)
    return combatant, ended + damage + conditions


def _afflicted(combatant: Combatant, now: Moment, dice: RandomSource | None) -> Turned:
    """Each Afflicted's damage, one after another (rule: "resolve each effect separately")."""
    events: list[Event] = []
    for condition in combatant.conditions:
        if condition.name is not ConditionName.AFFLICTED:
            continue
        combatant, more = _afflicted_once(combatant, condition, now, dice)
        events.extend(more)
    return combatant, tuple(events)


def _afflicted_once(combatant: Combatant, condition: Condition, now: Moment,
                    dice: RandomSource | None) -> Turned:
    # rule (Conditions, Afflicted): "the amount and type of damage specified": deflect and
    # immunities count as for any damage of that type; a hit at 0 or to 0 is an injury (Damage,
    # Injury, and Death: "Each time you take damage while at 0 health, you suffer another
    # injury")
    amount = condition.value if not condition.dice else _rolled(condition, dice)
    what = landed(amount, condition.damage_type, deflect=combatant.deflect,
                  immunities=combatant.damage_immunities)
    hurt, events = take_damage(combatant, what.taken, now, EventKind.AFFLICTED_DAMAGE)
    if what.taken and not hurt.health and not hurt.defeated:
        events = (*events, Event(EventKind.INJURY_DUE, now, hurt.name, condition=condition))
    return hurt, events


def _rolled(condition: Condition, dice: RandomSource | None) -> int:
    if dice is None:
        raise EncounterError("{label}: its dice are rolled where a turn ends on the card (Done, "
                             "Next)", fields={"label": condition.label})
    return roll(RollSpec((afflicted_dice(condition.dice),)), dice).pools[0].total


def _conditions_at_turn_end(combatant: Combatant, now: Moment) -> Turned:
    kept: list[Condition] = []
    events: list[Event] = []
    for condition in combatant.conditions:
        counted = _counted(condition)
        if counted is None:
            events.append(Event(EventKind.CONDITION_ENDED, now, combatant.name,
                                condition=condition))
        else:
            kept.append(counted)
    return replace(combatant, conditions=tuple(kept)), tuple(events)


def _counted(condition: Condition) -> Condition | None:
    """``condition`` after its holder's turn ended, or ``None`` when that ends it."""
    if condition.turn_ends_left == 1:
        return None
    if condition.name is ConditionName.SURPRISED and not condition.turn_ends_left:
        return None  # kept before Surprised counted its turn ends: it ends at the first
    if condition.turn_ends_left:
        return replace(condition, turn_ends_left=condition.turn_ends_left - 1)
    return condition


def spend_action(combatant: Combatant, now: Moment) -> Turned:
    """``combatant`` with one action spent in its running turn."""
    left = combatant.turn.actions
    if combatant.turn.current is None:
        raise EncounterError("{name} is not taking a turn now: actions are spent during its own "
                             "turn", combatant=combatant.name, fields={"name": combatant.name})
    check_conscious(combatant)
    if not left:
        raise EncounterError("{name} has no action left this turn", combatant=combatant.name,
                             fields={"name": combatant.name})
    combatant, begun = begin_turn(combatant, now)  # acting in it begins it
    spent = replace(combatant, turn=replace(combatant.turn, actions=left - 1))
    return spent, (*begun, Event(EventKind.ACTION_SPENT, now, combatant.name, amount=left - 1))


def check_conscious(combatant: Combatant) -> None:
    """Raise :class:`EncounterError` when ``combatant`` is Unconscious (it takes no actions)."""
    if has(combatant.conditions, ConditionName.UNCONSCIOUS):
        raise EncounterError("{name} is Unconscious and takes no actions", combatant=combatant.name,
                             fields={"name": combatant.name})


def give_back_action(combatant: Combatant, now: Moment) -> Turned:
    """``combatant`` with one spent action of its running turn given back (a roll undone)."""
    left = combatant.turn.actions or 0
    if combatant.turn.current is None:
        raise EncounterError("{name} is not taking a turn now: an action is given back only "
                             "during the turn it was spent in", combatant=combatant.name,
                             fields={"name": combatant.name})
    if left >= (combatant.turn.actions_at_start or 0):
        raise EncounterError("{name} has spent no action this turn ({left} left)",
                             combatant=combatant.name,
                             fields={"name": combatant.name, "left": left})
    returned = replace(combatant, turn=replace(combatant.turn, actions=left + 1))
    return returned, (Event(EventKind.ACTION_RETURNED, now, combatant.name, amount=left + 1),)


def check_reaction(combatant: Combatant) -> None:
    """Raise :class:`EncounterError` unless ``combatant`` has its reaction to use now."""
    blocking = combatant.no_reactions()
    if blocking is not None:
        raise EncounterError("{name} is {condition} and has no reactions", combatant=combatant.name,
                             fields={"name": combatant.name, "condition": blocking.title})
    if combatant.reactions.dodging:
        raise EncounterError("{name}'s reaction is held for its Dodge (spent by the next attack "
                             "against it)", combatant=combatant.name,
                             fields={"name": combatant.name})
    if not combatant.turn.reaction:
        raise EncounterError("{name} has no reaction left this round (it comes back at the start "
                             "of its next turn)", combatant=combatant.name,
                             fields={"name": combatant.name})


def spend_reaction(combatant: Combatant, now: Moment) -> Turned:
    """``combatant`` with its reaction spent (it comes back when its next turn starts)."""
    check_reaction(combatant)
    spent = replace(combatant, turn=replace(combatant.turn, reaction=False))
    return spent, (Event(EventKind.REACTION_SPENT, now, combatant.name),)
