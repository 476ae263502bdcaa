"""``benchmarks.load`` judges each target on the median of interleaved rounds."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import cast

import pytest

from benchmarks.ablated_bot import REMOVALS
from benchmarks.load import (
    FLOOR_RATES,
    KIND_RATES,
    ROOT,
    Floors,
    Measured,
    Round,
    judge,
    main,
    nazh_process,
)
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import new_snowflake
from tests.e2e.fake_discord.recording import RecordedRequest
from tests.e2e.load import LoadReport, report


def answered(count: int, latency: float, dropped: int = 0) -> LoadReport:
    """``count`` interactions offered, all but ``dropped`` answered after ``latency`` s."""
    return LoadReport(offered=count, latencies=[latency] * (count - dropped),
                      answers=Counter(result=count - dropped))


def a_round(cpu: float, *, floor_cpu: float = 0.001, p99: float = 0.02,
            floor_p99: float = 0.01, durable_p99: float = 0.03, costly_p99: float = 0.04,
            dropped: int = 0) -> Round:
    """Every kind at every judged rate spending ``cpu`` s per interaction; the floor
    ``floor_cpu`` (the durable floor 1.2x it, the costly one 1.8x)."""
    measured = {(kind, rate): Measured(answered(100, p99, dropped if rate == 1000 else 0),
                                       cpu)
                for kind in KIND_RATES for rate in FLOOR_RATES}
    floors: Floors = {}
    for rate in FLOOR_RATES:
        floors["lightbulb", rate] = (answered(100, floor_p99), floor_cpu)
        floors["durable", rate] = (answered(100, durable_p99), floor_cpu * 1.2)
        floors["costly", rate] = (answered(100, costly_p99), floor_cpu * 1.8)
    return measured, {kind: dict(floors) for kind in KIND_RATES}


def verdict(rounds: list[Round], target: str) -> tuple[bool, str]:
    found = [v for v in judge(rounds) if v.target.startswith(target)]
    assert len(found) == 1, target
    return found[0].passed, found[0].detail


def test_a_round_the_machine_slowed_down_in_does_not_decide() -> None:
    rounds = [a_round(0.0017), a_round(0.0029), a_round(0.0016)]
    passed, detail = verdict(rounds, "/roll CPU at 300/s")
    assert passed
    assert detail.startswith("1.70x, the median of the rounds' 1.70x, 2.90x, 1.60x")
    slow = [a_round(0.0019), a_round(0.0029), a_round(0.0016)]
    assert not verdict(slow, "/attack CPU at 1000/s")[0]


def test_keeping_up_is_the_median_p99_ratio_and_no_drop_in_any_round() -> None:
    steady = [a_round(0.0015, p99=0.04), a_round(0.0015, p99=0.09), a_round(0.0015, p99=0.03)]
    passed, detail = verdict(steady, "click keeps up at 1,000/s")
    assert passed
    assert "4.0x the lightbulb floor's p99" in detail
    dropping = [a_round(0.0015), a_round(0.0015, dropped=3), a_round(0.0015)]
    passed, detail = verdict(dropping, "click keeps up at 1,000/s")
    assert not passed
    assert detail.endswith("dropped per round [0, 3, 0]")


def test_the_durable_floors_reach_and_the_p99_at_300_are_medians_too() -> None:
    rounds = [a_round(0.0015, p99=0.06), a_round(0.0015, p99=0.02), a_round(0.0015, p99=0.03)]
    assert verdict(rounds, "/roll p99 at 300/s")[0]
    assert verdict(rounds, "the durable floor at 300/s")[1].startswith("1.20x")
    late = judge([a_round(0.0015)])[-1]
    assert late.target == "nothing answered late"
    assert late.passed


def test_a_phases_report_reads_only_what_came_after_its_start() -> None:
    interaction: dict[str, object] = {"id": new_snowflake()}
    answer = RecordedRequest(
        "POST", f"/interactions/{interaction['id']}/token/callback", {}, {},
        {"type": 4, "data": {"embeds": [{"title": "1d20"}]}}, "application/json", True,
        status=204)
    fake = cast(FakeDiscord, SimpleNamespace(requests=[answer]))
    assert report(fake, [interaction]).answers == {"result": 1}
    assert report(fake, [interaction], since=0).answered == 1
    skipped = report(fake, [interaction], since=1)
    assert (skipped.answered, skipped.unanswered) == (0, 1)


def test_each_kind_is_judged_against_the_floor_measured_right_after_its_phases() -> None:
    rounds = [a_round(0.0020), a_round(0.0020), a_round(0.0020)]
    for _, floors in rounds:  # the machine ran at half speed around /attack's phases
        floors["/attack"] = {key: (result, cpu * 2) for key, (result, cpu) in
                             floors["/attack"].items()}
    assert not verdict(rounds, "/roll CPU at 300/s")[0]
    passed, detail = verdict(rounds, "/attack CPU at 300/s")
    assert passed
    assert detail.startswith("1.00x, the median of the rounds' 1.00x, 1.00x, 1.00x")


def test_the_durable_floors_p99_says_whether_keeping_up_is_within_reach() -> None:
    rounds = [a_round(0.0015, durable_p99=0.03), a_round(0.0015, durable_p99=0.07),
              a_round(0.0015, durable_p99=0.02)]
    passed, detail = verdict(rounds, "the durable floor keeps up at 1,000/s")
    assert passed
    assert detail.startswith("3.00x, the median of the phases' 3.00x, 3.00x, 3.00x")
    assert "leaves 1.67x of its own p99 for the rest" in detail
    passed, detail = verdict(rounds, "/roll keeps up at 1,000/s")
    assert "the durable floor's 30.00 ms, 70.00 ms, 20.00 ms" in detail
    slow = [a_round(0.0015, durable_p99=0.06)] * 3
    assert not verdict(slow, "the durable floor keeps up at 1,000/s")[0]


def test_each_kinds_p99_is_also_printed_against_the_durable_floors(
        capsys: pytest.CaptureFixture[str]) -> None:
    rounds = [a_round(0.0015, p99=0.04, durable_p99=0.02),
              a_round(0.0015, p99=0.09, durable_p99=0.03),
              a_round(0.0015, p99=0.05, durable_p99=0.01)]
    judge(rounds)
    printed = capsys.readouterr().out
    assert ("at 1000/s /roll's p99 is 3.0x the durable floor's (the median of the rounds' "
            "2.00x, 3.00x, 5.00x") in printed


def test_the_costly_floors_p99_says_whether_both_targets_are_within_reach_together(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The durable floor made as costly as the CPU target allows: where its p99 at 1,000/s is
    over 5x the lightbulb floor's, no bot at the CPU target keeps up within the p99 target;
    each kind's p99 is printed against it."""
    within = [a_round(0.0015, p99=0.06, costly_p99=0.04), a_round(0.0015, costly_p99=0.09),
              a_round(0.0015, costly_p99=0.03)]
    passed, detail = verdict(within, "a bot at the CPU target keeps up at 1,000/s")
    assert passed
    assert detail.startswith("4.00x, the median of the phases' 4.00x, 4.00x, 4.00x")
    assert "(its CPU 1.80x the lightbulb floor's)" in detail
    assert detail.endswith("keeps up within the p99 target")
    assert ("/roll's p99 is 0.7x the durable floor's (the median of the rounds' 2.00x, 0.67x, "
            "0.67x: what is left once the durable wait is counted; not a target), 0.7x the "
            "costly floor's (the rounds' 1.50x, 0.22x, 0.67x") in capsys.readouterr().out
    beyond = [a_round(0.0015, costly_p99=0.06)] * 3
    passed, detail = verdict(beyond, "a bot at the CPU target keeps up at 1,000/s")
    assert not passed
    assert detail.endswith("keeping up asks for less CPU than the CPU target allows")


