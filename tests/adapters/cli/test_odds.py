"""``nazh odds``: text, JSON, chart file and errors, in-process and as a real subprocess."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nazh.adapters.cli.app import (
    EXIT_OK,
    EXIT_USAGE,
    ODDS_JSON_VERSIONS,
    Console,
    build_parser,
    run_roll,
)
from nazh.adapters.cli.odds import EXIT_FAILURE, run_odds
from nazh.application.odds.use_cases import IN_ENGLISH, ChartWords, OddsOf
from nazh.application.rolls.dice import RollDice
from nazh.bootstrap import run_cli
from nazh.domain.odds import RollOdds
from nazh.presentation.odds_json import ODDS_SCHEMA_VERSION, ODDS_SCHEMA_VERSIONS
from nazh.presentation.odds_text import render_odds
from tests.fakes import FakeRng

PROJECT_ROOT = Path(__file__).resolve().parents[3]
PNG = b"\x89PNG\r\n\x1a\n"


class FakeChart:
    """An ``OddsChart`` that records what it drew."""

    def __init__(self) -> None:
        self.drawn: list[RollOdds] = []

    def render(self, odds: RollOdds, words: ChartWords = IN_ENGLISH) -> bytes:
        self.drawn.append(odds)
        return PNG + b"fake"


def console() -> Console:
    return Console(io.StringIO(), io.StringIO(), io.StringIO())


def odds_cli(*argv: str, chart: FakeChart | None = None) -> tuple[int, str, str]:
    streams = console()
    status = run_odds(build_parser().parse_args(["odds", *argv]), OddsOf(), streams, chart)
    assert isinstance(streams.stdout, io.StringIO)
    assert isinstance(streams.stderr, io.StringIO)
    return status, streams.stdout.getvalue(), streams.stderr.getvalue()


def test_text_output() -> None:
    status, out, err = odds_cli("a1d20+5,", "2d6+3", "--plot", "--dc", "15")
    assert (status, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "Odds of a1d20+5, 2d6+3, p against DC 15",
        "At least one Opportunity: 39.83%; at least one Complication: 33.50%",
    ]
    assert "a1d20+5 (plot die bonus included)" in lines
    assert "  mean 19.82, stdev 4.95, totals 6..29, P(total >= 15) = 83.42%" in lines
    assert "  mean 10.00, stdev 2.42, totals 5..15" in lines
    assert any(line.startswith("  15-16 ✓ ") for line in lines)


def test_the_ranges_count_as_for_roll() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Opportunity and Complication
    Ranges)."""
    status, out, _ = odds_cli("1d20+5", "--opportunity", "19", "--complication", "2")
    assert status == EXIT_OK
    lines = out.splitlines()
    assert lines[1] == "At least one Opportunity: 10.00%; at least one Complication: 10.00%"
    assert "Note: Opportunity on 19-20 · Complication on 1-2." in lines
    _, attack, _ = odds_cli("1d20+5", "--defense", "15", "--damage", "1d6", "--opportunity",
                            "19")
    assert "10.00%" in attack


def test_text_of_a_plot_die_with_advantage() -> None:
    _, out, _ = odds_cli("d20, ap")
    assert ("Note: the plot die's advantage is a choice, not a rule: these odds are for a plain "
            "plot die.") in out.splitlines()


def test_json_output() -> None:
    status, out, err = odds_cli("a1d20", "--dc", "11", "--json")
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert data["input"] == "a1d20"
    pool = data["pools"][0]
    assert (pool["min"], pool["max"], pool["p_success"]) == (1, 20, 0.75)
    assert (data["version"], len(pool["distribution"])) == (2, 20)
    assert pool["distribution"][20 - 1] == 39 / 400
    assert data["p_opportunity"] == 39 / 400


def test_json_version_1_output() -> None:
    status, out, err = odds_cli("a1d20", "--dc", "11", "--json", "--json-version", "1")
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    pool = data["pools"][0]
    assert (data["version"], list(pool["distribution"])) == (1, [str(t) for t in range(1, 21)])
    assert pool["distribution"]["20"] == 39 / 400


def test_the_command_line_offers_exactly_the_json_versions_there_are() -> None:
    assert ODDS_JSON_VERSIONS == ODDS_SCHEMA_VERSIONS
    assert ODDS_JSON_VERSIONS[-1] == ODDS_SCHEMA_VERSION


def test_an_unknown_json_version_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli(["odds", "1d20", "--json", "--json-version", "3"])
    assert stopped.value.code == EXIT_USAGE
    assert "invalid choice: 3 (choose from 1, 2)" in capsys.readouterr().err


def test_the_chart_is_written_to_the_file(tmp_path: Path) -> None:
    chart, target = FakeChart(), tmp_path / "odds.png"
    status, out, _ = odds_cli("3d6", "--dc", "10", "--chart", str(target), chart=chart)
    assert status == EXIT_OK
    assert target.read_bytes() == PNG + b"fake"
    assert [odds.spec.notation for odds in chart.drawn] == ["3d6"]
    assert out.startswith("Odds of 3d6 against DC 10")


