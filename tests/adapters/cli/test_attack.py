"""``nazh attack``: scripted dice in process (its JSON contract, its text), a real subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console, build_parser
from nazh.adapters.cli.attack import run_attack
from nazh.application.rolls.dice import RollDice
from nazh.application.shared.json_types import JsonObject
from tests.fakes import FakeRng, d, script

TOP_KEYS = {"version", "notation", "seed", "pending", "defense", "test", "hit", "damage",
            "graze", "critical", "opportunities", "complications"}


def attack(rng: FakeRng, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["attack", *argv])
    status = run_attack(args, RollDice(rng), Console(io.StringIO(), out, err))
    return status, out.getvalue(), err.getvalue()


def attack_json(rng: FakeRng, *argv: str) -> JsonObject:
    status, out, _ = attack(rng, *argv, "--json")
    assert status == EXIT_OK
    payload: JsonObject = json.loads(out)
    return payload


def test_a_hit_s_json_holds_the_contract() -> None:
    payload = attack_json(script(d(20, 12), d(6, 4, 3)), "1d20+5", "--damage", "2d6",
                          "--defense", "15")
    assert set(payload) == TOP_KEYS
    assert payload["test"]["total"] == 17
    assert payload["test"]["natural"] == 12
    assert payload["hit"] is True
    assert payload["damage"] == {"dice": [4, 3], "sides": 6, "modifier": 5, "total": 12}
    assert (payload["graze"], payload["critical"]) == (7, 17)
    assert (payload["opportunities"], payload["complications"]) == (0, 0)


def test_a_miss_has_no_damage_total_but_its_graze() -> None:
    payload = attack_json(script(d(20, 1), d(8, 5)), "1d20+2", "--damage", "1d8+1",
                          "--defense", "14")
    assert payload["hit"] is False
    assert payload["damage"]["total"] is None
    assert payload["damage"]["modifier"] == 1
    assert (payload["graze"], payload["complications"]) == (5, 1)


def test_without_a_defense_hit_is_null_and_both_outcomes_are_given() -> None:
    payload = attack_json(script(d(20, 20), d(10, 3)), "--damage", "1d10")
    assert (payload["hit"], payload["defense"]) == (None, None)
    assert payload["damage"]["total"] == 3
    assert (payload["critical"], payload["opportunities"]) == (10, 1)


def test_every_attack_hits_a_defense_of_0() -> None:
    status, out, _ = attack(script(d(20, 1), d(6, 2)), "1d20", "--damage", "1d6",
                            "--defense", "0")
    assert status == EXIT_OK
    assert "DC 0: success" in out
    assert out.rstrip().endswith("Hit (vs defense 0): 2 damage (2)")


def test_the_text_says_hit_and_damage() -> None:
    status, out, _ = attack(script(d(20, 12), d(6, 4, 3)), "1d20+5", "--damage", "2d6",
                            "--defense", "15")
    assert status == EXIT_OK
    assert out.rstrip().endswith("Hit (vs defense 15): 12 damage (4 + 3 + 5)")


@pytest.mark.parametrize(("argv", "message"), [
    (("2d20", "--damage", "2d6"), "test: an attack test is one d20"),
    (("--damage", "p"), "damage: the plot die belongs to the test"),
    (("--damage", "2d6", "--defense", "101"), "defense: must be 0-100"),
])
def test_bad_input_exits_2_with_one_line_and_json_with_json(
        argv: tuple[str, ...], message: str) -> None:
    status, out, err = attack(script(), *argv)
    assert (status, out) == (EXIT_USAGE, "")
    assert err.startswith(f"nazh attack: {message}")
    assert err.count("\n") == 1
    status, out, _ = attack(script(), *argv, "--json")
    assert status == EXIT_USAGE
    assert message in json.loads(out)["error"]


def test_a_subprocess_rolls_a_seeded_attack() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "nazh", "attack", "a1d20+5", "--damage", "2d6", "--defense",
         "15", "--seed", "3", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seed"] == 3


def test_a_widened_range_counts_a_natural_19_as_an_opportunity() -> None:
    payload = attack_json(script(d(20, 19), d(6, 2)), "1d20", "--damage", "1d6",
                          "--opportunity", "19")
    assert payload["opportunities"] == 1
    status, _, err = attack(script(), "--damage", "1d6", "--opportunity", "3",
                            "--complication", "3")
    assert status == EXIT_USAGE
    assert "complication" in err
