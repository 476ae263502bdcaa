"""The roll log on PostgreSQL: batched insert throughput and /history latency at 1M rows.

Run from the repository root, with a PostgreSQL server whose user may create databases::

    .venv/bin/python -m benchmarks.storage            # prints the tables, always exits 0
    .venv/bin/python -m benchmarks.storage --check    # exits 1 when a target is missed

The server is ``NAZH_BENCH_POSTGRES_URL``, else ``NAZH_TEST_POSTGRES_URL``, else
``postgresql://postgres@127.0.0.1:5432/test``. A scratch database ``nazh_bench_<random>`` is
created, migrated with the real migrations and dropped at the end.

1. Bulk load: ``--rows`` (1,000,000) valid, hash-chained records in 200 channels (five big
   channels hold half of them; 15% private rolls, 10% amendments), with their chain heads and
   roll heads, through ``COPY``; then ``VACUUM ANALYZE`` (what autovacuum does in service).
2. Insert throughput: ``--batches`` batches of 500 realistic records (real rolls, 10%
   amendments) across 50 channels through ``SqlRollLog.append``, one after the other as the
   write-behind writer sends them. Target: at least 5,000 rolls/s.
3. /history latency: ``--queries`` ``SqlRollLog.recent`` calls as ``/history`` makes them (a page
   of 10, plus one to know whether there is more) on random channels (half of them big) with
   random viewers, a quarter filtered by roller, some on later pages. Measured in the client
   (SQLAlchemy + asyncpg + loopback). Target: p99 at most 5 ms.
4. For information: ``nazh log verify`` of the biggest channel.
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: python benchmarks/storage.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from sqlalchemy.engine import make_url

from benchmarks.report import Verdict
from benchmarks.stats_load import load_stats, stats_figures, stats_report
from nazh.adapters.crypto.ed25519 import Ed25519Signer, new_key, valid_signature
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.checkpoint_file import FileCheckpointSink
from nazh.adapters.storage.database import canonical_json, create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.checkpoints import (
    EVERY_RECORDS,
    Checkpoint,
    CheckpointCheck,
    SignedCheckpoint,
)
from nazh.application.history import RollLogQueries
from nazh.application.logged_store import entry_of
from nazh.application.roll_log import GENESIS_HASH, LogEntry, chain_hash, verify_chain
from nazh.application.rolls import RollDice
from nazh.application.table import Roller, RollRecord, new_roll_id
from nazh.domain.errors import NazhError

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
INSERT_TARGET = 5_000.0
"""Rolls per second appended through ``SqlRollLog.append`` in batches of 500."""
HISTORY_P99_TARGET_MS = 5.0
"""99th percentile of a /history query at 1,000,000 rows."""
BATCH_SIZE = 500
INSERT_CHANNELS = 50
LOAD_CHANNELS = 200
BIG_CHANNELS = 5
USERS_PER_CHANNEL = 40
PRIVATE_SHARE = 0.15
AMEND_SHARE = 0.10
PAGE = 10
NOTATIONS = ("a1d20+5, 2d6+3", "1d20+3", "d20+4", "d1d20+6, 1d8+4", "3d6", "a1d20+7",
             "1d20+2, 1d10+2", "2d20")
LABELS = (None, None, None, "Stealth", "Athletics", "Longsword", "Insight")
START = datetime(2024, 1, 1, tzinfo=UTC)
COLUMNS = ("channel_id", "seq", "entry_id", "roll_id", "version", "kind", "at", "guild_id",
           "user_id", "notation", "label", "dc", "private", "result", "prev_hash", "hash")


# -- realistic records -------------------------------------------------------------------------


class Rolls:
    """Real rolls (seeded), as the bot logs them: version 1, and a plot die added later."""

    def __init__(self, seed: int) -> None:
        self._rng = SeededRandomSource(seed)
        self._dice = RollDice(self._rng)
        self._choice = random.Random(seed)

    def roll(self, channel: int, user: int, at: datetime, roll_id: str | None = None,
             private: bool = False) -> RollRecord:
        """A new roll (version 1)."""
        notation = self._choice.choice(NOTATIONS)
        dc = self._choice.choice((None, 12, 15, 18))
        result = self._dice(notation, dc=dc)
        return RollRecord(roll_id or new_roll_id(self._rng), Roller(user, channel, 900 + channel),
                          notation, result, at, self._choice.choice(LABELS), private)

    def amend(self, record: RollRecord) -> RollRecord | None:
        """The roll with a plot die added (version + 1), ``None`` when it cannot take one."""
        try:
            result = self._dice.add_plot_die(record.result)
        except NazhError:
            return None
        return RollRecord(record.roll_id, record.roller, record.notation, result,
                          record.created_at, record.label, record.private, record.version + 1)


def insert_batches(batches: int, seed: int = 7) -> list[list[LogEntry]]:
    """``batches`` batches of 500 records across 50 channels (10% amendments)."""
    rolls, choice = Rolls(seed), random.Random(seed)
    recent: list[RollRecord] = []
    made: list[LogEntry] = []
    at = datetime.now(UTC)
    while len(made) < batches * BATCH_SIZE:
        at += timedelta(milliseconds=200)
        amended = rolls.amend(recent.pop(choice.randrange(len(recent)))) \
            if recent and choice.random() < AMEND_SHARE else None
        record = amended or rolls.roll(choice.randrange(1, INSERT_CHANNELS + 1),
                                       choice.randrange(1, 500), at,
                                       private=choice.random() < PRIVATE_SHARE)
        recent = ([*recent, record] if record.version == 1 else recent)[-200:]
        made.append(entry_of(record))
    return [made[i:i + BATCH_SIZE] for i in range(0, len(made), BATCH_SIZE)]


# -- bulk load ---------------------------------------------------------------------------------


@dataclass
class Channel:
    """A channel of the bulk load: its id, size and roll heads."""

    channel_id: int
    size: int
    users: list[int]


def load_channels(rows: int) -> list[Channel]:
    """Half of the rows in five big channels, the rest spread over 195 channels."""
    big = rows // 2 // BIG_CHANNELS
    small_total = rows - big * BIG_CHANNELS
    small, extra = divmod(small_total, LOAD_CHANNELS - BIG_CHANNELS)
    sizes = [big] * BIG_CHANNELS + [small + (i < extra) for i in range(LOAD_CHANNELS -
                                                                        BIG_CHANNELS)]
    choice = random.Random(11)
    return [Channel(10_000 + n, size, choice.sample(range(1, 5_000), USERS_PER_CHANNEL))
            for n, size in enumerate(sizes)]


Template = tuple[LogEntry, LogEntry | None]
"""A pre-rolled record and its amendment (if the roll can take a plot die)."""


def templates(count: int = 2_000) -> list[Template]:
    """Pre-rolled records (and their amendment) that the bulk load cycles through."""
    rolls = Rolls(3)
    made: list[Template] = []
    for n in range(count):
        record = rolls.roll(0, 0, START, roll_id=f"t{n:09d}")
        amended = rolls.amend(record)
        made.append((entry_of(record), None if amended is None else entry_of(amended)))
    return made


class ChainBuilder:
    """Builds one channel's hash-chained rows, its roll heads and its chain head."""

    def __init__(self, channel: Channel, pool: list[Template], seed: int) -> None:
        self.channel = channel
        self._pool = pool
        self._choice = random.Random(seed)
        self.seq = 0
        self.hash = GENESIS_HASH
        self.heads: dict[str, list[Any]] = {}
        self._open: list[tuple[str, int, bool, datetime, LogEntry]] = []

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row of the channel, in sequence order."""
        span = timedelta(days=365) / max(self.channel.size, 1)
        for n in range(self.channel.size):
            at = START + n * span
            amend = self._open and self._choice.random() < AMEND_SHARE
            yield self._amendment() if amend else self._new_roll(at)

    def _new_roll(self, at: datetime) -> tuple[Any, ...]:
        template, amended = self._choice.choice(self._pool)
        user = self._choice.choice(self.channel.users)
        private = self._choice.random() < PRIVATE_SHARE
        roll_id = f"c{self.channel.channel_id}n{self.seq}"
        entry = _retarget(template, roll_id, self.channel.channel_id, user, at, private)
        if amended is not None:
            self._open = [*self._open[-30:], (roll_id, user, private, at, amended)]
        row = self._append(entry)
        self.heads[roll_id] = [roll_id, self.channel.channel_id, self.seq, self.seq, user,
                               private]
        return row

    def _amendment(self) -> tuple[Any, ...]:
        roll_id, user, private, at, amended = self._open.pop(
            self._choice.randrange(len(self._open)))
        entry = _retarget(amended, roll_id, self.channel.channel_id, user, at, private)
        row = self._append(entry)
        self.heads[roll_id][3] = self.seq
        return row

    def _append(self, entry: LogEntry) -> tuple[Any, ...]:
        self.seq += 1
        digest = chain_hash(self.hash, entry)
        row = (entry.channel_id, self.seq, entry.entry_id, entry.roll_id, entry.version,
               entry.kind.value, entry.at, entry.guild_id, entry.user_id, entry.notation,
               entry.label, entry.dc, entry.private, canonical_json(entry.result), self.hash,
               digest)
        self.hash = digest
        return row


def _retarget(entry: LogEntry, roll_id: str, channel: int, user: int, at: datetime,
              private: bool) -> LogEntry:
    return LogEntry(roll_id, entry.version, entry.kind, at, channel, user, entry.notation,
                    entry.result, 900 + channel, entry.label, entry.dc, private)


async def bulk_load(dsn: str, rows: int) -> dict[str, float]:
    """COPY ``rows`` chained records (and heads) into the migrated database; seconds spent."""
    pool = templates()
    connection = await asyncpg.connect(dsn)
    spent = {"generate": 0.0, "copy": 0.0}
    try:
        await connection.execute("SET synchronous_commit = off")
        for n, channel in enumerate(load_channels(rows)):
            await _load_channel(connection, ChainBuilder(channel, pool, n), spent)
        started = time.perf_counter()
        await connection.execute("VACUUM ANALYZE")
        spent["vacuum"] = time.perf_counter() - started
    finally:
        await connection.close()
    return spent


async def _load_channel(connection: Any, builder: ChainBuilder,
                        spent: dict[str, float]) -> None:
    started = time.perf_counter()
    records = list(builder.rows())
    generated = time.perf_counter()
    await connection.copy_records_to_table("roll_log", records=records, columns=COLUMNS)
    await connection.copy_records_to_table(
        "roll_heads", records=[tuple(head) for head in builder.heads.values()],
        columns=("roll_id", "channel_id", "first_seq", "latest_seq", "user_id", "private"))
    await connection.execute("INSERT INTO chain_heads (channel_id, seq, hash) VALUES ($1, $2, $3)",
                             builder.channel.channel_id, builder.seq, builder.hash)
    spent["generate"] += generated - started
    spent["copy"] += time.perf_counter() - generated


# -- measurements ------------------------------------------------------------------------------


async def insert_throughput(log: SqlRollLog, batches: list[list[LogEntry]]) -> list[float]:
    """Seconds per batch appended (the first two, warming up, are not counted)."""
    for batch in batches[:2]:
        await log.append(batch)
    times = []
    for batch in batches[2:]:
        started = time.perf_counter()
        await log.append(batch)
        times.append(time.perf_counter() - started)
    return times


async def history_latency(log: SqlRollLog, channels: list[Channel], queries: int) -> list[float]:
    """Milliseconds per /history query (after 200 untimed ones)."""
    choice = random.Random(5)
    big, small = channels[:BIG_CHANNELS], channels[BIG_CHANNELS:]
    calls = [_history_call(choice, big if n % 2 else small) for n in range(queries + 200)]
    times = []
    for channel, viewer, user, offset in calls:
        started = time.perf_counter()
        await log.recent(channel, viewer_id=viewer, user_id=user, limit=PAGE + 1, offset=offset)
        times.append((time.perf_counter() - started) * 1000)
    return times[200:]


def _history_call(choice: random.Random,
                  channels: list[Channel]) -> tuple[int, int, int | None, int]:
    channel = choice.choice(channels)
    viewer = choice.choice(channel.users)
    user = choice.choice(channel.users) if choice.random() < 0.25 else None
    offset = choice.choices((0, PAGE, 2 * PAGE, 5 * PAGE), weights=(70, 15, 10, 5))[0]
    return channel.channel_id, viewer, user, offset


async def verify_time(log: SqlRollLog, channel_id: int) -> tuple[float, int, bool]:
    """Seconds to read and verify one channel's chain, its length, and the verdict."""
    started = time.perf_counter()
    chain = await log.chain(channel_id)
    verdict = verify_chain(channel_id, chain)
    return time.perf_counter() - started, len(chain), verdict.intact


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


def sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A bulk-load row as SQLAlchemy stores it in SQLite (time as text, booleans as 0/1)."""
    values = list(row)
    values[6] = values[6].strftime("%Y-%m-%d %H:%M:%S.%f")
    values[12] = int(values[12])
    return tuple(values)


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
    chunk: list[tuple[Any, ...]] = []
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
        head = (VERIFY_CHANNEL, builder.seq, builder.hash)
        if isinstance(target, sqlite3.Connection):
            target.execute("INSERT INTO chain_heads (channel_id, seq, hash) VALUES (?, ?, ?)",
                           head)
            target.commit()
        else:
            await target.execute(
                "INSERT INTO chain_heads (channel_id, seq, hash) VALUES ($1, $2, $3)", *head)
            await target.execute("VACUUM ANALYZE")
    path = folder / "checkpoints.jsonl"
    path.write_text("".join(line + "\n" for line in points), encoding="utf-8")
    return VerifyChannel(sample, path, signer.public_key)


async def _copy(targets: list[Any], chunk: list[tuple[Any, ...]]) -> None:
    for target in targets:
        if isinstance(target, sqlite3.Connection):
            target.executemany(f"INSERT INTO roll_log ({', '.join(COLUMNS)}) VALUES "
                               f"({', '.join('?' * len(COLUMNS))})",
                               [sqlite_row(row) for row in chunk])
            target.commit()
        else:
            await target.copy_records_to_table("roll_log", records=chunk, columns=COLUMNS)


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
        await queries.verify(roll_id, user, guild)
    latencies: list[float] = []
    intact = True
    for roll_id, user in channel.rolls:
        started = time.perf_counter()
        verification = await queries.verify(roll_id, user, guild)
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
            verdicts += await _measure(args, admin.set(database=name))
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


async def _measure(args: argparse.Namespace, url: Any) -> list[Verdict]:
    engine = create_engine(url.set(drivername="postgresql+asyncpg"))
    try:
        await upgrade_database(engine)
        log = SqlRollLog(engine)
        started = time.perf_counter()
        spent = await bulk_load(url.render_as_string(hide_password=False), args.rows)
        load_s = time.perf_counter() - started
        print(f"Bulk load: {args.rows:,} records in {LOAD_CHANNELS} channels in {load_s:.1f} s "
              f"(build + hash {spent['generate']:.1f} s, COPY {spent['copy']:.1f} s, "
              f"VACUUM ANALYZE {spent['vacuum']:.1f} s)")
        batches = insert_batches(args.batches + 2)
        batch_times = await insert_throughput(log, batches)
        history = await history_latency(log, load_channels(args.rows), args.queries)
        verify_s, verified, intact = await verify_time(log, 10_000)
    finally:
        await engine.dispose()
    return report(batch_times, history, (verify_s, verified, intact))


def report(batch_times: list[float], history: list[float],
           verify: tuple[float, int, bool]) -> list[Verdict]:
    """Print the table; the verdicts."""
    rate = BATCH_SIZE * len(batch_times) / sum(batch_times)
    batch_ms = sorted(t * 1000 for t in batch_times)
    p50, p95, p99 = (percentile(history, q) for q in (50, 95, 99))
    verify_s, verified, intact = verify
    print(f"\n{'measurement':<44}{'value':>24}   target")
    print(f"{'insert throughput (batches of 500)':<44}{rate:>17,.0f} rolls/s   "
          f">= {INSERT_TARGET:,.0f}")
    print(f"{'  batch latency p50 / p99':<44}"
          f"{f'{percentile(batch_ms, 50):.1f} / {percentile(batch_ms, 99):.1f} ms':>24}")
    print(f"{f'/history latency ({len(history):,} queries) p50':<44}{p50:>21.2f} ms")
    print(f"{'/history latency p95':<44}{p95:>21.2f} ms")
    print(f"{'/history latency p99':<44}{p99:>21.2f} ms   <= {HISTORY_P99_TARGET_MS:g} ms")
    print(f"{'/history latency max':<44}{max(history):>21.2f} ms")
    print(f"{f'verify one chain ({verified:,} records)':<44}{verify_s:>22.2f} s   "
          f"({'intact' if intact else 'BROKEN'})")
    return [
        Verdict(f"insert throughput >= {INSERT_TARGET:,.0f} rolls/s", rate >= INSERT_TARGET,
                f"{rate:,.0f} rolls/s"),
        Verdict(f"/history p99 <= {HISTORY_P99_TARGET_MS:g} ms", p99 <= HISTORY_P99_TARGET_MS,
                f"{p99:.2f} ms"),
        Verdict("the loaded chain verifies", intact, "intact" if intact else "BROKEN"),
    ]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storage",
                                     description="The roll log on PostgreSQL.")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="records loaded before the /history queries (default 1,000,000)")
    parser.add_argument("--batches", type=int, default=100,
                        help="timed batches of 500 appended (default 100)")
    parser.add_argument("--queries", type=int, default=1_000,
                        help="timed /history queries (default 1,000)")
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
