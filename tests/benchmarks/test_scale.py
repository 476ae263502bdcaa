"""``benchmarks/scale.py``'s checks: what they call lost, doubled or broken, on made-up logs."""

from __future__ import annotations

from benchmarks.scale import encounter_problems, request_problems, roll_problems
from tests.e2e.scale_kit import Application


def hit(before: int, after: int, roll: str | None, who: str = "Szeth",
        encounter: str = "e1") -> Application:
    return Application(encounter, who, before, after, before - after, roll)


def test_every_answered_roll_logged_once_in_chains_that_verify_is_no_problem() -> None:
    assert roll_problems({"a", "b"}, {"a.1": 1, "b.1": 1, "b.2": 1, "c.1": 1}, []) == []


def test_a_roll_answered_and_not_logged_a_record_twice_and_a_broken_chain_are_named() -> None:
    assert roll_problems({"a", "b"}, {"a.1": 1, "a.2": 2}, ["881"]) == [
        "roll b answered but not in the log", "record a.2 is in the log 2 times",
        "the chain of channel 881 does not verify"]


def test_damage_that_replays_to_the_health_kept_is_no_problem() -> None:
    log = [hit(999, 992, "r1"), hit(992, 990, "r2"), hit(30, 25, "r3", encounter="e2")]
    assert encounter_problems(999, log[:2], {"e1": {"Szeth": 990}}) == []
    assert encounter_problems(30, log[2:], {"e2": {"Szeth": 25}}) == []


def test_a_change_lost_to_a_race_a_wrong_health_and_a_roll_landing_twice_are_named() -> None:
    raced = [hit(999, 992, "r1"), hit(999, 995, "r2"), hit(995, 990, "r2")]
    assert encounter_problems(999, raced, {"e1": {"Szeth": 991}}) == [
        "Szeth in e1: an application from 999, the health was 992",
        "Szeth in e1: kept 991, the log replays to 990",
        "roll r2 landed 2 times"]


def test_request_results_each_a_logged_roll_once_and_as_many_as_answered() -> None:
    counts = {"x.1": 1, "y.1": 1}
    assert request_problems({"q1": ["x"], "q2": ["y"]}, counts, 2) == []
    assert request_problems({"q1": ["x", "z"], "q2": ["x"]}, counts, 2) == [
        "request roll z is not in the log", "request roll x is kept 2 times",
        "2 request rolls answered, 3 kept"]
