"""The journal benchmark writes the same records both ways, each one durably readable, and
judges its target."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import journal as benchmark
from benchmarks.log_load import insert_entries
from nazh.adapters.storage.journal import FileJournal, read_journal


def test_both_ways_write_every_record_as_the_journal_reads_it(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    entries = insert_entries(40, seed=3)
    kept: list[Path] = []
    monkeypatch.setattr(FileJournal, "close",
                        lambda self, *, settled: kept.append(self.path))
    benchmark.nazh(tmp_path / "nazh", entries)
    benchmark.append(tmp_path, entries)
    assert read_journal(kept[0]) == entries
    assert read_journal(tmp_path / "append.journal") == entries


def test_a_run_prints_both_figures_and_its_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark.main(["--records", "30", "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    assert "Nazh: CPU" in out
    assert "append: CPU" in out
    assert "Nazh's journal CPU per record <= 1.0x the append's" in out


def test_a_count_below_one_is_refused() -> None:
    with pytest.raises(SystemExit):
        benchmark.main(["--records", "0"])
