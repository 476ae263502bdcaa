"""The roll log under real traffic, on PostgreSQL and SQLite (``python -m benchmarks.storage
--only log``).

For each database, in this order:

1. Bulk load: ``--rows`` (1,000,000) valid, hash-chained records in 200 channels (five big
   channels hold half of them; 15% private rolls, 10% amendments) with their chain and roll
   heads, through ``COPY`` (PostgreSQL) or ``executemany`` in transactions of 50,000 rows
   (SQLite). No ``VACUUM`` or ``ANALYZE`` afterwards: what the server does by itself is all
   the queries get.
2. Insert throughput through the bot's own ``SqlRollLog.append`` (with the stats ``Tallier``,
   as the bot runs it) at the batch sizes the log writer produces: 1 roll per transaction (a
   quiet bot: group commit finds one roll ready), 10, 100 and 500 (its largest batch), on
   realistic records (real rolls, 10% amendments) across 50 channels. Targets: what the
   writer needs, which gathers 25 ms of rolls per transaction: 300 rolls/s at batches of 10
   and 1,000 rolls/s at batches of 100.
3. /history under writes: ``--queries`` ``SqlRollLog.recent`` calls as ``/history`` makes
   them (a page of 10 plus one to know whether there is more; random channels, half of them
   big, random viewers, a quarter filtered by roller, some on later pages), 100 a second
   (2,000 take 20 s), while another process appends 100 rolls a second, one roll per
   transaction, half of them into the big channels being read and half into others. Target:
   p99 at most 5 ms on each database.
4. The big channel written during step 3 still verifies from its first record.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks.report import Verdict
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.database import canonical_json, create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import GENESIS_HASH, LogEntry, chain_hash, verify_chain
from nazh.application.odds.use_cases import OddsOf
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.shared.ids import new_roll_id
from nazh.application.stats.dice_stats import Tallier
from nazh.domain.errors import NazhError

HISTORY_P99_TARGET_MS = 5.0
"""99th percentile of a /history query at 1,000,000 rows, under 100 writes a second."""
WRITER_TARGETS = {10: 300.0, 100: 1_000.0}
"""Rolls per second the log writer must sustain at a batch size: it gathers the rolls of 25 ms
into one transaction, so 300 /roll a second (the load target) makes batches of about 10 and
1,000 a second (the load benchmark's top rate) batches of 100 or less."""
BATCH_ROLLS = {1: 600, 10: 3_000, 100: 10_000, 500: 20_000}
"""Rolls appended (after two untimed batches) for each batch size."""
WRITE_RATE = 100.0
QUERY_RATE = 100.0
"""/history queries a second (after 200 warm-up ones): 2,000 take 20 s of writes."""
LOAD_CHANNELS = 200
BIG_CHANNELS = 5
INSERT_CHANNELS = 50
USERS_PER_CHANNEL = 40
PRIVATE_SHARE = 0.15
AMEND_SHARE = 0.10
PAGE = 10
LOAD_CHUNK = 50_000
NOTATIONS = ("a1d20+5, 2d6+3", "1d20+3", "d20+4", "d1d20+6, 1d8+4", "3d6", "a1d20+7",
             "1d20+2, 1d10+2", "2d20")
LABELS = (None, None, None, "Stealth", "Athletics", "Longsword", "Insight")
START = datetime(2024, 1, 1, tzinfo=UTC)
COLUMNS = ("channel_id", "seq", "entry_id", "roll_id", "version", "kind", "at", "guild_id",
           "user_id", "notation", "label", "dc", "private", "result", "prev_hash", "hash")
HEAD_COLUMNS = ("roll_id", "channel_id", "first_seq", "latest_seq", "user_id", "private")


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


class Traffic:
    """An endless stream of log entries as players make them: new rolls in the given channels
    (``(channel, users)``), and 10% of the time a plot die added to a recent roll."""

    def __init__(self, channels: Sequence[tuple[int, Sequence[int]]], seed: int) -> None:
        self._channels = channels
        self._rolls = Rolls(seed)
        self._choice = random.Random(seed)
        self._recent: list[RollRecord] = []

    def next(self, at: datetime) -> LogEntry:
        """The next entry, made at ``at``."""
        choice = self._choice
        amended = self._rolls.amend(self._recent.pop(choice.randrange(len(self._recent)))) \
            if self._recent and choice.random() < AMEND_SHARE else None
        if amended is not None:
            return entry_of(amended)
        channel, users = choice.choice(self._channels)
        record = self._rolls.roll(channel, choice.choice(users), at,
                                  private=choice.random() < PRIVATE_SHARE)
        self._recent = [*self._recent, record][-200:]
        return entry_of(record)


def insert_entries(count: int, seed: int) -> list[LogEntry]:
    """``count`` entries across the 50 insert channels, 200 ms apart."""
    traffic = Traffic([(channel, range(1, 500)) for channel in range(1, INSERT_CHANNELS + 1)],
                      seed)
    at = datetime.now(UTC)
    return [traffic.next(at + timedelta(milliseconds=200 * n)) for n in range(count)]


# -- bulk load ---------------------------------------------------------------------------------


@dataclass
class Channel:
    """A channel of the bulk load: its id, size and players."""

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
        self.heads: dict[str, list[object]] = {}
        self._open: list[tuple[str, int, bool, datetime, LogEntry]] = []

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row of the channel, in sequence order."""
        span = timedelta(days=365) / max(self.channel.size, 1)
        for n in range(self.channel.size):
            at = START + n * span
            amend = self._open and self._choice.random() < AMEND_SHARE
            yield self._amendment() if amend else self._new_roll(at)

    def _new_roll(self, at: datetime) -> tuple[object, ...]:
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

    def _amendment(self) -> tuple[object, ...]:
        roll_id, user, private, at, amended = self._open.pop(
            self._choice.randrange(len(self._open)))
        entry = _retarget(amended, roll_id, self.channel.channel_id, user, at, private)
        row = self._append(entry)
        self.heads[roll_id][3] = self.seq
        return row

    def _append(self, entry: LogEntry) -> tuple[object, ...]:
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


def sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A bulk-load row as SQLAlchemy stores it in SQLite (time as text, booleans as 0/1)."""
    values = list(row)
    values[6] = values[6].strftime("%Y-%m-%d %H:%M:%S.%f")
    values[12] = int(values[12])
    return tuple(values)


async def copy_rows(target: Any, table: str, columns: Sequence[str],
                    rows: list[tuple[Any, ...]]) -> None:
    """Bulk-insert ``rows`` into an asyncpg connection (``COPY``) or a sqlite3 connection
    (``executemany`` in one transaction; log rows converted with :func:`sqlite_row`)."""
    if not isinstance(target, sqlite3.Connection):
        await target.copy_records_to_table(table, records=rows, columns=columns)
        return
    if table == "roll_log":
        rows = [sqlite_row(row) for row in rows]
    elif table == "roll_heads":
        rows = [(*row[:5], int(row[5])) for row in rows]
    target.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                       f"({', '.join('?' * len(columns))})", rows)
    target.commit()


