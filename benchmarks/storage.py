"""The roll log at 1,000,000 records on PostgreSQL and SQLite: writes, /history, /verify, /stats.

Run from the repository root, with a PostgreSQL server whose user may create databases::

    .venv/bin/python -m benchmarks.storage            # prints the tables, always exits 0
    .venv/bin/python -m benchmarks.storage --check    # exits 1 when a target is missed

The server is ``NAZH_BENCH_POSTGRES_URL``, else ``NAZH_TEST_POSTGRES_URL``, else
``postgresql://postgres@127.0.0.1:5432/test``. A scratch database ``nazh_bench_<random>`` is
created, migrated with the real migrations and dropped at the end.

1-4. The roll log under real traffic on PostgreSQL and SQLite (``--only log``; see
   :mod:`benchmarks.log_load`): bulk load of 1,000,000 records with no VACUUM afterwards,
   insert throughput at 1, 10, 100 and 500 rolls per transaction, and /history p99 (target
   5 ms) while another process writes 100 rolls a second into the same and other channels.
5. /verify of one roll in a channel of 1,000,000 records, and full-chain verification against
   the reference path, on PostgreSQL and SQLite (``--only verify``).
6. /stats for a server of 1,000,000 rolls, every scope and period, on PostgreSQL and SQLite
   (``--only stats``; see :mod:`benchmarks.stats_load`). Target: p99 at most 500 ms per case.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: python benchmarks/storage.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from sqlalchemy.engine import make_url

from benchmarks.log_load import (
    COLUMNS,
    ChainBuilder,
    Channel,
    copy_rows,
    log_figures,
    log_report,
    set_chain_head,
    templates,
)
from benchmarks.log_load import bulk_load as bulk_load_log
from benchmarks.report import Verdict
from benchmarks.stats_load import load_stats, stats_figures, stats_report
from nazh.adapters.crypto.ed25519 import Ed25519Signer, new_key, valid_signature
from nazh.adapters.storage.checkpoint_file import FileCheckpointSink
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.checkpoints.signed import (
    EVERY_RECORDS,
    Checkpoint,
    CheckpointCheck,
    SignedCheckpoint,
)
from nazh.application.history.queries import RollLogQueries
from nazh.application.log.chain import verify_chain

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


# -- /verify at 1,000,000 records in one channel -----------------------------------------------


VERIFY_CHANNEL = 5_000_000
VERIFY_P99_TARGET_MS = 20.0
"""99th percentile of /verify of one roll in a channel of 1,000,000 records."""
FULL_CHAIN_SPEEDUP_TARGET = 5.0
"""Full-chain verification per record, against the reference (record objects) path."""
LOAD_CHUNK = 50_000


@dataclass
class VerifyChannel:
    """The big channel as loaded: a sample of its rolls (roll id, roller) and its checkpoints
    file."""

    rolls: list[tuple[str, int]]
    checkpoints: Path
    public_key: str


async def load_verify_channel(targets: list[Any], rows: int, folder: Path) -> VerifyChannel:
    """Load one channel of ``rows`` chained records into every target (an asyncpg connection
    or a sqlite3 connection), with a signed checkpoint every ``EVERY_RECORDS`` records in a
    checkpoint file, as the checkpoint job would have published them."""
    seed, _ = new_key()
    signer = Ed25519Signer(seed)
    channel = Channel(VERIFY_CHANNEL, rows, random.Random(3).sample(range(1, 5_000), 40))
    builder = ChainBuilder(channel, templates(), 99)
    choice = random.Random(4)
    sample: list[tuple[str, int]] = []
    points: list[str] = []
    chunk: list[tuple[object, ...]] = []
    for row in builder.rows():
        chunk.append(row)
        if row[1] % EVERY_RECORDS == 0:
            point = Checkpoint(VERIFY_CHANNEL, row[1], row[15], row[6])
            points.append(SignedCheckpoint(point, signer.public_key,
                                           signer.sign(point.signed_content())).line())
        if row[4] == 1 and choice.random() < 0.001:
            sample.append((row[3], row[8]))
        if len(chunk) == LOAD_CHUNK:
            await _copy(targets, chunk)
            chunk = []
    await _copy(targets, chunk)
    for target in targets:
        await set_chain_head(target, (VERIFY_CHANNEL, builder.seq, builder.hash))
        if not isinstance(target, sqlite3.Connection):
            await target.execute("VACUUM ANALYZE")
    path = folder / "checkpoints.jsonl"
    path.write_text("".join(line + "\n" for line in points), encoding="utf-8")
    return VerifyChannel(sample, path, signer.public_key)


async def _copy(targets: list[object], chunk: list[tuple[object, ...]]) -> None:
    for target in targets:
        await copy_rows(target, "roll_log", COLUMNS, chunk)


@dataclass(frozen=True, slots=True)
class VerifyFigures:
    """/verify latencies (ms) and full-chain times per record (µs), one database."""

    database: str
    latencies: list[float]
    compared: int
    reference_us: float
    fast_us: float
    whole_us: float
    whole_records: int
    intact: bool


async def verify_figures(database: str, engine: Any, channel: VerifyChannel,
                         compare: int) -> VerifyFigures:
    """/verify of sampled rolls through the real query (checkpoints from the file), then the
    whole chain: the reference path (records read into objects, ``verify_chain``) on its
    first ``compare`` records against the raw-row scan, and the scan over all of it."""
    log = SqlRollLog(engine)
    check = CheckpointCheck(FileCheckpointSink(channel.checkpoints), channel.public_key,
                            valid_signature)
    queries = RollLogQueries(log, log, check)
    guild = 900 + VERIFY_CHANNEL
    for roll_id, user in channel.rolls[:20]:  # warm up: the checkpoint file is read once
        await queries.verify(roll_id, user, guild, VERIFY_CHANNEL)
    latencies: list[float] = []
    intact = True
    for roll_id, user in channel.rolls:
        started = time.perf_counter()
        verification = await queries.verify(roll_id, user, guild, VERIFY_CHANNEL)
        latencies.append((time.perf_counter() - started) * 1000)
        intact = intact and verification.verdict.intact and not verification.problems
    started = time.perf_counter()
    verdict = verify_chain(VERIFY_CHANNEL, await log.chain(VERIFY_CHANNEL, upto_seq=compare))
    reference = time.perf_counter() - started
    started = time.perf_counter()
    fast = await log.scan(VERIFY_CHANNEL, upto_seq=compare)
    fast_s = time.perf_counter() - started
    head = await log.head(VERIFY_CHANNEL)
    started = time.perf_counter()
    whole = await log.scan(VERIFY_CHANNEL, head=head)
    whole_s = time.perf_counter() - started
    intact = intact and verdict.intact and fast.verdict.intact and whole.verdict.intact
    return VerifyFigures(database, latencies, verdict.checked, reference / compare * 1e6,
                         fast_s / compare * 1e6, whole_s / whole.verdict.checked * 1e6,
                         whole.verdict.checked, intact)


def verify_report(figures: list[VerifyFigures]) -> list[Verdict]:
    """The /verify table and its verdicts."""
    print(f"\n/verify of one roll, and the whole chain, in a channel of "
          f"{figures[0].whole_records:,} records (signed checkpoints every {EVERY_RECORDS}):")
    print(f"{'database':<12}{'/verify p50':>12}{'p99':>10}{'max':>10}"
          f"{'reference':>14}{'scan':>10}{'speedup':>10}{'whole chain':>14}")
    verdicts: list[Verdict] = []
    for f in figures:
        p50, p99 = percentile(f.latencies, 50), percentile(f.latencies, 99)
        speedup = f.reference_us / f.fast_us
        print(f"{f.database:<12}{p50:>9.2f} ms{p99:>7.2f} ms{max(f.latencies):>7.2f} ms"
              f"{f.reference_us:>9.1f} µs/r{f.fast_us:>6.1f} µs/r{speedup:>9.1f}x"
              f"{f.whole_us * f.whole_records / 1e6:>12.1f} s")
        verdicts += [
            Verdict(f"{f.database}: /verify p99 <= {VERIFY_P99_TARGET_MS:g} ms at "
                    f"{f.whole_records:,} records", p99 <= VERIFY_P99_TARGET_MS,
                    f"{p99:.2f} ms over {len(f.latencies)} rolls"),
            Verdict(f"{f.database}: full-chain verification >= "
                    f"{FULL_CHAIN_SPEEDUP_TARGET:g}x the reference path per record",
                    speedup >= FULL_CHAIN_SPEEDUP_TARGET,
                    f"{speedup:.1f}x ({f.reference_us:.1f} -> {f.fast_us:.1f} µs per record "
                    f"over {f.compared:,} records)"),
            Verdict(f"{f.database}: the big channel verifies", f.intact,
                    "intact" if f.intact else "BROKEN"),
        ]
    return verdicts


# -- the run -----------------------------------------------------------------------------------


def server_url() -> str:
    """Which server to use (see the module doc)."""
    return (os.environ.get("NAZH_BENCH_POSTGRES_URL") or os.environ.get("NAZH_TEST_POSTGRES_URL")
            or DEFAULT_SERVER)


async def run(args: argparse.Namespace) -> bool:
    """Every measurement on a scratch database; whether every target is met."""
    admin = make_url(server_url()).set(drivername="postgresql")
    name = f"nazh_bench_{uuid.uuid4().hex[:10]}"
    control = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        version = await control.fetchval("SHOW server_version")
        print(f"PostgreSQL {version} at {admin.render_as_string(hide_password=True)}, "
              f"scratch database {name}\n")
        await control.execute(f'CREATE DATABASE "{name}"')
        verdicts: list[Verdict] = []
        if args.only in {"all", "log"}:
            verdicts += await log_section(args, admin.set(database=name))
        if args.only in {"all", "verify"}:
            verdicts += await verify_section(args, admin.set(database=name))
        if args.only in {"all", "stats"}:
            verdicts += await stats_section(args, admin.set(database=f"{name}_stats"),
                                            control)
        print("\nTargets:")
        for verdict in verdicts:
            print(verdict.line())
        return all(verdict.passed for verdict in verdicts)
    finally:
        await control.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await control.close()


async def log_section(args: argparse.Namespace, url: Any) -> list[Verdict]:
    """Sections 1-4 on PostgreSQL (the scratch database) and SQLite (a temporary file)."""
    with tempfile.TemporaryDirectory(prefix="nazh-bench-") as folder:
        urls = {"PostgreSQL": url.set(drivername="postgresql+asyncpg")
                .render_as_string(hide_password=False),
                "SQLite": f"sqlite+aiosqlite:///{folder}/log.db"}
        engines = {name: create_engine(database) for name, database in urls.items()}
        try:
            for engine in engines.values():
                await upgrade_database(engine)
            postgres = await asyncpg.connect(url.render_as_string(hide_password=False))
            lite = sqlite3.connect(f"{folder}/log.db")
            try:
                built, loaded = await bulk_load_log({"PostgreSQL": postgres, "SQLite": lite},
                                                    args.rows)
            finally:
                await postgres.close()
                lite.close()
            figures = [await log_figures(name, urls[name], engine, args.rows, loaded[name],
                                         args.queries)
                       for name, engine in engines.items()]
        finally:
            for engine in engines.values():
                await engine.dispose()
    return log_report(figures, built, percentile)


async def verify_section(args: argparse.Namespace, url: Any) -> list[Verdict]:
    """Section 5 on PostgreSQL (the scratch database) and SQLite (a temporary file)."""
    with tempfile.TemporaryDirectory(prefix="nazh-bench-") as folder:
        sqlite_url = f"sqlite+aiosqlite:///{folder}/rolls.db"
        engines = {"PostgreSQL": create_engine(url.set(drivername="postgresql+asyncpg")),
                   "SQLite": create_engine(sqlite_url)}
        try:
            for engine in engines.values():
                await upgrade_database(engine)
            started = time.perf_counter()
            postgres = await asyncpg.connect(url.render_as_string(hide_password=False))
            lite = sqlite3.connect(f"{folder}/rolls.db")
            try:
                channel = await load_verify_channel([postgres, lite], args.verify_rows,
                                                    Path(folder))
            finally:
                await postgres.close()
                lite.close()
            print(f"\nLoaded one channel of {args.verify_rows:,} records into both databases "
                  f"in {time.perf_counter() - started:.0f} s")
            figures = [await verify_figures(name, engine, channel,
                                            min(args.compare_rows, args.verify_rows))
                       for name, engine in engines.items()]
        finally:
            for engine in engines.values():
                await engine.dispose()
    return verify_report(figures)


async def stats_section(args: argparse.Namespace, url: Any, control: Any) -> list[Verdict]:
    """Section 6 (see :mod:`benchmarks.stats_load`) on PostgreSQL (a second scratch database)
    and SQLite (a temporary file)."""
    await control.execute(f'CREATE DATABASE "{url.database}"')
    try:
        with tempfile.TemporaryDirectory(prefix="nazh-bench-") as folder:
            engines = {"PostgreSQL": create_engine(url.set(drivername="postgresql+asyncpg")),
                       "SQLite": create_engine(f"sqlite+aiosqlite:///{folder}/stats.db")}
            try:
                for engine in engines.values():
                    await upgrade_database(engine)
                started = time.perf_counter()
                server = await load_stats(engines, args.stats_rolls, templates())
                print(f"\nCounted {args.stats_rolls:,} rolls into both databases in "
                      f"{time.perf_counter() - started:.0f} s")
                figures = [await stats_figures(name, engine, server, args.stats_repeats)
                           for name, engine in engines.items()]
            finally:
                for engine in engines.values():
                    await engine.dispose()
    finally:
        await control.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    return stats_report(figures, server, percentile)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storage",
                                     description="The roll log on PostgreSQL and SQLite.")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="records loaded before the /history queries (default 1,000,000)")
    parser.add_argument("--queries", type=int, default=2_000,
                        help="timed /history queries (default 2,000, 100 a second)")
    parser.add_argument("--verify-rows", type=int, default=1_000_000,
                        help="records in the channel /verify is timed in (default 1,000,000)")
    parser.add_argument("--compare-rows", type=int, default=100_000,
                        help="records verified by both paths for the speedup (default 100,000)")
    parser.add_argument("--stats-rolls", type=int, default=1_000_000,
                        help="rolls in the server /stats is timed in (default 1,000,000)")
    parser.add_argument("--stats-repeats", type=int, default=30,
                        help="timed asks of each /stats case (default 30)")
    parser.add_argument("--only", choices=("all", "log", "verify", "stats"), default="all",
                        help="run only sections 1-4 (log), 5 (verify) or 6 (stats)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    passed = asyncio.run(run(args))
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