def test_whether_one_core_holds_1000_a_second_at_the_cpu_target_is_judged_on_the_floor() -> None:
    """A machine so slow that the lightbulb floor takes over 1/1.8 ms an interaction at 1,000/s
    leaves no bot within the CPU target room to keep up on one core."""
    fast = [a_round(0.0009, floor_cpu=0.0005)] * 3
    passed, detail = verdict(fast, "one core holds 1,000/s")
    assert passed
    assert detail.startswith("0.50 ms an interaction, the median of the phases' 0.50 ms")
    assert detail.endswith("only within 2.00x the lightbulb floor's CPU, whatever its latency")
    slow = [a_round(0.0013, floor_cpu=0.0008), a_round(0.0013, floor_cpu=0.0005),
            a_round(0.0013, floor_cpu=0.0008)]
    passed, detail = verdict(slow, "one core holds 1,000/s")
    assert not passed
    assert "only within 1.25x" in detail


def test_the_bot_under_load_is_nazh_run_itself_unless_parts_are_ablated() -> None:
    assert nazh_process() == {}
    assert nazh_process(("stats", "render")) == {
        "module": "benchmarks.ablated_bot", "NAZH_ABLATE": "stats,render",
        "PYTHONPATH": str(ROOT)}


def test_an_unknown_part_to_ablate_is_refused_before_anything_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--ablate", "stats,everything"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "--ablate: no part 'everything' to remove" in error
    assert all(name in error for name in REMOVALS)
