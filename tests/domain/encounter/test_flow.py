"""Rounds and phases: fast and slow choices, Done, Next, skipped phases, bosses."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, open_encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase, waiting_for
from nazh.domain.encounter.timing import Moment, Phase, Speed
from tests.domain.encounter.builders import ally, enemy, fight, kinds, of_kind, player


def names(encounter: Encounter) -> list[str]:
    return [c.name for c in waiting_for(encounter)]


def test_an_encounter_opens_in_the_fast_player_phase_of_round_1_waiting_for_the_players() -> None:
    encounter = fight(player("Kaladin"), player("Shallan"), enemy("Bandit"))
    assert encounter.moment == Moment.of(1, Phase.FAST_PLAYERS)
    assert names(encounter) == ["Kaladin", "Shallan"]
    assert [c.turn.speed for c in encounter.combatants] == [Speed.SLOW] * 3


def test_a_player_switching_to_fast_in_the_fast_player_phase_starts_its_turn_then() -> None:
    outcome = choose_speed(fight(player("Kaladin")), "kaladin", Speed.FAST)
    assert kinds(outcome) == [EventKind.SPEED_CHOSEN, EventKind.TURN_STARTED]
    kaladin = outcome.encounter.find("Kaladin")
    assert (kaladin.turn.current, kaladin.turn.actions, kaladin.turn.reaction) == (
        Speed.FAST, 2, True)


def test_the_fast_player_phase_ends_by_itself_when_the_last_player_has_pressed_done() -> None:
    encounter = fight(player("Kaladin"), player("Shallan"), enemy("Bandit"))
    encounter = choose_speed(encounter, "Kaladin", Speed.FAST).encounter
    first = done(encounter, "Kaladin")
    assert first.encounter.phase is Phase.FAST_PLAYERS
    assert names(first.encounter) == ["Shallan"]
    last = done(first.encounter, "Shallan")
    assert of_kind(last, EventKind.STAYED_SLOW)[0].combatant == "Shallan"
    assert kinds(last)[1:5] == [EventKind.PHASE_ENDED, EventKind.PHASE_SKIPPED,
                                EventKind.PHASE_STARTED, EventKind.TURN_STARTED]
    assert last.encounter.moment == Moment.of(1, Phase.SLOW_PLAYERS)
    assert last.encounter.find("Shallan").turn.actions == 3
    assert last.encounter.find("Kaladin").turn.current is None


def test_a_phase_with_nobody_in_it_is_skipped() -> None:
    outcome = next_phase(fight(player("Kaladin"), enemy("Bandit")))
    skipped = of_kind(outcome, EventKind.PHASE_SKIPPED)
    assert [event.phase for event in skipped] == [Phase.FAST_ADVERSARIES]
    assert outcome.encounter.phase is Phase.SLOW_PLAYERS


def test_an_adversary_phase_starts_every_turn_in_it_and_ends_when_the_gm_has_ended_each() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit 1"), enemy("Bandit 2"), ally("Teft"))
    for name in ("Bandit 1", "Teft"):
        encounter = choose_speed(encounter, name, Speed.FAST).encounter
    encounter = next_phase(encounter).encounter
    assert encounter.phase is Phase.FAST_ADVERSARIES
    assert names(encounter) == ["Bandit 1", "Teft"]
    encounter = done(encounter, "Teft").encounter
    assert encounter.phase is Phase.FAST_ADVERSARIES
    assert done(encounter, "Bandit 1").encounter.phase is Phase.SLOW_PLAYERS


def test_next_ends_the_phase_early_and_the_running_turns_with_it() -> None:
    encounter = choose_speed(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                             Speed.FAST).encounter
    outcome = next_phase(encounter)
    ended = of_kind(outcome, EventKind.TURN_ENDED)
    assert [(e.combatant, e.speed) for e in ended] == [("Kaladin", Speed.FAST)]
    assert outcome.encounter.find("Kaladin").turn.actions == 0


def test_a_new_round_starts_with_every_combatant_slow() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = choose_speed(encounter, "Kaladin", Speed.FAST).encounter
    encounter = choose_speed(encounter, "Bandit", Speed.FAST).encounter
    encounter = _to_round(encounter, 2)
    assert [c.turn.speed for c in encounter.combatants] == [Speed.SLOW, Speed.SLOW]
    assert [c.turn.actions for c in encounter.combatants] == [None, None]


def test_keep_speed_keeps_last_rounds_choices() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"), keep_speed=True)
    encounter = choose_speed(encounter, "Bandit", Speed.FAST).encounter
    encounter = _to_round(encounter, 2)
    assert encounter.find("Bandit").turn.speed is Speed.FAST


def test_a_boss_takes_a_fast_and_a_slow_turn_every_round() -> None:
    encounter = fight(player("Kaladin"), enemy("Szeth", Role.BOSS))
    turns = []
    for _ in range(8):
        outcome = next_phase(encounter)
        turns += [(e.round, e.speed) for e in of_kind(outcome, EventKind.TURN_STARTED)
                  if e.combatant == "Szeth"]
        encounter = outcome.encounter
    assert turns == [(1, Speed.FAST), (1, Speed.SLOW), (2, Speed.FAST), (2, Speed.SLOW)]


def test_a_boss_has_no_speed_to_choose() -> None:
    with pytest.raises(EncounterError, match="Szeth is a boss and takes both"):
        choose_speed(fight(enemy("Szeth", Role.BOSS)), "Szeth", Speed.FAST)


def test_a_surprised_combatant_has_no_fast_turn() -> None:
    encounter = fight(player("Kaladin"), enemy("Szeth", Role.BOSS))
    for name in ("Kaladin", "Szeth"):
        encounter = give_condition(encounter, name,
                                   Affliction(ConditionName.SURPRISED)).encounter
    with pytest.raises(EncounterError, match="Kaladin is Surprised: no fast turn"):
        choose_speed(encounter, "Kaladin", Speed.FAST)
    assert names(encounter) == []
    outcome = next_phase(encounter)
    started = [(e.combatant, e.speed, e.amount) for e in of_kind(outcome,
                                                                  EventKind.TURN_STARTED)]
    assert started == [("Kaladin", Speed.SLOW, 2)]
    assert outcome.encounter.phase is Phase.SLOW_PLAYERS


def test_an_unconscious_combatant_is_always_slow_with_no_actions() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = choose_speed(encounter, "Bandit", Speed.FAST).encounter
    encounter = give_condition(encounter, "Bandit",
                               Affliction(ConditionName.UNCONSCIOUS)).encounter
    with pytest.raises(EncounterError, match="Kaladin is Unconscious"):
        choose_speed(give_condition(encounter, "Kaladin",
                                    Affliction(ConditionName.UNCONSCIOUS)).encounter,
                     "Kaladin", Speed.FAST)
    encounter = next_phase(next_phase(encounter).encounter).encounter
    assert encounter.phase is Phase.SLOW_ADVERSARIES
    assert encounter.find("Bandit").turn.actions == 0


def test_speeds_change_only_until_the_fast_phase_of_the_side_ends() -> None:
    encounter = next_phase(fight(player("Kaladin"), enemy("Bandit"))).encounter
    with pytest.raises(EncounterError, match="the fast players phase of round 1 has ended: "
                                             "Kaladin's speed can change next round"):
        choose_speed(encounter, "Kaladin", Speed.FAST)


def test_an_adversary_switching_to_fast_in_its_own_phase_starts_its_turn() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"), enemy("Axehound"))
    encounter = choose_speed(encounter, "Bandit", Speed.FAST).encounter
    encounter = next_phase(encounter).encounter
    outcome = choose_speed(encounter, "Axehound", Speed.FAST)
    assert kinds(outcome) == [EventKind.SPEED_CHOSEN, EventKind.TURN_STARTED]


def test_no_switch_to_slow_once_the_fast_turn_has_started() -> None:
    encounter = choose_speed(fight(player("Kaladin")), "Kaladin", Speed.FAST).encounter
    with pytest.raises(EncounterError, match="Kaladin has started its fast turn"):
        choose_speed(encounter, "Kaladin", Speed.SLOW)


def test_choosing_the_speed_already_held_changes_nothing() -> None:
    encounter = fight(player("Kaladin"))
    assert choose_speed(encounter, "Kaladin", Speed.SLOW).events == ()


def test_done_is_refused_to_whoever_the_phase_does_not_wait_for() -> None:
    encounter = fight(player("Kaladin"), player("Shallan"), enemy("Bandit"))
    with pytest.raises(EncounterError, match="Bandit does not act in the fast players phase "
                                             r"\(its turn this round: slow\)"):
        done(encounter, "Bandit")
    encounter = done(encounter, "Kaladin").encounter
    with pytest.raises(EncounterError, match="Kaladin has already pressed Done"):
        done(encounter, "Kaladin")


def test_a_slow_player_who_pressed_done_may_still_go_fast_while_the_phase_lasts() -> None:
    encounter = fight(player("Kaladin"), player("Shallan"))
    encounter = done(encounter, "Kaladin").encounter
    outcome = choose_speed(encounter, "Kaladin", Speed.FAST)
    assert names(outcome.encounter) == ["Kaladin", "Shallan"]
    assert outcome.encounter.find("Kaladin").turn.current is Speed.FAST


def test_next_with_nobody_in_the_encounter_moves_one_phase() -> None:
    outcome = next_phase(open_encounter())
    assert outcome.encounter.moment == Moment.of(1, Phase.FAST_ADVERSARIES)


def _to_round(encounter: Encounter, round_: int) -> Encounter:
    while encounter.round < round_:
        encounter = next_phase(encounter).encounter
    return encounter
