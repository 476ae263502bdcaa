"""Rounds and phases: who acts in a phase, Done, Next, and the choice of fast or slow."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Side, opposed
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import PHASES, Moment, Phase, Speed
from nazh.domain.encounter.turns import begin_turn, end_turn, start_turn
from nazh.domain.rolling import RandomSource

MAX_SKIPPED = 2 * len(PHASES)


def in_phase(combatant: Combatant, phase: Phase) -> bool:
    """Whether ``combatant`` acts in ``phase`` this round, as things stand."""
    if combatant.defeated or phase.players != (combatant.side is Side.PLAYER):
        return False
    if combatant.turn.current is phase.speed:
        # a turn running here stays its own to end, whatever fell on it meanwhile (a fast turn
        # left Unconscious or Surprised: rule, Conditions: it "can't take a fast turn", not
        # "its fast turn is taken back")
        return True
    # the fast player phase holds every player who may still go fast (not Surprised nor
    # Unconscious); the others hold those taking a turn of that speed (a boss in both)
    if phase is Phase.FAST_PLAYERS:
        return combatant.no_fast_turn() is None
    if phase.speed is Speed.SLOW and not combatant.boss and Speed.FAST in combatant.turn.started:
        return False
    return phase.speed in combatant.turn_kinds()


def takes_turn(combatant: Combatant, phase: Phase) -> bool:
    """Whether ``combatant`` takes a turn in ``phase`` (in the fast player phase: a fast one)."""
    return in_phase(combatant, phase) and (phase.speed in combatant.turn_kinds()
                                           or combatant.turn.current is phase.speed)


def waiting(combatant: Combatant, phase: Phase) -> bool:
    """Whether ``phase`` still waits for ``combatant`` to press Done."""
    if not in_phase(combatant, phase):
        return False
    if not takes_turn(combatant, phase):
        return not combatant.turn.stays_slow
    return phase.speed not in combatant.turn.finished


def waiting_for(encounter: Encounter) -> tuple[Combatant, ...]:
    """Who the current phase waits for: the combatants that have not pressed Done."""
    return tuple(c for c in encounter.combatants if waiting(c, encounter.phase))


def next_phase(encounter: Encounter, dice: RandomSource | None = None) -> Outcome:
    """Next: the current phase ended early (its turns end), the next one with someone started."""
    outcome = _end_running_turns(encounter, dice)
    ended = outcome.encounter
    outcome = Outcome(ended, (*outcome.events, ended.event(EventKind.PHASE_ENDED)))
    steps = MAX_SKIPPED if any(not c.defeated for c in ended.combatants) else 1
    for _ in range(steps):
        outcome = outcome.then(_step)
        if outcome.events[-1].kind is not EventKind.PHASE_SKIPPED:
            break
    return outcome


def done(encounter: Encounter, name: str, dice: RandomSource | None = None) -> Outcome:
    """Done for ``name``: its turn ends (a slow player stays slow); the last one ends the phase."""
    outcome = catch_up(encounter)
    encounter = outcome.encounter
    combatant, phase = encounter.find(name), encounter.phase
    if not waiting(combatant, phase):
        said, fields = _not_waiting(combatant, phase)
        raise EncounterError(said, combatant=combatant.name, fields=fields)
    if takes_turn(combatant, phase):
        ended, events = end_turn(combatant, encounter.moment, dice)
        after = after_turn(changed(encounter, ended), ended)
    else:
        ended = replace(combatant, turn=replace(combatant.turn, stays_slow=True))
        events = (encounter.event(EventKind.STAYED_SLOW, combatant.name),)
        after = changed(encounter, ended)
    outcome = Outcome(after, outcome.events + events)
    if waiting_for(outcome.encounter):
        return outcome.then(begin_lone_turn)
    return outcome.then(lambda e: next_phase(e, dice))


def choose_speed(encounter: Encounter, name: str, speed: Speed) -> Outcome:
    """``name`` switched to ``speed``; a switch to Fast during its fast phase starts its turn."""
    combatant = encounter.find(name)
    _check_speed_choice(encounter, combatant, speed)
    if combatant.turn.speed is speed:
        return Outcome(encounter)
    switched = replace(combatant, turn=replace(combatant.turn, speed=speed, stays_slow=False))
    chosen = encounter.event(EventKind.SPEED_CHOSEN, combatant.name, speed=speed)
    return Outcome(changed(encounter, switched), (chosen,)).then(catch_up)


def catch_up(encounter: Encounter) -> Outcome:
    """``encounter`` with every turn due in the current phase started (fast, added, unsurprised)."""
    phase, events = encounter.phase, list[Event]()
    for combatant in encounter.combatants:
        if takes_turn(combatant, phase) and phase.speed not in combatant.turn.started:
            started, more = start_turn(combatant, phase.speed, encounter.moment)
            encounter = changed(encounter, started)
            events.extend(more)
    return Outcome(encounter, tuple(events)).then(begin_lone_turn)


def begin_lone_turn(encounter: Encounter) -> Outcome:
    """The running turn begun when it is the only one left in its phase (it is its turn now)."""
    # turns in a phase are taken one after another; the table says whose by acting, which
    # begins a turn (its reaction comes back then), or by leaving one turn to run
    running = [c for c in encounter.combatants if c.turn.current is not None]
    if len(running) != 1 or running[0].turn.begun:
        return Outcome(encounter)
    begun, events = begin_turn(running[0], encounter.moment)
    return Outcome(changed(encounter, begun), events)


def after_turn(encounter: Encounter, ender: Combatant) -> Encounter:
    """``encounter`` once ``ender`` finished a turn: the bosses it fights may take an extra."""
    # rule (Using Adversaries, Boss): "After an enemy finishes a turn, the boss can spend 1
    # focus to immediately use an extra action": the latest turn finished opens it; the next
    # action spent, or turn finished, closes it (:func:`extra_closed`)
    bosses = tuple(
        replace(c, reactions=replace(c.reactions, extra_ready=opposed(c, ender)
                                     and not c.defeated))
        for c in encounter.combatants if c.boss)
    for boss in bosses:
        encounter = changed(encounter, boss)
    return encounter


def extra_closed(encounter: Encounter) -> Encounter:
    """``encounter`` once someone acted: no boss's extra action waits any more ("immediately")."""
    for boss in encounter.combatants:
        if boss.reactions.extra_ready:
            encounter = changed(encounter, replace(
                boss, reactions=replace(boss.reactions, extra_ready=False)))
    return encounter


