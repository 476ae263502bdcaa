"""``benchmarks.load`` judges each target on the median of interleaved rounds."""

from __future__ import annotations

import asyncio
from collections import Counter
from itertools import pairwise
from types import SimpleNamespace
from typing import cast

import pytest
from aiohttp import web

from benchmarks.ablated_bot import REMOVALS
from benchmarks.load import (
    FLOOR_RATES,
    KIND_RATES,
    PROBE_EVERY,
    ROOT,
    Floors,
    Measured,
    Round,
    judge,
    log_written,
    main,
    nazh_process,
    outcome,
)
from benchmarks.report import Verdict
from nazh.application.log.writer import WriterPolicy
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import new_snowflake
from tests.e2e.fake_discord.recording import RecordedRequest
from tests.e2e.load import LoadReport, report
from tests.local_http import local_server


def answered(count: int, latency: float, dropped: int = 0) -> LoadReport:
    """``count`` interactions offered, all but ``dropped`` answered after ``latency`` s."""
    return LoadReport(offered=count, latencies=[latency] * (count - dropped),
                      answers=Counter(result=count - dropped))


def a_round(cpu: float, *, floor_cpu: float = 0.001, p99: float = 0.02,
            floor_p99: float = 0.01, durable_p99: float = 0.03, dropped: int = 0) -> Round:
    """Every kind at every judged rate spending ``cpu`` s per interaction; the floor
    ``floor_cpu`` (the durable floor 1.2x it)."""
    measured = {(kind, rate): Measured(answered(100, p99, dropped if rate == 1000 else 0),
                                       cpu)
                for kind in KIND_RATES for rate in FLOOR_RATES}
    floors: Floors = {}
    for rate in FLOOR_RATES:
        floors["lightbulb", rate] = (answered(100, floor_p99), floor_cpu)
        floors["durable", rate] = (answered(100, durable_p99), floor_cpu * 1.2)
    return measured, {kind: dict(floors) for kind in KIND_RATES}


def verdict(rounds: list[Round], target: str) -> tuple[bool, str]:
    found = [v for v in judge(rounds) if v.target.startswith(target)]
    assert len(found) == 1, target
    return found[0].passed, found[0].detail


def test_the_guards_are_the_cpu_ratios_the_p99_at_300_and_nothing_late() -> None:
    """Keeping up with 1,000/s on one core is no longer a target: no verdict on it."""
    assert [v.target for v in judge([a_round(0.0015)])] == [
        *(f"{kind} {guard}" for kind in KIND_RATES for guard in (
            "CPU at 300/s <= 2.2x a lightbulb command", "CPU at 1000/s <= 2.2x a lightbulb command",
            "p99 at 300/s < 50 ms")),
        "nothing answered late"]


def test_a_round_the_machine_slowed_down_in_does_not_decide() -> None:
    rounds = [a_round(0.0021), a_round(0.0029), a_round(0.0016)]
    passed, detail = verdict(rounds, "/roll CPU at 300/s")
    assert passed
    assert detail.startswith("2.10x, the median of the rounds' 2.10x, 2.90x, 1.60x")
    slow = [a_round(0.0023), a_round(0.0029), a_round(0.0016)]
    assert not verdict(slow, "/attack CPU at 1000/s")[0]


def test_the_p99_at_1000_and_its_drops_are_printed_and_decide_nothing(
        capsys: pytest.CaptureFixture[str]) -> None:
    rounds = [a_round(0.0015, p99=0.40), a_round(0.0015, p99=0.045, dropped=3),
              a_round(0.0015, p99=0.04, durable_p99=0.01)]
    verdicts = judge(rounds)
    assert all(v.passed for v in verdicts)
    assert ("at 1000/s click's p99 is 45.0 ms (the rounds' 400.00 ms, 45.00 ms, 40.00 ms): "
            "4.5x the lightbulb floor's, 4.0x the durable floor's; dropped per round [0, 3, 0] "
            "(not a target)") in capsys.readouterr().out


def test_the_p99_at_300_and_the_durable_floors_reach_are_medians_too(
        capsys: pytest.CaptureFixture[str]) -> None:
    rounds = [a_round(0.0015, p99=0.06), a_round(0.0015, p99=0.02), a_round(0.0015, p99=0.03)]
    assert verdict(rounds, "/roll p99 at 300/s")[0]
    assert ("at 300/s the durable floor's CPU is 1.20x the lightbulb floor's (the median of the "
            "phases' 1.20x") in capsys.readouterr().out
    late = judge([a_round(0.0015)])[-1]
    assert late.target == "nothing answered late"
    assert late.passed
    slow = [a_round(0.0015, p99=0.06), a_round(0.0015, p99=0.05), a_round(0.0015, p99=0.03)]
    assert not verdict(slow, "/roll p99 at 300/s")[0]


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
    rounds = [a_round(0.0025), a_round(0.0025), a_round(0.0025)]
    for _, floors in rounds:  # the machine ran at half speed around /attack's phases
        floors["/attack"] = {key: (result, cpu * 2) for key, (result, cpu) in
                             floors["/attack"].items()}
    assert not verdict(rounds, "/roll CPU at 300/s")[0]
    passed, detail = verdict(rounds, "/attack CPU at 300/s")
    assert passed
    assert detail.startswith("1.25x, the median of the rounds' 1.25x, 1.25x, 1.25x")


def test_check_exits_1_when_a_guard_is_not_met_and_every_guard_is_printed(
        capsys: pytest.CaptureFixture[str]) -> None:
    met, missed = Verdict("a guard", True, "fine"), Verdict("another", False, "2.5x")
    assert outcome([met, missed], check=True) == 1
    assert outcome([met, missed], check=False) == 0
    assert outcome([met], check=True) == 0
    assert "  PASS  a guard: fine\n  FAIL  another: 2.5x\n" in capsys.readouterr().out


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


async def test_the_logs_wait_asks_the_bots_metrics_after_the_writers_window_and_seldom() -> None:
    # each answer from /metrics costs the bot CPU charged to the phase: asked as little as it can
    asked: list[float] = []
    loop = asyncio.get_running_loop()

    async def metrics(request: web.Request) -> web.Response:
        assert request.query.getall("name[]") == ["nazh_roll_log_waiting"]  # only what it reads
        asked.append(loop.time())
        behind = 1 if len(asked) < 3 else 0
        return web.Response(text=f"nazh_roll_log_waiting {behind}\n")

    async with local_server(web.get("/metrics", metrics)) as url:
        started = loop.time()
        await log_written(int(url.rsplit(":", 1)[1]))
    assert len(asked) == 3
    assert asked[0] - started >= WriterPolicy().gather
    assert all(later - earlier >= PROBE_EVERY for earlier, later in pairwise(asked))
