"""Reactions and focus on the card: Dodge, Aid, Reactive strike, extra action, Recover."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.acts import remove_condition
from nazh.domain.encounter.combatant import MAX_FOCUS, Combatant, Reactions, opposed
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.flow import extra_closed
from nazh.domain.encounter.timing import Moment
from nazh.domain.encounter.turns import begin_turn, check_conscious, check_reaction

FOCUS_COST = 1  # rule: Dodge, Aid, Reactive strike, an extra action, a condition ended
RECOVER_ACTIONS = 2  # rule: Recover takes 2 actions of its turn, once per encounter

DODGE = "dodge"
AID = "aid"
STRIKE = "reactive strike"
EXTRA = "extra action"

Spent = tuple[Combatant, tuple[Event, ...]]


def focus_cost(combatant: Combatant, cost: int = FOCUS_COST) -> int:
    """What an ability costing ``cost`` focus costs ``combatant`` now (Focused: 1 less)."""
    # rule (Conditions, Focused): "When you use an ability that costs focus, its cost is
    # reduced by 1"
    return max(0, cost - 1) if has(combatant.conditions, ConditionName.FOCUSED) else cost


def free_focus(combatant: Combatant) -> int:
    """Its focus not held for a Dodge waiting."""
    return combatant.focus - (focus_cost(combatant) if combatant.reactions.dodging else 0)


def can_react(combatant: Combatant) -> bool:
    """Whether it could Dodge, Aid or strike now: not defeated, its reaction free and its focus."""
    return (not combatant.defeated and combatant.reaction_left
            and not combatant.reactions.dodging
            and free_focus(combatant) >= focus_cost(combatant))


def can_take_extra(combatant: Combatant) -> bool:
    """Whether it could spend focus for an extra action now (a boss, an enemy's turn just ended)."""
    return (not combatant.defeated and combatant.boss and combatant.reactions.extra_ready
            and not has(combatant.conditions, ConditionName.UNCONSCIOUS)
            and free_focus(combatant) >= focus_cost(combatant))


def can_end_condition(combatant: Combatant) -> bool:
    """Whether it could spend focus to end one of its conditions now (a boss, on its turn)."""
    return (not combatant.defeated and combatant.boss and combatant.turn.current is not None
            and not has(combatant.conditions, ConditionName.UNCONSCIOUS)
            and bool(combatant.conditions) and free_focus(combatant) >= focus_cost(combatant))


def can_recover(combatant: Combatant) -> bool:
    """Whether it could Recover now: its turn running with 2 actions left, not yet once."""
    return (not combatant.defeated and combatant.turn.current is not None
            and not has(combatant.conditions, ConditionName.UNCONSCIOUS)
            and (combatant.turn.actions or 0) >= RECOVER_ACTIONS
            and not combatant.reactions.recovered)


def dodge_ready(combatant: Combatant) -> bool:
    """Whether its Dodge waits and could be spent now."""
    return (combatant.reactions.dodging and not combatant.defeated
            and combatant.reaction_left and combatant.focus >= focus_cost(combatant))


def dodge(encounter: Encounter, name: str) -> Outcome:
    """``name`` Dodges: its reaction and 1 focus are held until the next attack against it."""
    # rule: that attack gains a disadvantage; unused at its next turn's start, it lapses
    combatant = encounter.find(name)
    if combatant.reactions.dodging:
        raise EncounterError("{name} is already Dodging", combatant=combatant.name,
                             fields={"name": combatant.name})
    _check_reaction(combatant)
    _check_focus(combatant)
    marked = _with(combatant, dodging=True)
    return Outcome(changed(encounter, marked),
                   (encounter.event(EventKind.DODGE_MARKED, combatant.name),))


def dodge_used(encounter: Encounter, name: str) -> Outcome:
    """``name``'s Dodge spent by an attack against it: its reaction and 1 focus."""
    combatant = encounter.find(name)
    if not combatant.reactions.dodging:
        raise EncounterError("{name} is no longer Dodging (a Dodge lapses when its next turn "
                             "starts)", combatant=combatant.name, fields={"name": combatant.name})
    _check_reaction(replace(combatant, reactions=replace(combatant.reactions, dodging=False)))
    used = _with(combatant, dodging=False)
    spent, events = _spend(used, encounter.moment, DODGE)
    first = encounter.event(EventKind.DODGE_USED, combatant.name)
    return Outcome(changed(encounter, spent), (first, *events))


def aid(encounter: Encounter, name: str, aided: str) -> Outcome:
    """``name`` Aids ``aided``: its reaction and 1 focus spent now."""
    # rule: ``aided``'s next test gains an advantage; one Aid waits at a time, until that test
    helper = encounter.find(name)
    other = encounter.find(aided)
    if other.key == helper.key:
        raise EncounterError("{name} cannot Aid itself: Aid helps another combatant's test",
                             combatant=helper.name, fields={"name": helper.name})
    if opposed(helper, other):  # rule (Aid): "before an ally makes a skill test"
        raise EncounterError("{name} cannot Aid {other}: Aid helps an ally, and {other} fights on "
                             "the other side", combatant=helper.name,
                             fields={"name": helper.name, "other": other.name})
    if other.defeated:
        raise EncounterError("{name} is defeated", combatant=other.name,
                             fields={"name": other.name})
    if other.reactions.aided_by is not None:
        raise EncounterError("{name} is already Aided by {aided_by} (until its next test)",
                             combatant=other.name,
                             fields={"name": other.name, "aided_by": other.reactions.aided_by})
    _check_reaction(helper)
    _check_focus(helper)
    spent, events = _spend(helper, encounter.moment, AID)
    after = changed(encounter, spent)
    helped = _with(after.find(other.name), aided_by=helper.name)
    given = encounter.event(EventKind.AID_GIVEN, helper.name, note=other.name)
    return Outcome(changed(after, helped), (given, *events))


def aid_used(encounter: Encounter, name: str) -> Outcome:
    """``name``'s Aid used by its test (the advantage it gave)."""
    combatant = encounter.find(name)
    aider = combatant.reactions.aided_by
    if aider is None:
        raise EncounterError("{name} has no Aid waiting", combatant=combatant.name,
                             fields={"name": combatant.name})
    used = _with(combatant, aided_by=None)
    return Outcome(changed(encounter, used),
                   (encounter.event(EventKind.AID_USED, combatant.name, note=aider),))


def aids_lapsed(before: Encounter, after: Encounter) -> Outcome:
    """``after`` without the Aids whose givers began a turn since ``before``."""
    # rule (Aid): "Before an ally makes a skill test, you can use this reaction": an Aid given
    # ahead waits for that test only until its giver's reaction comes back, at the start of its
    # next turn, as a Dodge does
    givers = {c.key for c in after.combatants if _began(before, after.round, c)}
    events: list[Event] = []
    for aided in after.combatants:
        giver = aided.reactions.aided_by
        if giver is not None and giver.casefold() in givers:
            after = changed(after, _with(aided, aided_by=None))
            events.append(after.event(EventKind.AID_LAPSED, aided.name, note=giver))
    return Outcome(after, tuple(events))


def _began(before: Encounter, now_round: int, combatant: Combatant) -> bool:
    """Whether ``combatant``'s running turn (in round ``now_round``) began since ``before``."""
    if combatant.turn.current is None or not combatant.turn.begun:
        return False
    was = next((c for c in before.combatants if c.key == combatant.key), None)
    return (was is None or was.turn.current is not combatant.turn.current
            or not was.turn.begun or before.round != now_round)


def reactive_strike(encounter: Encounter, name: str) -> Outcome:
    """``name``'s reaction and 1 focus spent on a Reactive strike (its attack: no action)."""
    combatant = encounter.find(name)
    _check_reaction(combatant)
    _check_focus(combatant)
    spent, events = _spend(combatant, encounter.moment, STRIKE)
    return Outcome(changed(encounter, spent), events)


def extra_action(encounter: Encounter, name: str) -> Outcome:
    """A boss spends 1 focus for an extra action, taken at once, right after an enemy's turn."""
    # rule (Using Adversaries, Boss): "After an enemy finishes a turn, the boss can spend 1
    # focus to immediately use an extra action": once per such turn, never inside its own
    # turn's count
    combatant = encounter.find(name)
    _check_boss(combatant, "only a boss takes an extra action ({name} is a {role})")
    check_conscious(combatant)
    if not combatant.reactions.extra_ready:
        raise EncounterError("{name} takes an extra action only right after an enemy of its "
                             "finishes a turn (once for each, before anyone acts in the next "
                             "turn)", combatant=combatant.name, fields={"name": combatant.name})
    _check_focus(combatant)
    spent, events = _spend(_with(combatant, extra_ready=False), encounter.moment, EXTRA)
    extra = encounter.event(EventKind.EXTRA_ACTION, combatant.name)
    return Outcome(changed(encounter, spent), (*events, extra))


def end_own_condition(encounter: Encounter, name: str, condition: ConditionName, *,
                      source: str | None = None) -> Outcome:
    """A boss spends 1 focus to end one of its conditions (one Afflicted: ``source``'s)."""
    combatant = encounter.find(name)
    _check_boss(combatant, "only a boss spends focus to end its conditions ({name} is a "
                           "{role})")
    # rule (Conditions, Unconscious): "can't ... use any actions"; NPCs "can't choose to regain
    # consciousness on their own" (Damage, Injury, and Death)
    check_conscious(combatant)
    if combatant.turn.current is None:  # rule (Boss): "spend 1 focus on their turn"
        raise EncounterError("{name} ends its conditions for focus on its own turn only",
                             combatant=combatant.name, fields={"name": combatant.name})
    if not has(combatant.conditions, condition):
        held = ", ".join(c.label for c in combatant.conditions) or "none"
        raise EncounterError("{name} is not {condition} (its conditions: {held})",
                             combatant=combatant.name,
                             fields={"name": combatant.name, "condition": condition.title,
                                     "held": held})
    _check_focus(combatant)
    combatant, begun = begin_turn(combatant, encounter.moment)  # acting in its turn
    spent, events = _spend(combatant, encounter.moment, f"end {condition.value}")
    events = (*begun, *events)
    if condition is ConditionName.AFFLICTED and source is None:
        # rule (Boss): "remove a condition": one, and each Afflicted is its own (Conditions,
        # Afflicted: "resolve each effect separately"); unnamed, the first taken
        source = next(c.source for c in combatant.conditions if c.name is condition)
    return Outcome(changed(encounter, spent), events).then(
        lambda e: remove_condition(e, combatant.name, condition, source=source))


def check_recover(encounter: Encounter, name: str) -> Combatant:
    """``name``, when it may Recover now (refused otherwise, saying why)."""
    combatant = encounter.find(name)
    if combatant.defeated:
        raise EncounterError("{name} is defeated", combatant=combatant.name,
                             fields={"name": combatant.name})
    if combatant.reactions.recovered:
        raise EncounterError("Recover is once per scene: {name} has already recovered in this "
                             "encounter", combatant=combatant.name, fields={"name": combatant.name})
    if has(combatant.conditions, ConditionName.UNCONSCIOUS):
        raise EncounterError("{name} is Unconscious and takes no actions: it cannot Recover",
                             combatant=combatant.name, fields={"name": combatant.name})
    if combatant.turn.current is None:
        raise EncounterError("{name} is not taking a turn now: Recover takes 2 actions of its own "
                             "turn", combatant=combatant.name, fields={"name": combatant.name})
    left = combatant.turn.actions or 0
    if left < RECOVER_ACTIONS:
        raise EncounterError("Recover takes 2 actions: {name} has {left} left this turn",
                             combatant=combatant.name,
                             fields={"name": combatant.name, "left": left})
    return combatant


def start_recovery(encounter: Encounter, name: str) -> Outcome:
    """``name`` starts to Recover: 2 actions spent, its once per scene used (then recover)."""
    combatant, begun = begin_turn(check_recover(encounter, name), encounter.moment)
    left = (combatant.turn.actions or 0) - RECOVER_ACTIONS
    spent = replace(combatant, turn=replace(combatant.turn, actions=left),
                    reactions=replace(combatant.reactions, recovered=True))
    events = tuple(encounter.event(EventKind.ACTION_SPENT, combatant.name, amount=n)
                   for n in (left + 1, left))
    return Outcome(extra_closed(changed(encounter, spent)), (*begun, *events))


def recover_rooms(combatant: Combatant, focus_room: int | None = None) -> tuple[int, int]:
    """(health, focus) it may still recover: to its maximum health, and ``focus_room``."""
    # without ``focus_room`` (no sheet's maximum): the focus it spent in the encounter
    room = combatant.reactions.focus_spent if focus_room is None else max(0, focus_room)
    return combatant.health_max - combatant.health, room


def recover_choice(points: int, health_room: int, focus_room: int) -> range:
    """The points to health a player may choose (the rest to focus), none lost that could count."""
    # rule (basic actions, Recover): "Roll your recovery die to recover health and/or focus,
    # as if you just finished a short rest": the player splits the die
    return range(min(points, health_room), max(0, points - focus_room) - 1, -1)


def recover(encounter: Encounter, name: str, points: int, *, to_health: int | None = None,
            focus_room: int | None = None) -> Outcome:
    """The recovery die's ``points`` for ``name``: ``to_health`` to health, the rest to focus."""
    # where only one of them has room there is nothing to choose: all to that one
    if points < 0:
        raise EncounterError("recovered points are 0 or more (got {got})", fields={"got": points})
    combatant = encounter.find(name)
    health_room, room = recover_rooms(combatant, focus_room)
    if to_health is None:
        if health_room and room and points:
            raise EncounterError("{name} recovers {points}: choose how many go to health (the "
                                 "rest to focus)", combatant=combatant.name,
                                 fields={"name": combatant.name, "points": points})
        to_health = points if not room else 0
    if not 0 <= to_health <= points:
        raise EncounterError("to health: from 0 to the {points} points recovered (got {got})",
                             combatant=combatant.name, fields={"points": points, "got": to_health})
    health = min(to_health, health_room)
    focus = min(points - to_health, room, MAX_FOCUS - combatant.focus)
    healed = replace(combatant, health=combatant.health + health,
                     focus=combatant.focus + focus,
                     reactions=replace(combatant.reactions, focus_spent=max(
                         0, combatant.reactions.focus_spent - focus)))
    event = encounter.event(EventKind.RECOVERED, combatant.name,
                            note=f"{points}: health +{health}, focus +{focus}")
    return Outcome(changed(encounter, healed), (event,))


def follow_sheet(encounter: Encounter, name: str, by: int, why: str) -> Outcome:
    """``name``'s focus on the card moved by ``by`` as its sheet's was (``why``: a graze's cost)."""
    # what it spends counts as focus spent (Recover gives it back)
    combatant = encounter.find(name)
    focus = max(0, min(MAX_FOCUS, combatant.focus + by))
    moved = focus - combatant.focus
    spent = max(0, min(MAX_FOCUS, combatant.reactions.focus_spent - moved))
    followed = replace(combatant, focus=focus,
                       reactions=replace(combatant.reactions, focus_spent=spent))
    event = encounter.event(EventKind.SHEET_FOCUS, combatant.name,
                            note=f"{why}: {combatant.focus} -> {focus}")
    return Outcome(changed(encounter, followed), (event,))


def _with(combatant: Combatant, **changes: object) -> Combatant:
    reactions: Reactions = replace(combatant.reactions, **changes)  # type: ignore[arg-type]
    return replace(combatant, reactions=reactions)


def _spend(combatant: Combatant, now: Moment, purpose: str) -> Spent:
    """Its focus cost spent on ``purpose`` (and the reaction for Dodge, Aid and Reactive strike)."""
    events: list[Event] = []
    turn = combatant.turn
    cost = focus_cost(combatant)
    if purpose in (DODGE, AID, STRIKE):
        turn = replace(turn, reaction=False)
        note = purpose if cost else f"{purpose}, Focused: no focus"
        events.append(Event(EventKind.REACTION_SPENT, now, combatant.name, note=note))
    if not cost:
        return replace(combatant, turn=turn), tuple(events)
    left = combatant.focus - cost
    spent = replace(combatant, turn=turn, focus=left, reactions=replace(
        combatant.reactions, focus_spent=combatant.reactions.focus_spent + cost))
    events.append(Event(EventKind.FOCUS_SPENT, now, combatant.name, amount=left, note=purpose))
    return spent, tuple(events)


def _check_reaction(combatant: Combatant) -> None:
    if combatant.defeated:
        raise EncounterError("{name} is defeated", combatant=combatant.name,
                             fields={"name": combatant.name})
    check_reaction(combatant)


def _check_focus(combatant: Combatant) -> None:
    if free_focus(combatant) < focus_cost(combatant):
        said = ("{name} has no focus left (1 is held for its Dodge)"
                if combatant.reactions.dodging else "{name} has no focus left")
        raise EncounterError(said, combatant=combatant.name, fields={"name": combatant.name})


def _check_boss(combatant: Combatant, only_a_boss: str) -> None:
    if combatant.defeated:
        raise EncounterError("{name} is defeated", combatant=combatant.name,
                             fields={"name": combatant.name})
    if not combatant.boss:
        raise EncounterError(only_a_boss, combatant=combatant.name,
                             fields={"name": combatant.name, "role": combatant.role.value})