def test_a_chart_that_cannot_be_written_fails(tmp_path: Path) -> None:
    (tmp_path / "taken.png").mkdir()
    status, out, err = odds_cli("3d6", "--chart", str(tmp_path / "taken.png"),
                                chart=FakeChart())
    assert (status, out) == (EXIT_FAILURE, "")
    assert err.startswith("nazh odds: cannot write the chart: ")


class MissingPillow:
    def render(self, odds: RollOdds, words: ChartWords = IN_ENGLISH) -> bytes:
        raise ImportError("No module named 'PIL'")


def test_a_chart_without_pillow_fails(tmp_path: Path) -> None:
    streams = console()
    args = build_parser().parse_args(["odds", "3d6", "--chart", str(tmp_path / "x.png")])
    assert run_odds(args, OddsOf(), streams, MissingPillow()) == EXIT_FAILURE
    assert isinstance(streams.stderr, io.StringIO)
    assert streams.stderr.getvalue().startswith("nazh odds: charts need Pillow with FreeType")
    assert not (tmp_path / "x.png").exists()


def test_no_chart_without_a_renderer(tmp_path: Path) -> None:
    status, _, err = odds_cli("3d6", "--chart", str(tmp_path / "x.png"))
    assert status == EXIT_FAILURE
    assert "charts are not available" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["3d6+"],
        ["21d6"],
        ["1d20, p, p"],
        ["1d20, p", "--plot"],
        ["x"],
        ["1d20", "--dc", "0"],
        ["1d20", "--opportunity", "10", "--complication", "12"],
    ],
)
def test_bad_input_gets_the_errors_of_roll(argv: list[str]) -> None:
    status, out, err = odds_cli(*argv)
    assert (status, out) == (EXIT_USAGE, "")
    roll_streams = console()
    roll_status = run_roll(build_parser().parse_args(["roll", *argv]), RollDice(FakeRng()),
                           roll_streams)
    assert isinstance(roll_streams.stderr, io.StringIO)
    assert roll_status == EXIT_USAGE
    assert err == roll_streams.stderr.getvalue().replace("nazh roll:", "nazh odds:", 1)


def test_render_of_a_floored_pool() -> None:
    text = render_odds(OddsOf()("1d4-3"))
    assert text.splitlines()[-2:] == [
        "  mean 1.00, stdev 0.00, totals 1..1",
        "  1 ████████████████████████████████ 100%",
    ]


def test_through_the_container(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["odds", "10d1000", "--dc", "5000", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    pool = data["pools"][0]
    assert pool["exact"] is False  # big enough for the fast path
    assert abs(pool["p_success"] - 0.5) < 0.01
    assert len(pool["distribution"]) == 9991


def test_the_command_starts_light_and_fails_cleanly() -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    ok = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nazh", "odds", "a1d20+5", "--dc", "15"],
        capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, check=False,
    )
    assert ok.returncode == EXIT_OK
    assert "P(total >= 15)" in ok.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in ok.stderr.splitlines()}
    assert not {"numpy", "PIL"} & imported
    bad = subprocess.run([sys.executable, "-m", "nazh", "odds", "3d6+"], capture_output=True,
                         text=True, env=env, cwd=PROJECT_ROOT, check=False)
    assert (bad.returncode, bad.stdout) == (EXIT_USAGE, "")
    assert bad.stderr.startswith("nazh odds: ")


def test_the_odds_of_an_attack_as_text() -> None:
    status, out, err = odds_cli("1d20+5", "--defense", "15", "--damage", "1d6")
    assert (status, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "Odds of an attack: 1d20+5 against defense 15, damage 1d6+5 (the test's modifier)",
        "Chances: hit 55.00% (with an Opportunity, critical possible: 5.00%), miss 45.00%",
        "Expected damage: 4.80 per attack (each hit with an Opportunity made critical); "
        "6.38 grazing every miss",
    ]
    assert lines.index("Damage on a hit") < lines.index("  mean 8.50, 6..11")


def test_the_odds_of_an_attack_as_json_add_to_the_contract(tmp_path: Path) -> None:
    chart = FakeChart()
    status, out, err = odds_cli("a1d20+5", "--plot", "--defense", "15", "--damage", "2d6+2",
                                "--json", "--chart", str(tmp_path / "attack.png"),
                                chart=chart)
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert data["version"] == ODDS_SCHEMA_VERSION
    assert (data["notation"], data["dc"]) == ("a1d20+5, p", 15)
    (pool,) = data["pools"]
    attack = data["attack"]
    assert pool["p_success"] == attack["p_hit"]
    assert attack["test"] == "a1d20+5"
    assert (attack["damage"], attack["damage_modifier_from"]) == ("2d6+2", "damage")
    assert attack["hit"]["min"] == 4
    assert attack["critical"] == {"min": 14, "max": 14, "mean": 14.0, "distribution": [1.0]}
    assert len(attack["graze"]["distribution"]) == 11
    assert math.isclose(sum(attack["hit"]["distribution"]), 1.0)
    assert [drawn.dc for drawn in chart.drawn] == [15]  # the test's chart, hits marked