async def set_chain_head(target: Any, head: tuple[int, int, str]) -> None:
    """Store a channel's chain head in either kind of connection."""
    if isinstance(target, sqlite3.Connection):
        target.execute("INSERT INTO chain_heads (channel_id, seq, hash) VALUES (?, ?, ?)", head)
        target.commit()
    else:
        await target.execute(
            "INSERT INTO chain_heads (channel_id, seq, hash) VALUES ($1, $2, $3)", *head)


async def bulk_load(targets: dict[str, object], rows: int) -> tuple[float, dict[str, float]]:
    """Build ``rows`` chained records (and heads) once and load them into every target;
    the seconds spent building, and loading into each target."""
    pool = templates()
    built = 0.0
    loaded = dict.fromkeys(targets, 0.0)
    for n, channel in enumerate(load_channels(rows)):
        started = time.perf_counter()
        builder = ChainBuilder(channel, pool, n)
        records = list(builder.rows())
        heads = [tuple(head) for head in builder.heads.values()]
        built += time.perf_counter() - started
        for name, target in targets.items():
            started = time.perf_counter()
            for at in range(0, len(records), LOAD_CHUNK):
                await copy_rows(target, "roll_log", COLUMNS, records[at:at + LOAD_CHUNK])
            await copy_rows(target, "roll_heads", HEAD_COLUMNS, heads)
            await set_chain_head(target, (channel.channel_id, builder.seq, builder.hash))
            loaded[name] += time.perf_counter() - started
    return built, loaded


