"""Properties of the rounds: any sequence of choices, conditions, Done, Next and spends keeps the
rules' invariants (phases in order and each at most once, turns at most once per kind a round,
a boss's two turns, actions never negative, durations ending exactly when they should)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import example, given, settings
from hypothesis import strategies as st

from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import (
    Affliction,
    defeat,
    give_condition,
    remove_condition,
    spend_action,
    spend_reaction,
)
from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase, waiting_for
from nazh.domain.encounter.timing import Moment, Speed
from tests.domain.encounter.builders import ally, enemy, fight, player

PROPERTY = settings(max_examples=300, deadline=None)
NO_FAST = frozenset({ConditionName.SURPRISED, ConditionName.UNCONSCIOUS})
GIVEN = list(ConditionName)


@dataclass(frozen=True)
class Act:
    """One act of a sequence: its verb, whom (an index), and its arguments."""

    verb: str
    who: int = 0
    speed: Speed = Speed.SLOW
    condition: ConditionName = ConditionName.PRONE
    rounds: int | None = None
    until_turn_end: bool = False
    value: int = 1


ACTS_BUT_DEFEAT = (
    st.builds(Act, st.just("speed"), st.integers(0, 9), st.sampled_from(Speed)),
    st.builds(Act, st.just("done"), st.integers(0, 9)),
    st.builds(Act, st.sampled_from(["next", "action", "reaction"]), st.integers(0, 9)),
    st.builds(Act, st.just("condition"), st.integers(0, 9), st.just(Speed.SLOW),
              st.sampled_from(GIVEN), st.none() | st.integers(1, 3), st.booleans(),
              st.integers(1, 3)),
    st.builds(Act, st.just("remove"), st.integers(0, 9), st.just(Speed.SLOW),
              st.sampled_from(GIVEN)),
)
# Defeat is rarer than the other acts, so most sequences keep most combatants in the fight.
acts = st.one_of(*ACTS_BUT_DEFEAT, *ACTS_BUT_DEFEAT,
                 st.builds(Act, st.just("defeat"), st.integers(0, 9)))


rosters = st.tuples(
    st.integers(1, 3),
    st.lists(st.sampled_from(Role), max_size=3),
    st.booleans(),
    st.booleans(),
)


def build(roster: tuple[int, list[Role], bool, bool]) -> Encounter:
    count, roles, with_ally, keep = roster
    combatants: list[Combatant] = [player(f"P{n}", owner=n) for n in range(count)]
    combatants += [enemy(f"E{n}", role) for n, role in enumerate(roles)]
    combatants += [ally("Ally")] if with_ally else []
    return fight(*combatants, keep_speed=keep)


VERBS: dict[str, Callable[[Encounter, str, Act], Outcome]] = {
    "next": lambda e, _, __: next_phase(e),
    "speed": lambda e, name, act: choose_speed(e, name, act.speed),
    "done": lambda e, name, _: done(e, name),
    "action": lambda e, name, _: spend_action(e, name),
    "reaction": lambda e, name, _: spend_reaction(e, name),
    "remove": lambda e, name, act: remove_condition(e, name, act.condition),
    "condition": lambda e, name, act: give_condition(e, name, affliction(act)),
    "defeat": lambda e, name, _: defeat(e, name),
}


def affliction(act: Act) -> Affliction:
    valued = act.condition.valued
    attribute = Attribute.STRENGTH if act.condition is ConditionName.ENHANCED else None
    return Affliction(act.condition, act.value if valued else 0, attribute,
                      rounds=act.rounds, until_next_turn_end=act.until_turn_end)


def apply(encounter: Encounter, act: Act) -> Outcome:
    name = encounter.combatants[act.who % len(encounter.combatants)].name
    return VERBS[act.verb](encounter, name, act)


@dataclass
class Run:
    """A sequence applied: the encounters after each act, the events, who lost fast turns."""

    encounters: list[Encounter]
    events: list[Event] = field(default_factory=list)
    no_fast: set[str] = field(default_factory=set)
    defeated: set[str] = field(default_factory=set)
    timed: list[tuple[Moment, int, Moment | None]] = field(default_factory=list)


def run(encounter: Encounter, sequence: list[Act]) -> Run:
    result = Run([encounter])
    for act in sequence:
        try:
            outcome = apply(encounter, act)
        except EncounterError:
            continue
        name = encounter.combatants[act.who % len(encounter.combatants)].name
        result.no_fast.update(e.combatant for e in outcome.events  # damage may knock out
                              if e.kind is EventKind.CONDITION_ADDED and e.combatant
                              and e.condition is not None and e.condition.name in NO_FAST)
        if act.verb == "defeat":
            result.defeated.add(name)
        result.defeated.update(e.combatant for e in outcome.events  # a minion falls at 0 health
                               if e.kind is EventKind.DEFEATED and e.combatant)
        if act.verb == "condition" and act.rounds is not None:
            added = outcome.events[0]
            ends_at = added.condition.ends_at if added.condition else None
            result.timed.append((added.moment, act.rounds, ends_at))
        encounter = outcome.encounter
        result.encounters.append(encounter)
        result.events.extend(outcome.events)
    return result


def with_next_presses(sequence: list[Act]) -> list[Act]:
    return [*sequence, *(Act("next") for _ in range(12))]


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_phases_run_in_order_and_each_at_most_once(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    events = run(build(roster), with_next_presses(sequence)).events
    entered = [e.moment for e in events
               if e.kind in (EventKind.PHASE_STARTED, EventKind.PHASE_SKIPPED)]
    assert entered == sorted(set(entered))
    assert [e.moment for e in events] == sorted(e.moment for e in events)


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_a_turn_starts_at_most_once_per_kind_a_round_and_one_kind_unless_a_boss(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    encounter = build(roster)
    starts = [(e.round, e.combatant, e.speed) for e in run(encounter, sequence).events
              if e.kind is EventKind.TURN_STARTED]
    assert max(Counter(starts).values(), default=1) == 1
    bosses = {c.name for c in encounter.combatants if c.boss}
    per_round = Counter((r, who) for r, who, _ in starts if who not in bosses)
    assert max(per_round.values(), default=1) == 1


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_a_defeated_combatant_starts_no_turn_after_its_defeat(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    defeated: set[str | None] = set()
    late_starts = []
    for event in run(build(roster), with_next_presses(sequence)).events:
        defeated |= {event.combatant} if event.kind is EventKind.DEFEATED else set()
        late_starts += [event] if event.kind is EventKind.TURN_STARTED \
            and event.combatant in defeated else []
    assert late_starts == []


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
@example((1, [Role.MINION], True, False),  # Afflicted brings the minion to 0: it is defeated
         [Act("condition", 1, Speed.SLOW, ConditionName.AFFLICTED, None, False, 1),
          Act("defeat", 0)])
def test_every_combatant_takes_a_turn_each_round_and_a_boss_two(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    encounter = build(roster)
    result = run(encounter, with_next_presses(sequence))
    last = result.encounters[-1].round
    starts = Counter((e.round, e.combatant, e.speed) for e in result.events
                     if e.kind is EventKind.TURN_STARTED)
    rounds = range(1, last)
    turns = {(r, c.name): (starts[r, c.name, Speed.FAST], starts[r, c.name, Speed.SLOW])
             for r in rounds for c in encounter.combatants if c.name not in result.defeated}
    bosses = {c.name for c in encounter.combatants if c.boss}
    assert all(sum(turns[r, name]) == 1 for r, name in turns if name not in bosses)
    assert all(turns[r, name][1] == 1 for r, name in turns if name in bosses)
    assert all(turns[r, name][0] == 1 for r, name in turns
               if name in bosses - result.no_fast)
    assert all(turns[r, name][0] <= 1 for r, name in turns if name in bosses)


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_actions_are_never_negative_nor_more_than_a_slow_turns(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    result = run(build(roster), sequence)
    actions = [c.turn.actions for e in result.encounters for c in e.combatants
               if c.turn.actions is not None]
    assert all(0 <= n <= 3 for n in actions)


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_durations_end_exactly_at_the_start_of_the_same_phase_rounds_later(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    result = run(build(roster), with_next_presses(sequence))
    assert all(ends_at == moment.later(rounds) for moment, rounds, ends_at in result.timed)
    expired = [(e.moment, e.condition.ends_at) for e in result.events
               if e.kind is EventKind.CONDITION_ENDED and e.condition
               and e.condition.name is not ConditionName.SURPRISED
               and e.condition.turn_ends_left != 1]
    assert all(moment == ends_at for moment, ends_at in expired)
    held_past_their_end = [c for e in result.encounters for k in e.combatants
                           for c in k.conditions if c.ends_at and c.ends_at <= e.moment]
    assert held_past_their_end == []


@PROPERTY
@given(rosters, st.lists(acts, max_size=60))
def test_a_phase_ends_by_itself_when_the_last_one_presses_done(
        roster: tuple[int, list[Role], bool, bool], sequence: list[Act]) -> None:
    encounter = build(roster)
    stuck = []
    for act in sequence:
        try:
            outcome = apply(encounter, act)
        except EncounterError:
            continue
        moved = outcome.encounter.moment != encounter.moment
        stuck += [act] if act.verb == "done" and not moved \
            and not waiting_for(outcome.encounter) else []
        encounter = outcome.encounter
    assert stuck == []
