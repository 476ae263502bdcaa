"""``benchmarks.paired`` races bots side by side: who runs, the ratios it prints, a round it
flags, and a real race of two bots on the same load."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks import paired
from benchmarks.paired import Contestant, Figure, contestants, ratios, summary
from tests.e2e.load import LoadReport


def figure(cpu_us: float, *, offered: int = 100, answered: int = 100,
           latency: float = 0.01) -> Figure:
    return Figure(cpu_us / 1e6, LoadReport(offered=offered, latencies=[latency] * answered,
                                           answers=Counter(result=answered)))


def test_the_contestants_are_each_root_each_ablation_and_the_floor(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    chosen = contestants([before, after], ["stats"], floor=True)
    assert [c.label for c in chosen] == ["1:before", "2:after", "without stats", "floor"]
    assert [c.root for c in chosen[:2]] == [before.resolve(), after.resolve()]
    assert chosen[2].module == "benchmarks.ablated_bot"
    assert chosen[2].settings == {"NAZH_ABLATE": "stats"}
    assert (chosen[3].module, chosen[3].mode, chosen[3].keeps_rolls) == \
        ("benchmarks.floor_bot", "lightbulb", False)
    alone = contestants([], [], floor=True)
    assert [(c.root, c.module) for c in alone] == [(paired.ROOT, "nazh"),
                                                   (paired.ROOT, "benchmarks.floor_bot")]


def test_an_unknown_ablation_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no ablation sheets: the parts are roll, render"):
        contestants([], ["sheets"], floor=False)


def test_ratios_are_per_round_and_the_summary_gives_medians_and_spread() -> None:
    rounds = [[figure(800), figure(760), figure(400)],
              [figure(900), figure(846), figure(450)],
              [figure(820), figure(787.2), figure(400)]]
    assert ratios(rounds, 0)[1] == pytest.approx([0.95, 0.94, 0.96])
    assert ratios(rounds, 2)[0] == pytest.approx([2.0, 2.0, 2.05])
    lines = summary(["1:before", "2:after", "floor"], rounds)
    assert lines[1].split() == ["2:after:", "787", "µs;", "x", "1:before:", "0.950",
                                "(0.940-0.960);", "x", "floor:", "1.90", "(1.88-1.97)"]
    assert "x floor" not in summary(["a", "b"], [r[:2] for r in rounds])[0]


def test_a_round_with_an_interaction_unanswered_or_waiting_long_is_slow() -> None:
    assert not figure(500).slow
    assert figure(500, answered=99).slow
    assert figure(500, latency=1.5).slow


def test_a_kind_it_cannot_offer_is_refused() -> None:
    with pytest.raises(ValueError, match="no kind 'injury'"):
        paired.Race([Contestant("a", paired.ROOT)], "injury", 300)


def test_one_bot_alone_is_no_race(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        paired.main(["--no-floor"])
    assert "one bot alone" in capsys.readouterr().err


async def test_two_bots_answer_the_same_load_and_each_is_measured(
        capsys: pytest.CaptureFixture[str]) -> None:
    chosen = contestants([], ["render"], floor=False)
    measured = await paired.run(chosen, "roll", 100, 40, 1, warm_up=20)
    [[nazh, plain]] = measured
    assert nazh.report.answers["result"] == 40  # the result message, with its embed
    assert plain.report.answered == 40  # the plain text answer of the bot without it
    assert nazh.cpu > 0
    assert plain.cpu > 0
    label = chosen[0].label
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith(f"round 1: {label}=")
    assert out[2].split()[:5] == [f"{label}:", str(round(nazh.cpu * 1e6)), "µs;", "x",
                                  f"{label}:"]
    assert out[3].split()[0:2] == ["without", "render:"]


@pytest.mark.parametrize("kind", ["attack", "click"])
async def test_the_floor_answers_its_roll_whatever_kind_the_bots_are_offered(kind: str) -> None:
    chosen = contestants([], [], floor=True)
    [[nazh, floor]] = await paired.run(chosen, kind, 100, 30, 1, warm_up=10)
    assert nazh.report.answered == nazh.report.offered == 30
    assert floor.report.answered == floor.report.offered == 30  # one /roll for each
    assert not floor.slow
    assert floor.cpu > 0
