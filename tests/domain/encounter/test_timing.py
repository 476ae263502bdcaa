"""Rounds and phases: their order and the arithmetic of moments."""

from __future__ import annotations

from nazh.domain.encounter.timing import PHASES, Moment, Phase, Speed


def test_the_phases_run_fast_players_fast_adversaries_slow_players_slow_adversaries() -> None:
    assert [phase.value for phase in PHASES] == [
        "fast-players", "fast-adversaries", "slow-players", "slow-adversaries"]


def test_a_phase_knows_its_speed_and_whether_players_act_in_it() -> None:
    assert [(p.speed, p.players) for p in PHASES] == [
        (Speed.FAST, True), (Speed.FAST, False), (Speed.SLOW, True), (Speed.SLOW, False)]


def test_a_fast_turn_has_two_actions_and_a_slow_one_three() -> None:
    assert (Speed.FAST.actions, Speed.SLOW.actions) == (2, 3)


def test_the_moment_after_the_last_phase_is_the_first_phase_of_the_next_round() -> None:
    assert Moment.of(2, Phase.SLOW_ADVERSARIES).next() == Moment.of(3, Phase.FAST_PLAYERS)
    assert Moment.of(2, Phase.FAST_PLAYERS).next() == Moment.of(2, Phase.FAST_ADVERSARIES)


def test_n_rounds_later_is_the_same_phase() -> None:
    assert Moment.of(1, Phase.SLOW_PLAYERS).later(3) == Moment.of(4, Phase.SLOW_PLAYERS)


def test_moments_are_ordered_as_they_happen() -> None:
    assert Moment.of(1, Phase.SLOW_ADVERSARIES) < Moment.of(2, Phase.FAST_PLAYERS)
    assert Moment.of(2, Phase.FAST_ADVERSARIES) < Moment.of(2, Phase.SLOW_PLAYERS)
    assert str(Moment.of(2, Phase.SLOW_PLAYERS)) == "round 2, slow players"