@pytest.mark.parametrize(("argv", "says"), [
    (["1d20", "--defense", "15"], "defense needs damage"),
    (["1d20", "--damage", "1d6"], "damage needs defense"),
    (["1d20", "--dc", "10", "--defense", "15", "--damage", "1d6"], "a DC and a defense"),
    (["2d6", "--defense", "15", "--damage", "1d6"], "an attack's test needs a d20"),
    (["1d20", "--defense", "-1", "--damage", "1d6"], "the defense must be between 0 and"),
    (["1d20", "--defense", "15", "--damage", "p"], "the plot die is not a damage die"),
    (["1d20", "--defense", "15", "--damage", "0d6"], 'damage "0d6": '),
    (["1d20", "--health", "10"], "health needs defense and damage"),
    (["1d20", "--dc", "10", "--deflect", "2", "--pierce"],
     "deflect and pierce need defense and damage"),
    (["1d20", "--type", "keen"], "type needs defense and damage"),
    (["1d20", "--defense", "15", "--damage", "1d6", "--deflect", "21"],
     "the deflect must be between 0 and 20 (got 21)"),
    (["1d20", "--defense", "15", "--damage", "1d6", "--health", "0"],
     "the health must be between 1 and 999 (got 0)"),
    (["1d20", "--defense", "15", "--damage", "1d6", "--health", "1000"],
     "the health must be between 1 and 999 (got 1000)"),
])
def test_a_bad_attack_is_a_usage_error(argv: list[str], says: str) -> None:
    status, out, err = odds_cli(*argv)
    assert (status, out) == (EXIT_USAGE, "")
    assert err.startswith(f"nazh odds: {says}")


def test_an_attack_through_the_container(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["odds", "d1d20+3", "--defense", "14", "--damage", "a20d1000", "--json"]
    assert run_cli(argv) == EXIT_OK
    attack = json.loads(capsys.readouterr().out)["attack"]
    assert attack["p_hit"] == (10 / 20) ** 2  # faces 11-20, twice
    assert len(attack["hit"]["distribution"]) == 19_981  # exact, every total
    assert attack["critical"]["min"] == 20_003


def test_the_odds_against_a_target_as_text() -> None:
    status, out, err = odds_cli("1d20+5", "--defense", "15", "--damage", "1d8", "--deflect",
                                "2", "--type", "keen", "--health", "10")
    assert (status, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[3:6] == [
        "Target: deflect 2, keen damage, 10 health",
        "Expected damage after deflect: 4.30 per attack (each hit with an Opportunity made "
        "critical); 5.48 grazing every miss",
        "Chance to drop it (10 health to 0) in one attack: 17.50%; 17.50% grazing every miss",
    ]


def test_pierce_ignores_deflect() -> None:
    status, out, _ = odds_cli("1d20+5", "--defense", "15", "--damage", "1d6", "--deflect", "4",
                              "--pierce", "--health", "11")
    assert status == EXIT_OK
    assert "Expected damage after deflect: 4.80 per attack" in out  # the attack's own 4.80
    assert "Note: Pierce: the target's deflect 4 is ignored." in out
    # a plain hit of 11 (1 in 6 of 10 in 20), a critical hit (1 in 20): 1/12 + 1/20
    assert "Chance to drop it (11 health to 0) in one attack: 13.33%; 13.33% grazing" in out


def test_the_odds_against_a_target_as_json(tmp_path: Path) -> None:
    chart = FakeChart()
    status, out, err = odds_cli("1d20+5", "--defense", "15", "--damage", "1d6", "--deflect",
                                "2", "--health", "7", "--json", "--chart",
                                str(tmp_path / "odds.png"), chart=chart)
    assert (status, err) == (EXIT_OK, "")
    attack = json.loads(out)["attack"]
    assert attack["expected_damage"] == 4.8
    assert attack["expected_damage_after_deflect"] == 3.7
    assert attack["chance_to_drop"] == 0.3
    assert (attack["deflect"], attack["deflect_applied"], attack["health"]) == (2, 2, 7)
    assert attack["damage_type"] is None
    assert [drawn.dc for drawn in chart.drawn] == [15]


def test_an_unknown_damage_type_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["odds", "1d20", "--defense", "15", "--damage", "1d6",
                                   "--type", "fire"])
    assert exited.value.code == EXIT_USAGE
    assert "invalid choice: 'fire' (choose from 'energy', 'impact', 'keen', 'spirit', " \
           "'vital')" in capsys.readouterr().err