# -- measurements ------------------------------------------------------------------------------


def production_log(engine: Any) -> SqlRollLog:
    """The roll log as the bot composes it (stats counted in the same transaction)."""
    return SqlRollLog(engine, Tallier(OddsOf(NumpyConvolution())))


async def insert_throughput(log: SqlRollLog, size: int, seed: int) -> list[float]:
    """Seconds per batch of ``size`` rolls (two more batches first, untimed)."""
    entries = insert_entries(BATCH_ROLLS[size] + 2 * size, seed)
    batches = [entries[at:at + size] for at in range(0, len(entries), size)]
    for batch in batches[:2]:
        await log.append(batch)
    times = []
    for batch in batches[2:]:
        started = time.perf_counter()
        await log.append(batch)
        times.append(time.perf_counter() - started)
    return times


async def history_latency(log: SqlRollLog, channels: list[Channel], queries: int) -> list[float]:
    """Milliseconds per /history query, ``QUERY_RATE`` a second (after 200 untimed ones)."""
    choice = random.Random(5)
    big, small = channels[:BIG_CHANNELS], channels[BIG_CHANNELS:]
    calls = [_history_call(choice, big if n % 2 else small) for n in range(queries + 200)]
    times = []
    started = 0.0
    for n, (channel, viewer, user, offset) in enumerate(calls):
        if n == 200:
            started = time.perf_counter()
        if n > 200:
            delay = started + (n - 200) / QUERY_RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        begun = time.perf_counter()
        await log.recent(channel, viewer_id=viewer, user_id=user, limit=PAGE + 1, offset=offset)
        times.append((time.perf_counter() - begun) * 1000)
    return times[200:]


def _history_call(choice: random.Random,
                  channels: list[Channel]) -> tuple[int, int, int | None, int]:
    channel = choice.choice(channels)
    viewer = choice.choice(channel.users)
    user = choice.choice(channel.users) if choice.random() < 0.25 else None
    offset = choice.choices((0, PAGE, 2 * PAGE, 5 * PAGE), weights=(70, 15, 10, 5))[0]
    return channel.channel_id, viewer, user, offset


def write_channels(loaded: list[Channel]) -> list[tuple[int, list[int]]]:
    """Where the writer writes: the five big channels (which /history reads) and as many
    channels nobody reads, so half of the writes land in each."""
    others = [(channel_id, list(range(1, 500))) for channel_id in range(1, BIG_CHANNELS + 1)]
    return [(c.channel_id, c.users) for c in loaded[:BIG_CHANNELS]] + others


@dataclass(frozen=True, slots=True)
class WriterFigures:
    """What the background writer did: rolls written, over how long, commit latencies (ms)."""

    written: int
    seconds: float
    commits_ms: list[float]


def _writer_main(url: str, channels: list[tuple[int, list[int]]], rate: float,
                 ready: object, stop: object, results: object) -> None:
    asyncio.run(_write_at_rate(url, channels, rate, ready, stop, results))


async def _write_at_rate(url: str, channels: list[tuple[int, list[int]]], rate: float,
                         ready: Any, stop: Any, results: Any) -> None:
    engine = create_engine(url)
    try:
        log = production_log(engine)
        traffic = Traffic(channels, 23)
        for _ in range(5):  # warm up: connections, statement caches, the tallier's odds
            await log.append([traffic.next(datetime.now(UTC))])
        ready.set()
        commits: list[float] = []
        started = time.perf_counter()
        while not stop.is_set():
            delay = started + len(commits) / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            entry = traffic.next(datetime.now(UTC))
            begun = time.perf_counter()
            await log.append([entry])
            commits.append((time.perf_counter() - begun) * 1000)
        results.put(WriterFigures(len(commits), time.perf_counter() - started, commits))
    finally:
        await engine.dispose()


async def history_under_writes(url: str, log: SqlRollLog, loaded: list[Channel],
                               queries: int) -> tuple[list[float], WriterFigures]:
    """/history latencies while another process writes 100 rolls a second."""
    context = multiprocessing.get_context("spawn")
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    writer = context.Process(target=_writer_main, daemon=True,
                             args=(url, write_channels(loaded), WRITE_RATE, ready, stop,
                                   results))
    writer.start()
    try:
        if not await asyncio.to_thread(ready.wait, 120):
            raise RuntimeError("the background writer did not start")
        latencies = await history_latency(log, loaded, queries)
        stop.set()
        figures: WriterFigures = await asyncio.to_thread(results.get, True, 60)
    except queue.Empty as error:
        raise RuntimeError("the background writer did not report") from error
    finally:
        stop.set()
        await asyncio.to_thread(writer.join, 30)
        if writer.is_alive():
            writer.kill()
    return latencies, figures


