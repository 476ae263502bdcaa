"""``nazh roll``: in-process through the container, and as a real subprocess."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys

import pytest

from nazh.adapters.cli.app import (
    EXIT_OK,
    EXIT_USAGE,
    Console,
    ask_plot_choice,
    build_parser,
    run_roll,
)
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.application.rolls.dice import RollDice
from nazh.application.shared.json_types import JsonObject
from nazh.bootstrap import dice_source, run_cli
from nazh.domain.results import RollResult
from nazh.presentation.roll_json import roll_to_dict
from nazh.presentation.rows import PlainMarkup
from nazh.presentation.text import render_result
from tests.adapters.cli.kit import PROJECT_ROOT, errors, lines, output, pipes
from tests.fakes import FakeRng, d, script

ARROWS = "↑/↓ kept die of advantage/disadvantage, the other in ( )"
LIMITS_HINT = "limits: 1-20 dice per pool, 2-1000 sides, modifier -1000..+1000"

TOP_KEYS = {"version", "input", "notation", "seed", "dc", "opportunity", "complication",
            "pending", "pools", "plot", "plot_options"}
POOL_KEYS = {"notation", "count", "sides", "modifier", "skill", "dice", "subtotal",
             "plot_bonus", "total", "floored", "opportunities", "complications", "success"}
DIE_KEYS = {"kept", "dropped", "mode"}
PLOT_KEYS = {"mode", "faces", "kept_index", "face", "outcome", "bonus", "pending"}


class TerminalIO(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def terminal(answers: str = "") -> Console:
    return Console(TerminalIO(answers), TerminalIO(), io.StringIO())


def faked(rng: FakeRng) -> RollDice:
    """The command line's RollDice with scripted dice."""
    return RollDice(rng)


def roll_args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["roll", *argv])


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


# -- human output -----------------------------------------------------------------------------


def test_rows_marks_and_dc_line() -> None:
    rng = script(d(20, 3, 18), d(6, 2, 6), d(6, 2))
    console = pipes()
    status = run_roll(roll_args("a1d20+5, 2d6+3", "--plot", "--dc", "25"), faked(rng), console)
    assert status == EXIT_OK
    rng.assert_exhausted()
    assert output(console) == lines(
        "Total    | Pool    | Rolls",
        "27 (+4P) | a1d20+5 | [18↑(3)]",
        "11       | 2d6+3   | [2, 6]",
        "!!(T) +4 | p       | [2]",
        "DC 25: success",
        f"Legend: {ARROWS}; !!(T) Complication; (+NP) plot die bonus included",
    )
    assert errors(console) == ""


def test_disadvantage_naturals_floor_and_failure() -> None:
    rng = script(d(20, 20, 1), d(20, 20), d(6, 5))
    console = pipes()
    status = run_roll(roll_args("d1d20-4, 1d20, p", "--dc", "12"), faked(rng), console)
    assert status == EXIT_OK
    assert output(console) == lines(
        "Total | Pool    | Rolls",
        "1 (M) | d1d20-4 | [1↓(20)] !!(T)",
        "20    | 1d20    | [20] (O)",
        "(O)   | p       | [5]",
        "DC 12: d1d20-4 failure, 1d20 success",
        f"Legend: {ARROWS}; !!(T) Complication; (O) Opportunity; "
        "(M) raised to the minimum of 1",
    )


def test_the_words_of_the_command_line_are_one_roll() -> None:
    console = pipes()
    run_roll(roll_args("1d20", "+", "5,", "d6"), faked(FakeRng((20, 7), (6, 6))), console)
    assert output(console) == lines(
        "Total | Pool   | Rolls",
        "12    | 1d20+5 | [7]",
        "6     | 1d6    | [6]",
    )


def test_bold_and_italic_on_a_colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    console = terminal()
    run_roll(roll_args("2d6"), faked(FakeRng((6, 6), (6, 1))), console)
    assert output(console) == lines(
        "Total | Pool | Rolls",
        "\x1b[1m7\x1b[22m     | 2d6  | [\x1b[1m6\x1b[22m, \x1b[3m1\x1b[23m]",
    )


