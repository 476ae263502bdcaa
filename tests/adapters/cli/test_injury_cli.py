"""``nazh injury``: the text, the JSON contract, bad input, and a real subprocess."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, build_parser
from nazh.adapters.cli.injury import run_injury
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.dice import RollDice
from nazh.domain.injury import Injury, InjuryTerms
from nazh.presentation.injury import injury_to_dict
from tests.adapters.cli.kit import PROJECT_ROOT, errors, lines, output, pipes
from tests.fakes import FakeRng, d, script

JSON_KEYS = {"version", "seed", "notation", "deflect", "injuries", "modifier", "bonus",
             "natural", "total", "band", "days", "days_dice", "effect"}


def injury_args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["injury", *argv])


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_the_options_default_to_0() -> None:
    args = injury_args()
    assert (args.deflect, args.injuries, args.modifier, args.seed, args.json) == (
        0, 0, 0, None, False)


def test_the_text_shows_the_total_the_band_with_its_days_and_the_effect() -> None:
    rng = script(d(20, 3), d(6, 6, 5, 4, 3, 2, 1), d(8, 3))
    console = pipes()
    status = run_injury(injury_args("--deflect", "4", "--injuries", "1", "--modifier", "-1"),
                        RollDice(rng), console)
    assert status == EXIT_OK
    rng.assert_exhausted()
    assert output(console) == lines(
        "Total 1: d20 [3], deflect +4, modifier -1, 1 injury taken (-5)",
        "Vicious injury: 21 days (6d6 [6, 5, 4, 3, 2, 1])",
        "Effect: Exhausted -2 (d8 [3])",
    )
    assert errors(console) == ""


def test_the_json_contract_of_a_shallow_injury() -> None:
    rng = script(d(20, 11), d(6, 1), d(8, 6))
    console = pipes()
    status = run_injury(injury_args("--deflect", "2", "--json", "--seed", "9"),
                        RollDice(rng), console)
    assert status == EXIT_OK
    assert json.loads(output(console)) == {
        "version": 1, "seed": 9, "notation": "1d20+2, 1d6, 1d8", "deflect": 2, "injuries": 0,
        "modifier": 0, "bonus": 2, "natural": 11, "total": 13, "band": "shallow", "days": 1,
        "days_dice": [1], "effect": {"natural": 6, "name": "Disoriented"},
    }


@pytest.mark.parametrize(("argv", "faces", "band", "total"), [
    (["--injuries", "3"], [(20, 9)], "death", -6),
    (["--injuries", "2"], [(20, 5), (8, 7)], "permanent", -5),
    (["--modifier", "20"], [(20, 1), (8, 1)], "flesh", 21),
])
def test_the_json_of_bands_without_days(argv: list[str], faces: list[tuple[int, int]],
                                        band: str, total: int) -> None:
    console = pipes()
    run_injury(injury_args(*argv, "--json"), RollDice(FakeRng(*faces)), console)
    payload = json.loads(output(console))
    assert set(payload) == JSON_KEYS
    assert (payload["band"], payload["total"], payload["days"], payload["days_dice"]) == (
        band, total, None, None)
    assert (payload["effect"] is None) is (band == "death")


@pytest.mark.parametrize(("argv", "message"), [
    (["--deflect", "21"], "deflect must be between 0 and 20 (got 21)"),
    (["--injuries", "-1"], "injuries must be between 0 and 10 (got -1)"),
    (["--modifier", "30", "--json"], "modifier must be between -20 and 20 (got 30)"),
])
def test_a_number_out_of_range_is_one_line_and_exit_2_before_any_die(
        argv: list[str], message: str) -> None:
    rng = FakeRng()
    console = pipes()
    assert run_injury(injury_args(*argv), RollDice(rng), console) == EXIT_USAGE
    assert output(console) == ""
    assert errors(console).startswith(f"nazh injury: {message}; hint: ")
    assert errors(console).count("\n") == 1
    assert rng.calls == []


def test_a_number_not_in_digits_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        injury_args("--deflect", "two")
    assert exited.value.code == EXIT_USAGE
    assert "expected a whole number in the digits 0-9" in capsys.readouterr().err


def test_a_seeded_injury_is_the_same_in_a_new_process() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "nazh", "injury", "--deflect", "3", "--injuries", "1",
         "--seed", "42", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=PROJECT_ROOT,
        timeout=60, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    terms = InjuryTerms(deflect=3, injuries=1)
    result = RollDice(SeededRandomSource(42)).injury(terms)
    assert json.loads(done.stdout) == injury_to_dict(Injury.of(terms, result), result, seed=42)


@pytest.mark.parametrize("command", [
    "nazh injury --deflect 2 --injuries 1 --seed 3", "nazh injury --deflect 2 --seed 9 --json"])
def test_the_documented_examples_are_what_nazh_prints(command: str) -> None:
    page = (PROJECT_ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    shown = page.split(f"```\n$ {command}\n", 1)[1].split("```", 1)[0]
    console = pipes()
    args = injury_args(*command.split()[2:])
    run_injury(args, RollDice(SeededRandomSource(args.seed)), console)
    assert output(console) == shown