@dataclass(frozen=True, slots=True)
class LogFigures:
    """One database's figures."""

    database: str
    rows: int
    load_s: float
    batches: dict[int, list[float]]
    history: list[float]
    writer: WriterFigures
    verified: int
    intact: bool


async def log_figures(database: str, url: str, engine: Any, rows: int, load_s: float,
                      queries: int) -> LogFigures:
    """Sections 2-4 on one loaded database."""
    log = production_log(engine)
    batches = {size: await insert_throughput(log, size, seed=size)
               for size in BATCH_ROLLS}
    reader = SqlRollLog(engine)
    history, writer = await history_under_writes(url, reader, load_channels(rows), queries)
    big = load_channels(rows)[0].channel_id
    verdict = verify_chain(big, await reader.chain(big))
    return LogFigures(database, rows, load_s, batches, history, writer, verdict.checked,
                      verdict.intact)


def log_report(figures: list[LogFigures], built_s: float, percentile: Any) -> list[Verdict]:
    """Print the tables; the verdicts."""
    rows = figures[0].rows
    print(f"\nThe roll log with {rows:,} records in {LOAD_CHANNELS} channels "
          f"(built and hashed once in {built_s:.0f} s):")
    print(f"{'database':<12}{'bulk load':>22}")
    for f in figures:
        print(f"{f.database:<12}{f'{rows / f.load_s:,.0f} rolls/s ({f.load_s:.0f} s)':>22}")
    print("\nInsert throughput through SqlRollLog.append (stats counted in the same "
          "transaction):")
    print(f"{'database':<12}{'rolls/batch':>12}{'rolls/s':>10}{'batch p50':>12}{'p99':>10}")
    verdicts: list[Verdict] = []
    for f in figures:
        for size, times in f.batches.items():
            rate = size * len(times) / sum(times)
            ms = [t * 1000 for t in times]
            print(f"{f.database:<12}{size:>12}{rate:>10,.0f}{percentile(ms, 50):>9.1f} ms"
                  f"{percentile(ms, 99):>7.1f} ms")
        for size, target in WRITER_TARGETS.items():
            rate = size * len(f.batches[size]) / sum(f.batches[size])
            verdicts.append(Verdict(
                f"{f.database}: the writer at batches of {size} >= {target:,.0f} rolls/s",
                rate >= target, f"{rate:,.0f} rolls/s"))
    print(f"\n/history ({len(figures[0].history):,} queries, {QUERY_RATE:g} a second) while "
          f"another process writes {WRITE_RATE:g} rolls/s, one per transaction, half into the "
          "channels read:")
    print(f"{'database':<12}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'written':>16}"
          f"{'commit p99':>12}")
    for f in figures:
        p50, p95, p99 = (percentile(f.history, q) for q in (50, 95, 99))
        achieved = f.writer.written / f.writer.seconds
        print(f"{f.database:<12}{p50:>6.2f} ms{p95:>6.2f} ms{p99:>6.2f} ms"
              f"{max(f.history):>6.2f} ms{f'{f.writer.written:,} ({achieved:.0f}/s)':>16}"
              f"{percentile(f.writer.commits_ms, 99):>9.1f} ms")
        verdicts += [
            Verdict(f"{f.database}: /history p99 <= {HISTORY_P99_TARGET_MS:g} ms at {rows:,} "
                    f"rows under {WRITE_RATE:g} writes/s", p99 <= HISTORY_P99_TARGET_MS,
                    f"{p99:.2f} ms ({achieved:.0f} writes/s achieved)"),
            Verdict(f"{f.database}: the writes kept pace (>= 95% of {WRITE_RATE:g}/s)",
                    achieved >= 0.95 * WRITE_RATE, f"{achieved:.1f}/s"),
            Verdict(f"{f.database}: a big channel written under load verifies", f.intact,
                    f"{f.verified:,} records, {'intact' if f.intact else 'BROKEN'}"),
        ]
    return verdicts
