"""The log-growth benchmark appends every record through the bot's own roll log, its variants
differ only by the statistics' secondary indexes or the order of the hourly tables' keys, and
its options are checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks import log_growth as benchmark
from benchmarks.ablated_bot import LIFETIME
from benchmarks.log_load import insert_entries
from nazh.adapters.storage import stats
from nazh.adapters.storage.stats import tally_rows

TABLES = ("roll_log", "roll_heads", "stat_faces", "stat_faces_all", "stat_pools",
          "stat_pools_all", "stat_rolls", "stat_hours")


def _database(folder: Path) -> Path:
    [found] = folder.glob("*.sqlite3")
    return found


def _contents(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(_database(folder)) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(),
                              key=repr) for table in TABLES}


def _indexes(folder: Path) -> set[str]:
    with sqlite3.connect(_database(folder)) as connection:
        return {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_stat_%'")}


async def kept_and(variant: str, tmp_path: Path) -> tuple[benchmark.Growth, benchmark.Growth]:
    """The same 120 records appended to a log as kept and to one of ``variant``."""
    entries = insert_entries(120, 3)
    kept = await benchmark.grow(entries, tmp_path / "kept", batch=10, segment=40)
    other = await benchmark.grow(entries, tmp_path / "other", batch=10, segment=40,
                                 variant=variant)
    return kept, other


def test_the_statistics_indexes_are_every_secondary_index_of_the_six_tables() -> None:
    names = benchmark.statistics_indexes()
    assert len(names) == 12
    assert all(name.startswith("ix_stat_") for name in names)


async def test_both_variants_keep_the_same_rows_and_differ_only_by_the_indexes(
        tmp_path: Path) -> None:
    kept, bare = await kept_and(benchmark.VARIANTS[1], tmp_path)
    assert len(kept.per_record) == len(bare.per_record) == 3
    assert all(figure > 0 for figure in (*kept.per_record, *bare.per_record))
    rows = _contents(kept.folder)
    assert len(rows["roll_log"]) == 120  # every record appended, amendments included
    assert rows["stat_rolls"]
    assert rows["stat_faces"]
    assert rows == _contents(bare.folder)
    assert _indexes(kept.folder) == set(benchmark.statistics_indexes())
    assert _indexes(bare.folder) == set()


async def test_an_unknown_variant_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no variant 'faster': the variants are as kept"):
        await benchmark.grow(insert_entries(40, 3), tmp_path, batch=10, segment=40,
                             variant="faster")


async def test_a_segment_must_be_whole_batches(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"a segment \(45\) must be a whole number of batches"):
        await benchmark.grow(insert_entries(90, 3), tmp_path, batch=10, segment=45)


def test_the_run_prints_each_variant_per_segment(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark.main(["--records", "80", "--batch", "10", "--segment", "40",
                           "--rounds", "1"]) == 0
    printed = capsys.readouterr().out
    assert "as kept" in printed
    assert "without the statistics' indexes" in printed
    assert "the hourly tables keyed by hour first" in printed
    assert "the last segment costs" in printed
    assert "x as kept in the first segment" in printed
    assert "without the lifetime counts" in printed
    assert "the lifetime counts cost" in printed


@pytest.mark.parametrize("argv", [["--batch", "0"], ["--segment", "45", "--batch", "10"],
                                  ["--records", "10", "--segment", "75"]])
def test_bad_options_are_refused_by_name(argv: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        benchmark.main(argv)
    assert exited.value.code == 2
    assert "--" in capsys.readouterr().err


def _primary_key(folder: Path, table: str) -> list[str]:
    with sqlite3.connect(_database(folder)) as connection:
        columns = connection.execute(f"PRAGMA table_info({table})").fetchall()
    return [name for _, name, *_rest, position in sorted(columns, key=lambda c: c[-1])
            if position]


def _index_columns(folder: Path) -> dict[str, list[str]]:
    with sqlite3.connect(_database(folder)) as connection:
        return {name: [column for _, _, column in connection.execute(
                    f"PRAGMA index_info({name})")]
                for name in benchmark.statistics_indexes()}


async def test_the_hour_first_variant_keeps_the_same_rows_and_indexes_keyed_by_hour_first(
        tmp_path: Path) -> None:
    kept, hourly = await kept_and(benchmark.VARIANTS[2], tmp_path)
    assert _contents(kept.folder) == _contents(hourly.folder)
    assert _index_columns(kept.folder) == _index_columns(hourly.folder)
    assert _primary_key(kept.folder, "stat_faces") == [
        "guild_id", "channel_id", "user_id", "visibility", "hour", "die", "face"]
    assert _primary_key(hourly.folder, "stat_faces") == [
        "hour", "guild_id", "channel_id", "user_id", "visibility", "die", "face"]
    assert _primary_key(hourly.folder, "stat_pools")[0] == "hour"
    assert _primary_key(hourly.folder, "stat_hours")[0] == "hour"
    assert _primary_key(hourly.folder, "stat_faces_all") == _primary_key(  # no hour: as kept
        kept.folder, "stat_faces_all")
    assert sorted(table.name for table in benchmark.hour_first_tables()) == [
        "stat_faces", "stat_hours", "stat_pools"]


async def test_without_the_lifetime_counts_only_the_lifetime_tables_stay_empty(
        tmp_path: Path) -> None:
    kept, hourly = await kept_and(benchmark.VARIANTS[3], tmp_path)
    written, unwritten = _contents(kept.folder), _contents(hourly.folder)
    lifetime = {table.name for table in LIFETIME}
    assert lifetime == {"stat_faces_all", "stat_pools_all"}
    assert all(written[name] and not unwritten[name] for name in lifetime)
    assert {name: rows for name, rows in written.items() if name not in lifetime} == {
        name: rows for name, rows in unwritten.items() if name not in lifetime}
    assert vars(stats)["tally_rows"] is tally_rows  # the bot's own, once it is over


