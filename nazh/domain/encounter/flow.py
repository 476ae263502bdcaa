"""Rounds and phases: who acts in a phase, Done, Next, and the choice of fast or slow.

- Every round starts with every combatant slow (unless the encounter keeps speeds). The phases
  run in order; a phase with nobody in it is skipped (it still starts in time: durations end
  at its start).
- The fast player phase holds every player character that may still go fast (not Surprised nor
  Unconscious). Until it ends, a player switches between Fast and Slow; switching to Fast starts
  its fast turn at once. It ends by itself when every one of them has pressed Done: a fast
  player ending its turn, a slow one staying slow.
- The other phases hold the combatants taking a turn of that speed there: players in the slow
  player phase; allies and enemies in the adversaries' phases (a boss in both, run by the GM).
  Every turn starts when its phase starts, and the phase ends by itself when the last one
  has pressed Done.
- Next ends the current phase early (the running turns end) and starts the next phase that
  has someone in it.
"""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Side
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import PHASES, Moment, Phase, Speed
from nazh.domain.encounter.turns import end_turn, start_turn

MAX_SKIPPED = 2 * len(PHASES)


def in_phase(combatant: Combatant, phase: Phase) -> bool:
    """Whether ``combatant`` acts in ``phase`` this round, as things stand."""
    if combatant.defeated or phase.players != (combatant.side is Side.PLAYER):
        return False
    if phase is Phase.FAST_PLAYERS:
        return combatant.no_fast_turn() is None
    if phase.speed is Speed.SLOW and not combatant.boss and Speed.FAST in combatant.turn.started:
        return False
    return phase.speed in combatant.turn_kinds()


def takes_turn(combatant: Combatant, phase: Phase) -> bool:
    """Whether ``combatant`` takes a turn in ``phase`` (in the fast player phase: a player
    that is fast)."""
    return in_phase(combatant, phase) and phase.speed in combatant.turn_kinds()


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


def next_phase(encounter: Encounter) -> Outcome:
    """Next: the current phase ended (its running turns end), the next one with someone in it
    started (crossing into the next round as needed)."""
    outcome = _end_running_turns(encounter)
    ended = outcome.encounter
    outcome = Outcome(ended, (*outcome.events, ended.event(EventKind.PHASE_ENDED)))
    steps = MAX_SKIPPED if any(not c.defeated for c in ended.combatants) else 1
    for _ in range(steps):
        outcome = outcome.then(_step)
        if outcome.events[-1].kind is not EventKind.PHASE_SKIPPED:
            break
    return outcome


def done(encounter: Encounter, name: str) -> Outcome:
    """Done for ``name``: its turn in the current phase ends (in the fast player phase, a slow
    player stays slow); when nobody is left, the phase ends by itself."""
    outcome = catch_up(encounter)
    encounter = outcome.encounter
    combatant, phase = encounter.find(name), encounter.phase
    if not waiting(combatant, phase):
        raise EncounterError(_not_waiting(combatant, phase), combatant=combatant.name)
    if takes_turn(combatant, phase):
        ended, events = end_turn(combatant, encounter.moment)
    else:
        ended = replace(combatant, turn=replace(combatant.turn, stays_slow=True))
        events = (encounter.event(EventKind.STAYED_SLOW, combatant.name),)
    outcome = Outcome(changed(encounter, ended), outcome.events + events)
    if waiting_for(outcome.encounter):
        return outcome
    return outcome.then(next_phase)


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
    """``encounter`` with the turn started of every combatant that takes one in the current
    phase and has not started it yet (one who went fast, was added or lost Surprised)."""
    phase, events = encounter.phase, list[Event]()
    for combatant in encounter.combatants:
        if takes_turn(combatant, phase) and phase.speed not in combatant.turn.started:
            started, more = start_turn(combatant, phase.speed, encounter.moment)
            encounter = changed(encounter, started)
            events.extend(more)
    return Outcome(encounter, tuple(events))


def fast_phase_of(combatant: Combatant) -> Phase:
    """The phase of ``combatant``'s fast turn."""
    return Phase.FAST_ADVERSARIES if combatant.adversary_side else Phase.FAST_PLAYERS


def _check_speed_choice(encounter: Encounter, combatant: Combatant, speed: Speed) -> None:
    name = combatant.name
    if combatant.boss:
        raise EncounterError(f"{name} is a boss and takes both a fast and a slow turn",
                             combatant=name)
    if combatant.defeated:
        raise EncounterError(f"{name} is defeated and takes no turn", combatant=name)
    blocking = combatant.no_fast_turn()
    if speed is Speed.FAST and blocking is not None:
        raise EncounterError(f"{name} is {blocking.title}: no fast turn", combatant=name)
    fast_phase = fast_phase_of(combatant)
    if encounter.phase.index > fast_phase.index:
        raise EncounterError(f"the {fast_phase.title} phase of round {encounter.round} has "
                             f"ended: {name}'s speed can change next round", combatant=name)
    if speed is Speed.SLOW and Speed.FAST in combatant.turn.started:
        raise EncounterError(f"{name} has started its fast turn this round and cannot go slow",
                             combatant=name)


def _not_waiting(combatant: Combatant, phase: Phase) -> str:
    if combatant.defeated:
        return f"{combatant.name} is defeated and takes no turn"
    if in_phase(combatant, phase):
        return f"{combatant.name} has already pressed Done in the {phase.title} phase"
    kinds = " and ".join(sorted(kind.value for kind in combatant.turn_kinds()))
    return (f"{combatant.name} does not act in the {phase.title} phase (its turn this round: "
            f"{kinds or 'none'})")


def _end_running_turns(encounter: Encounter) -> Outcome:
    events: list[Event] = []
    for combatant in encounter.combatants:
        if combatant.turn.current is not None:
            ended, more = end_turn(combatant, encounter.moment)
            encounter = changed(encounter, ended)
            events.extend(more)
    return Outcome(encounter, tuple(events))


def _step(encounter: Encounter) -> Outcome:
    """The next moment entered: a new round when needed, conditions ending there ended, the
    phase skipped or its turns started."""
    moment = encounter.moment.next()
    outcome = Outcome(replace(encounter, moment=moment))
    if moment.round != encounter.round:
        outcome = outcome.then(_new_round)
    outcome = outcome.then(_expire)
    entered = outcome.encounter
    if not any(in_phase(c, entered.phase) for c in entered.combatants):
        return Outcome(entered, (*outcome.events, entered.event(EventKind.PHASE_SKIPPED)))
    started = (*outcome.events, entered.event(EventKind.PHASE_STARTED))
    return Outcome(entered, started).then(catch_up)


def _new_round(encounter: Encounter) -> Outcome:
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
