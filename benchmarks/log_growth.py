"""What the roll log's append costs as the log grows, on SQLite (where the database's work is the
bot's own CPU).

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.log_growth                  # 120,000 records; ~4 minutes
    .venv/bin/python -m benchmarks.log_growth --records 30000 --rounds 1

A fresh, migrated SQLite log is filled through the bot's own ``SqlRollLog.append`` with the
statistics counted in the same transaction (as the bot composes it), in batches of ``--batch``
records (75: what the log writer gathers in its quarter second at 300 /roll a second), and the
process's CPU (user and system, SQLite's included) is printed per record for each ``--segment``
records appended, so the cost at each size of the log shows. The records are the storage
benchmark's real rolls (:func:`benchmarks.log_load.insert_entries`: 50 channels of a server
each, 499 players, 15% private, 10% later take a plot die). The same records again into a log
without the statistics tables' secondary indexes (the ones :class:`~.stats.SqlStats` queries by
server, player, hour and luck; their rows are the same) shows what those indexes cost as the
log grows. And once more into a log whose hourly statistics tables (``stat_faces``,
``stat_pools``, ``stat_hours``) are keyed by the hour first (the same columns, rows and
indexes; their primary keys reordered), where a new hour's rows go to the end of each tree
instead of a page of their own: what the keys' order costs. And once more with the lifetime
tables (``stat_faces_all``, ``stat_pools_all``, upserted with every append so that the ``all``
period reads them alone) left unwritten, everything else as the bot writes it: what keeping the
lifetime counts per append costs (a diagnosis: that log's ``all`` period would be empty).
Variants alternate, ``--rounds`` times each; the medians are printed.

No target: a yardstick for the schema. ``benchmarks.load`` runs on a young log of a few
players, where the append costs what the first segment here shows; a server's log of many
players costs what the later ones show.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from unittest import mock

from sqlalchemy import Column, Index, MetaData, PrimaryKeyConstraint, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from benchmarks.ablated_bot import hourly_tally_rows
from benchmarks.log_load import insert_entries, production_log
from nazh.adapters.storage import stats
from nazh.adapters.storage.database import create_engine, sqlite_url
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.stats import COLUMNS
from nazh.application.log.chain import LogEntry

VARIANTS = ("as kept", "without the statistics' indexes",
            "the hourly tables keyed by hour first", "without the lifetime counts")
SEED = 7


def statistics_indexes() -> list[str]:
    """The names of the statistics tables' secondary indexes (their primary keys stay; the
    tables are those :func:`~nazh.adapters.storage.stats.tally_rows` writes)."""
    return sorted(str(index.name) for table in COLUMNS for index in table.indexes)


def hour_first_tables() -> list[Table]:
    """The statistics tables keyed by hour among others, with ``hour`` first in their primary
    key (the rest in order), their columns and secondary indexes as kept."""
    metadata = MetaData()
    tables = []
    for table in COLUMNS:
        keys = [column.name for column in table.primary_key.columns]
        if "hour" not in keys:
            continue
        copy = Table(table.name, metadata,
                     *(Column(column.name, column.type, nullable=column.nullable)
                       for column in table.columns),
                     PrimaryKeyConstraint("hour", *(key for key in keys if key != "hour")))
        for index in table.indexes:
            Index(index.name, *(copy.c[column.name] for column in index.columns))
        tables.append(copy)
    return tables


async def key_by_hour_first(connection: AsyncConnection) -> None:
    """Make the hourly statistics tables of a new log again as :func:`hour_first_tables`
    (they are empty: nothing was appended yet)."""
    tables = hour_first_tables()
    for table in tables:
        await connection.exec_driver_sql(f"DROP TABLE {table.name}")
    await connection.run_sync(tables[0].metadata.create_all)


@contextlib.contextmanager
def lifetime_unwritten(unwritten: bool) -> Iterator[None]:
    """While in it, with ``unwritten``, the roll log's appends write no lifetime rows."""
    if not unwritten:
        yield
        return
    with mock.patch.object(stats, "tally_rows", hourly_tally_rows):
        yield


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True, slots=True)
class Growth:
    """CPU seconds per record appended, for each segment of the log in order, and where the
    log was kept."""

    per_record: list[float]
    folder: Path