def fast_phase_of(combatant: Combatant) -> Phase:
    """The phase of ``combatant``'s fast turn."""
    return Phase.FAST_ADVERSARIES if combatant.adversary_side else Phase.FAST_PLAYERS


def _check_speed_choice(encounter: Encounter, combatant: Combatant, speed: Speed) -> None:
    name = combatant.name
    if combatant.boss:
        raise EncounterError("{name} is a boss and takes both a fast and a slow turn",
                             combatant=name, fields={"name": name})
    if combatant.defeated:
        raise EncounterError("{name} is defeated and takes no turn", combatant=name,
                             fields={"name": name})
    blocking = combatant.no_fast_turn()
    if speed is Speed.FAST and blocking is not None:
        raise EncounterError("{name} is {condition}: no fast turn", combatant=name,
                             fields={"name": name, "condition": blocking.title})
    fast_phase = fast_phase_of(combatant)
    if encounter.phase.index > fast_phase.index:
        raise EncounterError("the {phase} phase of round {round} has ended: {name}'s speed can "
                             "change next round", combatant=name,
                             fields={"phase": fast_phase.title, "round": encounter.round,
                                     "name": name})
    if speed is Speed.SLOW and Speed.FAST in combatant.turn.started:
        raise EncounterError("{name} has started its fast turn this round and cannot go slow",
                             combatant=name, fields={"name": name})


def _not_waiting(combatant: Combatant, phase: Phase) -> tuple[str, dict[str, object]]:
    fields: dict[str, object] = {"name": combatant.name, "phase": phase.title}
    if combatant.defeated:
        return "{name} is defeated and takes no turn", fields
    if in_phase(combatant, phase):
        return "{name} has already pressed Done in the {phase} phase", fields
    kinds = sorted(kind.value for kind in combatant.turn_kinds())
    if not kinds:
        return "{name} does not act in the {phase} phase (its turn this round: none)", fields
    if len(kinds) == 1:
        return ("{name} does not act in the {phase} phase (its turn this round: {speed})",
                {**fields, "speed": kinds[0]})
    return ("{name} does not act in the {phase} phase (its turn this round: fast and slow)",
            fields)


def _end_running_turns(encounter: Encounter, dice: RandomSource | None) -> Outcome:
    events: list[Event] = []
    for combatant in encounter.combatants:
        if combatant.turn.current is not None:
            ended, more = end_turn(combatant, encounter.moment, dice)
            encounter = after_turn(changed(encounter, ended), ended)
            events.extend(more)
    return Outcome(encounter, tuple(events))


def _step(encounter: Encounter) -> Outcome:
    """The next moment entered: a new round when needed, the phase skipped or its turns started."""
    moment = encounter.moment.next()
    outcome = Outcome(replace(encounter, moment=moment))
    if moment.round != encounter.round:
        outcome = outcome.then(_new_round)
    outcome = outcome.then(_expire)  # a skipped phase still starts in time: durations end
    entered = outcome.encounter
    if not any(in_phase(c, entered.phase) for c in entered.combatants):
        return Outcome(entered, (*outcome.events, entered.event(EventKind.PHASE_SKIPPED)))
    started = (*outcome.events, entered.event(EventKind.PHASE_STARTED))
    return Outcome(entered, started).then(catch_up)


def _new_round(encounter: Encounter) -> Outcome:
    # rule: every combatant slow again (unless the encounter keeps speeds)
    reset = tuple(replace(c, turn=c.turn.new_round(keep_speed=encounter.keep_speed))
                  for c in encounter.combatants)
    fresh = replace(encounter, combatants=reset)
    return Outcome(fresh, (fresh.event(EventKind.ROUND_STARTED),))


def _expire(encounter: Encounter) -> Outcome:
    events: list[Event] = []
    for combatant in encounter.combatants:
        ending = tuple(c for c in combatant.conditions if _runs_out(c, encounter.moment))
        if ending:
            kept = tuple(c for c in combatant.conditions if c not in ending)
            encounter = changed(encounter, replace(combatant, conditions=kept))
            events.extend(encounter.event(EventKind.CONDITION_ENDED, combatant.name,
                                          condition=c) for c in ending)
    return Outcome(encounter, tuple(events))


def _runs_out(condition: Condition, now: Moment) -> bool:
    return condition.ends_at is not None and condition.ends_at <= now