def test_seed_seven_is_stable_across_versions(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["roll", "a1d20+5, 2d6+3, p", "--seed", "7", "--dc", "20"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == lines(
        "Total | Pool    | Rolls",
        "22    | a1d20+5 | [17↑(6)]",
        "10    | 2d6+3   | [3, 4]",
        "blank | p       | [3]",
        "DC 20: success",
        f"Legend: {ARROWS}",
    )
    assert captured.err == ""


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["21d6"], f'pool 1 "21d6": at most 20 dice per pool (got 21); at column 1; hint: '
                   f"{LIMITS_HINT}"),
        (["d20", "--dc", "0"], "the DC must be between 1 and 100000 (got 0); hint: Cosmere DCs "
                               "are usually 10 (easy) to 30 (nearly impossible)"),
        (["d20, p", "--plot"], 'pool 2 "p": this roll already has a plot die; at column 6; '
                               "hint: leave out add_plot / --plot, or remove the p pool"),
        (["1d20\x00"], 'pool 1 "1d20\\x00": unexpected character U+0000; at column 5; hint: '
                       "a pool looks like a1d20+5: tags a/d, dice count, d, sides, then +M or -M"),
    ],
)
def test_bad_input_exits_2_with_the_error_on_stderr(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["roll", *argv]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"nazh roll: {message}\n"


def test_bad_input_rolls_nothing() -> None:
    rng = FakeRng()
    console = pipes()
    assert run_roll(roll_args("p2d6", "--json"), faked(rng), console) == EXIT_USAGE
    assert rng.calls == []
    assert output(console) == ""
    assert errors(console).startswith('nazh roll: pool 1 "p2d6": the plot die is a single d6')


# -- JSON ---------------------------------------------------------------------------------------


def json_of(capsys: pytest.CaptureFixture[str], *argv: str) -> JsonObject:
    assert run_cli(["roll", *argv]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    payload: JsonObject = json.loads(captured.out)
    return payload


def test_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "a1d20+5, 2d6", "--plot", "--seed", "7", "--json", "--dc", "15")
    assert set(payload) == TOP_KEYS
    assert (payload["input"], payload["seed"], payload["dc"]) == ("a1d20+5, 2d6", 7, 15)
    assert payload["notation"] == "a1d20+5, 2d6, p"
    for pool in payload["pools"]:
        assert set(pool) == POOL_KEYS
        for die in pool["dice"]:
            assert set(die) == DIE_KEYS
    assert [die["mode"] for die in payload["pools"][0]["dice"]] == ["advantage"]
    assert payload["pools"][0]["dice"][0]["dropped"] is not None
    assert [die["dropped"] for die in payload["pools"][1]["dice"]] == [None, None]
    assert payload["pools"][1]["success"] is None
    assert isinstance(payload["pools"][0]["success"], bool)
    assert set(payload["plot"]) == PLOT_KEYS
    assert payload["plot"]["pending"] is False


def test_json_with_exact_faces() -> None:
    rng = script(d(20, 14), d(6, 1))
    console = pipes()
    run_roll(roll_args("d20+1", "--plot", "--json"), faked(rng), console)
    payload = json.loads(output(console))
    assert payload["seed"] is None
    assert payload["pools"][0] == {
        "notation": "1d20+1", "count": 1, "sides": 20, "modifier": 1, "skill": True,
        "dice": [{"kept": 14, "dropped": None, "mode": "normal"}], "subtotal": 15,
        "plot_bonus": 2, "total": 17, "floored": False, "opportunities": 0,
        "complications": 0, "success": None,
    }
    assert payload["plot"] == {
        "mode": "normal", "faces": [1], "kept_index": 0, "face": 1, "outcome": "complication",
        "bonus": 2, "pending": False,
    }


def test_json_reports_a_pending_plot_die_without_asking() -> None:
    console = terminal("1\n")
    status = run_roll(roll_args("d20, ap", "--json"), faked(script(d(20, 9), d(6, 6, 2))),
                      console)
    assert status == EXIT_OK
    payload = json.loads(output(console))
    assert payload["pending"] is True
    assert payload["plot"] == {
        "mode": "advantage", "faces": [6, 2], "kept_index": None, "face": None,
        "outcome": None, "bonus": None, "pending": True,
    }
    assert [option["totals"] for option in payload["plot_options"]] == [[9], [13]]
    assert console.stdin.read() == "1\n"  # nobody was asked


# -- the plot die's choice -------------------------------------------------------------------------


PENDING_TABLE = lines(
    "Total  | Pool    | Rolls",
    "17     | a1d20+5 | [12↑(6)]",
    "choose | ap      | [5 (O) or 2 !!(T) +4]",
    "Plot die: two faces rolled, one is to be chosen:",
    "  1) face 5, (O): totals 17",
    "  2) face 2, !!(T) +4: totals 21",
    "DC 18: waiting for the plot die",
    f"Legend: {ARROWS}; !!(T) Complication; (O) Opportunity",
)
PROMPT = "You choose: keep which face? [1-2] "


def pending_roll() -> RollResult:
    rng = script(d(20, 6, 12), d(6, 5, 2))
    return RollDice(rng)("a1d20+5, ap", dc=18)


def test_on_a_terminal_the_player_chooses_the_plot_face() -> None:
    rng = script(d(20, 6, 12), d(6, 5, 2))
    console = terminal("2\n")
    assert run_roll(roll_args("a1d20+5, ap", "--dc", "18"), faked(rng), console) == EXIT_OK
    assert output(console) == PENDING_TABLE + PROMPT + "\n" + lines(
        "Total    | Pool    | Rolls",
        "21 (+4P) | a1d20+5 | [12↑(6)]",
        "!!(T) +4 | ap      | [2 kept, 5 dropped]",
        "DC 18: success",
        f"Legend: {ARROWS}; !!(T) Complication; (+NP) plot die bonus included",
    )


def test_ask_plot_choice_keeps_the_answered_face() -> None:
    console = terminal("2\n")
    chosen = ask_plot_choice(pending_roll(), RollDice.choose_plot_face, console)
    assert chosen.plot is not None
    assert (chosen.plot.kept_index, chosen.plot.face) == (1, 2)
    assert chosen.pools[0].total == 21
    assert output(console) == PENDING_TABLE + PROMPT + "\n"


def test_ask_plot_choice_asks_again_after_an_invalid_answer() -> None:
    console = terminal("x\n3\n\n 1 \n2\n")
    chosen = ask_plot_choice(pending_roll(), RollDice.choose_plot_face, console)
    assert chosen.plot is not None
    assert chosen.plot.kept_index == 0
    again = "Please answer a number from 1 to 2.\n"
    assert output(console) == PENDING_TABLE + (PROMPT + again) * 3 + PROMPT + "\n"
    assert console.stdin.read() == "2\n"


def test_end_of_input_leaves_the_plot_die_pending() -> None:
    pending = pending_roll()
    console = terminal("")
    assert ask_plot_choice(pending, RollDice.choose_plot_face, console) == pending
    assert output(console) == PENDING_TABLE + PROMPT + "\n"


def test_the_gm_chooses_a_disadvantaged_plot_face() -> None:
    console = terminal("1\n")
    pending = RollDice(script(d(20, 10), d(6, 3, 1)))("d20, dp")
    chosen = ask_plot_choice(pending, RollDice.choose_plot_face, console)
    assert "The GM chooses: keep which face? [1-2] " in output(console)
    assert chosen.plot is not None
    assert chosen.plot.face == 3


def test_without_a_terminal_the_pending_plot_die_is_shown() -> None:
    console = Console(io.StringIO("1\n"), io.StringIO(), io.StringIO())
    rng = script(d(20, 6, 12), d(6, 5, 2))
    run_roll(roll_args("a1d20+5, ap", "--dc", "18"), faked(rng), console)
    assert output(console) == PENDING_TABLE
    assert console.stdin.read() == "1\n"


def test_a_plot_die_alone_lists_its_faces_without_totals() -> None:
    result = RollDice(FakeRng((6, 4), (6, 6)))("ap")
    assert render_result(result, PlainMarkup()) == lines(
        "Total  | Pool | Rolls",
        "choose | ap   | [4 blank or 6 (O)]",
        "Plot die: two faces rolled, one is to be chosen:",
        "  1) face 4, blank",
        "  2) face 6, (O)",
        "Legend: (O) Opportunity",
    )


# -- the dice of the command line ----------------------------------------------------------------


def test_the_command_line_rolls_with_the_system_source_by_default() -> None:
    assert isinstance(dice_source(None), SystemRandomSource)


def test_a_seed_makes_the_command_line_deterministic() -> None:
    text = "ad2d20+3, 4d6, ap"
    assert RollDice(dice_source(7))(text) == RollDice(SeededRandomSource(7))(text)


# -- the same seed in any process ----------------------------------------------------------


SEEDED_INPUT = "ad2d20+3, 4d6-1, d100, d1000, ap"


def run_nazh(*argv: str, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "nazh", "roll", *argv],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=PROJECT_ROOT,
        timeout=60, check=False,
    )


