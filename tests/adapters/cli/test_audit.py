"""``nazh audit`` through ``nazh.bootstrap.run_cli``: exit 0 for fair dice, 1 naming the die
size that fails, 5 when there is nothing to judge, JSON and a PNG chart."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from nazh.adapters.cli.audit import EXIT_NOTHING_TO_JUDGE
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import LogEntry
from nazh.application.stats.dice_stats import Tallier
from nazh.bootstrap import run_cli
from tests.adapters.storage.stats_kit import LoadedD20, rolls

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def migrated(database: Path) -> Path:
    """The log of ``database``, migrated."""
    assert run_cli(["db", "upgrade"]) == 0
    return database


def append(path: Path, entries: list[LogEntry]) -> None:
    async def write() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await SqlRollLog(engine, Tallier()).append(entries)
        finally:
            await engine.dispose()
    asyncio.run(write())


def test_fair_dice_pass_with_a_chart(migrated: Path, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    append(migrated, rolls(SeededRandomSource(4), 2_000, ("a1d20+5, 2d6+3, p",)))
    chart = tmp_path / "d20.png"
    assert run_cli(["audit", "--alpha", "0.000001", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2,000 rolls · period all · significance 1e-06")
    assert out[-1] == "PASS: every die size is consistent with fair dice"
    assert any(line.startswith("d20: 4,000 rolled · χ² ") for line in out)  # 2 draws a roll
    assert chart.read_bytes().startswith(PNG_MAGIC)


def test_a_loaded_d20_fails_the_audit(migrated: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    append(migrated, rolls(LoadedD20(9), 4_000, ("1d20+2, 2d6",)))
    assert run_cli(["audit"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "FAIL: d20 not consistent with fair dice")
    assert run_cli(["audit", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failing"] == ["d20"]
    assert report["passed"] is False
    assert report["min_p_value"] < 1e-6
    assert [d["die"] for d in report["dice"]] == ["d6", "d20"]


def test_a_bad_significance_is_refused(migrated: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli(["audit", "--alpha", "2"])
    assert stopped.value.code == 2
    assert "the significance must be between 0 and 1, not 2" in capsys.readouterr().err


EMPTY_REPORT = {
    "rolls": 0, "period": "all", "alpha": 0.01, "alpha_per_die": 0.01, "min_p_value": 1.0,
    "verdict": "nothing to judge", "passed": False, "failing": [], "dice": [],
    "plot": {"complications": 0, "blanks": 0, "opportunities": 0, "p_value": 1.0,
             "enough": False, "verdict": "too few rolls to tell"},
    "pool": None,
}


def test_an_empty_log_has_nothing_to_judge(migrated: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run_cli(["audit"]) == EXIT_NOTHING_TO_JUDGE
    assert capsys.readouterr().out.splitlines()[-1] == (
        "NOTHING TO JUDGE: too few rolls to test any die size (each face must be expected at "
        "least 5 times)")
    assert run_cli(["audit", "--json"]) == EXIT_NOTHING_TO_JUDGE
    assert json.loads(capsys.readouterr().out) == EMPTY_REPORT


def test_too_few_rolls_have_nothing_to_judge(migrated: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    append(migrated, rolls(SeededRandomSource(4), 10, ("1d20+2",)))
    assert run_cli(["audit", "--json"]) == EXIT_NOTHING_TO_JUDGE
    report = json.loads(capsys.readouterr().out)
    assert (report["rolls"], report["verdict"], report["passed"]) == (
        10, "nothing to judge", False)
    assert [(d["die"], d["enough"]) for d in report["dice"]] == [("d20", False)]


def test_where_no_log_exists_the_json_is_an_empty_report(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["audit", "--json"]) == EXIT_NOTHING_TO_JUDGE
    captured = capsys.readouterr()
    assert json.loads(captured.out) == EMPTY_REPORT
    assert run_cli(["audit"]) == EXIT_NOTHING_TO_JUDGE
    assert capsys.readouterr().out == (
        f"nothing to audit: there is no roll log at {database} yet (`nazh run` creates it, "
        "or `nazh db upgrade`)\n")
    assert not database.parent.exists()


def test_a_chart_that_cannot_be_written_names_the_file(
        migrated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(migrated, rolls(SeededRandomSource(4), 200, ("1d20",)))
    chart = tmp_path / "missing" / "d20.png"
    capsys.readouterr()
    assert run_cli(["audit", "--chart", str(chart)]) == 2
    assert capsys.readouterr().err == (
        f"nazh audit: cannot write the chart to {chart}: No such file or directory\n")
