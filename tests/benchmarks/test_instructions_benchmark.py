"""The instruction-count benchmark's workloads do the bot's own work, its child follows the
protocol the parent drives, and callgrind's total is read from its summary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import instructions as benchmark

SCRIPT = Path(benchmark.__file__).resolve()


def test_each_message_is_the_result_message_of_a_roll_of_its_own() -> None:
    attack = benchmark.operation("message /attack", 3)
    roll = benchmark.operation("message /roll", 3)
    built: list[Any] = [attack(number) for number in (1, 2, 3)]
    payloads = [payload for payload, _ in built]
    embeds = [payload["data"]["embeds"][0] for payload in payloads]
    assert all(embed["title"] == "⚔️ Longsword" for embed in embeds)
    assert len({embed["footer"]["text"] for embed in embeds}) == 3  # three roll ids
    assert all("vs defense 15" in embed["description"] for embed in embeds)
    plain: Any = roll(1)
    assert "`a1d20+5`" in plain[0]["data"]["embeds"][0]["description"]


def test_each_roll_is_made_kept_and_counted_in_the_statistics() -> None:
    roll = benchmark.operation("roll /attack", 2)
    first: Any = roll(1)
    second: Any = roll(2)
    rows = {table.name: found for table, found in first}
    assert len(rows["stat_rolls"]) == 1
    assert {row[5] for row in rows["stat_faces"]} >= {"d20", "d6"}  # (cell, hour, die, ...)
    assert [found for table, found in second if table.name == "stat_rolls"] != \
        [found for table, found in first if table.name == "stat_rolls"]


def test_an_unknown_workload_is_refused() -> None:
    with pytest.raises(ValueError, match="no workload"):
        benchmark.operation("render /roll", 1)


def test_the_child_says_it_is_ready_and_runs_once_told_to(tmp_path: Path) -> None:
    go = tmp_path / "go"
    go.touch()
    done = subprocess.run([sys.executable, str(SCRIPT), "--child", "roll /roll", "--count", "3",
                           "--go", str(go)], capture_output=True, text=True, timeout=120,
                          check=False, cwd=benchmark.ROOT,
                          env={**os.environ, "PYTHONPATH": str(benchmark.ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [benchmark.READY]


def test_callgrinds_total_is_read_from_its_summary() -> None:
    report = "==12== Events    : Ir\n==12== Collected : 1234567\n==12==\n==12== I   refs:  1"
    assert benchmark.total_of(report) == 1_234_567
    with pytest.raises(RuntimeError, match="no total"):
        benchmark.total_of("==12== nothing here")


def test_without_valgrind_it_says_what_it_needs(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert benchmark.main([]) == 1
    assert "valgrind" in capsys.readouterr().out
