"""``nazh audit`` through ``nazh.bootstrap.run_cli``: exit 0 for fair dice, 1 naming the die
size that fails, JSON and a PNG chart."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.roll_log import LogEntry
from nazh.application.stats import Tallier
from nazh.bootstrap import run_cli
from tests.adapters.storage.test_stats import LoadedD20, rolls

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