def test_the_same_seed_gives_the_same_result_in_any_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = run_nazh("--seed", "7", "--json", SEEDED_INPUT, hash_seed="1")
    second = run_nazh("--seed", "7", "--json", SEEDED_INPUT, hash_seed="2")
    assert (first.returncode, first.stderr) == (EXIT_OK, "")
    assert first.stdout == second.stdout
    in_process = json_of(capsys, "--seed", "7", "--json", SEEDED_INPUT)
    assert json.loads(first.stdout) == in_process
    expected = RollDice(SeededRandomSource(7))(SEEDED_INPUT)
    assert in_process == roll_to_dict(expected, notation=SEEDED_INPUT, seed=7)
    assert in_process["pending"] is True


def test_a_subprocess_rejects_bad_input_with_status_2() -> None:
    completed = run_nazh("1d20++5")
    assert completed.returncode == EXIT_USAGE
    assert completed.stdout == ""
    assert completed.stderr == (
        "nazh roll: pool 1 \"1d20++5\": unexpected '+' after '+'; at column 6; "
        "hint: write the modifier as +5 or -2, with one sign\n"
    )


def test_a_subprocess_prints_the_table() -> None:
    completed = run_nazh("a1d20+5, 2d6+3, p", "--seed", "7")
    assert completed.returncode == EXIT_OK
    assert completed.stdout.splitlines()[:2] == [
        "Total | Pool    | Rolls",
        "22    | a1d20+5 | [17↑(6)]",
    ]


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        run_cli(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"nazh {version('nazh')}\n"


# -- Opportunity and Complication ranges --------------------------------------------------------


def test_widened_ranges_mark_and_show_their_faces() -> None:
    rng = script(d(20, 19, 2))
    console = pipes()
    status = run_roll(roll_args("2d20+1", "--opportunity", "19", "--complication", "2"),
                      faked(rng), console)
    assert status == EXIT_OK
    rng.assert_exhausted()
    assert output(console) == lines(
        "Total | Pool   | Rolls",
        "22    | 2d20+1 | [19, 2] (O) !!(T)",
        "Opportunity on 19-20 · Complication on 1-2",
        "Legend: !!(T) Complication; (O) Opportunity",
    )
    assert errors(console) == ""


def test_the_json_has_the_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "1d20", "--seed", "7", "--json", "--opportunity", "2")
    assert set(payload) == TOP_KEYS
    assert (payload["opportunity"], payload["complication"]) == (2, 1)
    assert payload["pools"][0]["opportunities"] == (payload["pools"][0]["dice"][0]["kept"] >= 2)
    default = json_of(capsys, "1d20", "--seed", "7", "--json")
    assert (default["opportunity"], default["complication"]) == (20, 1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--opportunity", "10", "--complication", "12"],
         "opportunity 10 and complication 12 overlap: a face cannot be both an Opportunity "
         "(10-20) and a Complication (1-12); hint: the complication must be below the "
         "opportunity: at most 9 with opportunity 10"),
        (["--opportunity", "21"],
         "opportunity must be a d20 face, between 1 and 20 (got 21); hint: the lowest face "
         "that is an Opportunity, e.g. 19 for 19-20 (default 20)"),
        (["--complication", "0", "--json"],
         "complication must be a d20 face, between 1 and 20 (got 0); hint: the highest face "
         "that is a Complication, e.g. 2 for 1-2 (default 1)"),
    ],
)
def test_bad_ranges_exit_2_with_one_line_and_roll_nothing(argv: list[str],
                                                           message: str) -> None:
    rng = FakeRng()
    console = pipes()
    assert run_roll(roll_args("d20", *argv), faked(rng), console) == EXIT_USAGE
    assert rng.calls == []
    assert output(console) == ""
    assert errors(console) == f"nazh roll: {message}\n"


def test_a_subprocess_rejects_overlapping_ranges_with_status_2() -> None:
    completed = run_nazh("d20", "--opportunity", "5", "--complication", "5")
    assert completed.returncode == EXIT_USAGE
    assert completed.stdout == ""
    assert completed.stderr.startswith("nazh roll: opportunity 5 and complication 5 overlap")
    assert completed.stderr.count("\n") == 1