async def grow(entries: Sequence[LogEntry], folder: Path, *, batch: int, segment: int,
               variant: str = VARIANTS[0]) -> Growth:
    """Append ``entries`` to a new log in ``folder`` in batches of ``batch``: the CPU per
    record of each ``segment`` records (a multiple of ``batch``)."""
    if segment % batch:
        raise ValueError(f"a segment ({segment}) must be a whole number of batches ({batch})")
    if variant not in VARIANTS:
        raise ValueError(f"no variant {variant!r}: the variants are {', '.join(VARIANTS)}")
    engine = create_engine(sqlite_url(folder))
    try:
        await upgrade_database(engine)
        if variant == VARIANTS[1]:
            async with engine.begin() as connection:
                for name in statistics_indexes():
                    await connection.exec_driver_sql(f"DROP INDEX {name}")
        if variant == VARIANTS[2]:
            async with engine.begin() as connection:
                await key_by_hour_first(connection)
        log = production_log(engine)
        per_record: list[float] = []
        started = _cpu()
        with lifetime_unwritten(variant == VARIANTS[3]):
            for at in range(0, len(entries) - len(entries) % segment, batch):
                await log.append(list(entries[at:at + batch]))
                if (at + batch) % segment == 0:
                    now = _cpu()
                    per_record.append((now - started) / segment)
                    started = now
    finally:
        await engine.dispose()
    return Growth(per_record, folder)


def _row(label: str, figures: Sequence[float]) -> str:
    return f"{label:>38} " + " ".join(f"{value * 1e6:>5.0f}" for value in figures)


async def run(records: int, batch: int, segment: int, rounds: int) -> list[list[float]]:
    """Each variant ``rounds`` times, alternating: the medians per segment, printed."""
    entries = insert_entries(records, SEED)
    runs: dict[str, list[list[float]]] = {variant: [] for variant in VARIANTS}
    with tempfile.TemporaryDirectory() as directory:
        for number in range(rounds):
            for variant in VARIANTS:
                folder = Path(directory) / f"{number}-{VARIANTS.index(variant)}"
                grown = await grow(entries, folder, batch=batch, segment=segment,
                                   variant=variant)
                runs[variant].append(grown.per_record)
    print(f"CPU µs per record appended, batches of {batch}, each column {segment:,} records "
          f"more (the medians of {rounds} round(s)):")
    print(f"{'records at the segment end':>38} "
          + " ".join(f"{(n + 1) * segment // 1000:>4}k" for n in range(records // segment)))
    medians = [[median(values) for values in zip(*runs[variant], strict=True)]
               for variant in VARIANTS]
    for variant, figures in zip(VARIANTS, medians, strict=True):
        print(_row(variant, figures))
    kept, bare, hour_first, hourly_only = medians
    print(f"as kept: the last segment costs {kept[-1] / kept[0]:.2f}x the first; the "
          f"statistics' {len(statistics_indexes())} secondary indexes cost "
          f"{(kept[0] - bare[0]) * 1e6:.0f} µs per record in the first segment and "
          f"{(kept[-1] - bare[-1]) * 1e6:.0f} µs in the last; the hourly tables keyed by hour "
          f"first {hour_first[0] / kept[0]:.2f}x as kept in the first segment and "
          f"{hour_first[-1] / kept[-1]:.2f}x in the last; the lifetime counts cost "
          f"{(kept[0] - hourly_only[0]) * 1e6:.0f} µs per record in the first segment and "
          f"{(kept[-1] - hourly_only[-1]) * 1e6:.0f} µs in the last")
    return medians


def main(argv: Sequence[str] | None = None) -> int:
    """Print the append's CPU per record as the log grows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=120_000, help="records appended")
    parser.add_argument("--batch", type=int, default=75, help="records per transaction")
    parser.add_argument("--segment", type=int, default=6_000,
                        help="records per printed figure (a multiple of --batch)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each variant")
    args = parser.parse_args(argv)
    if min(args.records, args.batch, args.segment, args.rounds) < 1:
        parser.error("--records, --batch, --segment and --rounds must be at least 1")
    if args.segment % args.batch or args.records < args.segment:
        parser.error("--segment must be a multiple of --batch and at most --records")
    asyncio.run(run(args.records, args.batch, args.segment, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
