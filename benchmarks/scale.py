"""Nazh scaled out: 1, 2 and 3 ``nazh serve`` replicas behind a real load balancer, on one
PostgreSQL, under a table's mixed load; what each roll costs, and whether anything was lost.

Run from the repository root, inside the virtualenv, with PostgreSQL and HAProxy at hand (the
README's environment: ``NAZH_TEST_POSTGRES_URL``, ``apt-get install haproxy``)::

    .venv/bin/python -m benchmarks.scale                 # 1, 2, 3 replicas, 20 s each
    .venv/bin/python -m benchmarks.scale --replicas 2 --seconds 10 --in-flight 8

For each replica count, a database of its own (made on the server of
``NAZH_TEST_POSTGRES_URL``, as the tests make theirs, and dropped after), the replicas, HAProxy
in front of them on loopback (health-checked on ``/readyz``, a POST whose replica fails before
answering retried on another: ``tests/e2e/balancer_kit.py``), and the fake Discord signing each
interaction and POSTing it through the balancer. Six tables (a server and channel each: a GM,
three players with characters in a live encounter against a boss of 999 health, a request
card) are set up first; then ``--in-flight`` interactions at a time, each sent as the one
before it is answered (closed loop: the rate is what the stack holds), for ``--seconds``: /roll
from 400 players in 40 servers and 97 channels, /attack with a weapon at the boss of a table,
"Add Plot Die" on a roll answered earlier, a player's speed chosen on the encounter card, and
request rolls (each player once per card; the GM posts a new card once all have rolled).
No REST rate-limit proxy runs here (its image cannot be built offline): REST goes straight to
the fake.

Printed per replica count: the interactions per second held, p50 and p99 (from the POST to the
balancer to its reply), each replica's CPU per interaction it handled (its
``nazh_interactions_total``), PostgreSQL's (the backends serving the benchmark's database, read
every 0.2 s: a pool's connections beyond its size come and go) and its time running statements
(``active_time``), and HAProxy's; the database's transactions, rows written and rows read per
interaction (``pg_stat_database``; PostgreSQL without ``pg_stat_statements`` counts no
statements), its growth in bytes per roll kept (every table: the once keys' kept answers and
the roll claims are pruned later), the roll log's own (``pg_total_relation_size``) and the WAL
per roll (the whole server's: other work on it adds to it), and the REST requests to channel
routes per interaction (card posts and edits, which Discord's global rate limit counts: what the
shared proxy paces). ``--only KIND ...`` offers only
those kinds (what one kind costs).

Then the checks, each ``ok`` or what broke: every roll an answer showed is in the roll log,
and no record is there twice; every chain verifies; each encounter's damage, replayed in log
order from 999, links each application's health before to the one after it and ends at the
health the encounter holds (no change lost to a race, none applied twice) and no roll landed
twice; every request keeps one result per player, each a logged roll. ``--check`` exits 1 when
a check fails. The absolute rates on a 2-core machine that also runs the balancer, PostgreSQL
and the fake are small; the per-interaction costs are what ``docs/capacity.md`` builds on.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from nacl.signing import SigningKey
from sqlalchemy import text

from nazh.adapters.storage.database import create_engine
from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.balancer_kit import LoadBalancer, haproxy
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.load import GUILDS, USERS, clicks, players_raise_stakes
from tests.e2e.scale_kit import (
    ADVERSARY,
    START_HEALTH,
    WEAPON,
    Application,
    PooledTarget,
    Replicas,
    Scene,
    Sent,
    answered_rolls,
    kept_encounters,
    logged_entries,
    request_results,
    send,
    settled,
)

REPLICA_COUNTS = (1, 2, 3)
SECONDS = 20.0
IN_FLIGHT = 12
SCENES = 6
MIX = (("roll", 45), ("attack", 20), ("plot", 10), ("card", 10), ("request", 15))
"""The share of each kind of interaction in the load (a request's new card included)."""
POOL = "a1d20+5, 2d6+3"
VALIDATE_EVERY = 50
UPDATES = (6, 7)
"""A click's answer updating its card: at once, or deferred (the card edited after)."""


# -- the checks -------------------------------------------------------------------------------

def roll_problems(answered: set[str], counts: Mapping[str, int],
                  broken: Sequence[str]) -> list[str]:
    """What is wrong with the roll log: an answered roll missing, a record twice, a chain
    that does not verify."""
    problems = [f"roll {roll} answered but not in the log" for roll in sorted(answered)
                if f"{roll}.1" not in counts]
    problems += [f"record {entry} is in the log {count} times"
                 for entry, count in sorted(counts.items()) if count != 1]
    problems += [f"the chain of channel {channel} does not verify" for channel in broken]
    return problems


def encounter_problems(start: int, applications: Sequence[Application],
                       health: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Each encounter's damage replayed in log order: each application starts from the
    health the one before left, and the last leaves the health kept; no roll lands twice."""
    problems: list[str] = []
    replayed: dict[tuple[str, str], int] = {}
    for applied in applications:
        key = (applied.encounter_id, applied.combatant)
        before = replayed.get(key, start)
        if applied.before != before:
            problems.append(f"{applied.combatant} in {applied.encounter_id}: an application "
                            f"from {applied.before}, the health was {before}")
        replayed[key] = applied.after
    for (encounter, combatant), after in sorted(replayed.items()):
        kept = health.get(encounter, {}).get(combatant)
        if kept != after:
            problems.append(f"{combatant} in {encounter}: kept {kept}, the log replays to "
                            f"{after}")
    landed = Counter(a.roll_id for a in applications if a.roll_id)
    problems += [f"roll {roll} landed {count} times" for roll, count in sorted(landed.items())
                 if count > 1]
    return problems


def request_problems(results: Mapping[str, Sequence[str]], counts: Mapping[str, int],
                     rolled: int) -> list[str]:
    """Every request result is a logged roll, kept once; as many results as rolls answered."""
    kept = [roll for rolls in results.values() for roll in rolls]
    problems = [f"request roll {roll} is not in the log" for roll in kept
                if f"{roll}.1" not in counts]
    problems += [f"request roll {roll} is kept {count} times"
                 for roll, count in sorted(Counter(kept).items()) if count > 1]
    if len(kept) != rolled:
        problems.append(f"{rolled} request rolls answered, {len(kept)} kept")
    return problems


# -- the load ---------------------------------------------------------------------------------

class Load:
    """Makes each next interaction of the mix and remembers what answers made clickable."""

    def __init__(self, fake: FakeDiscord, target: PooledTarget, scenes: list[Scene],
                 only: Sequence[str] = ()) -> None:
        self.fake = fake
        self.target = target
        self.scenes = scenes
        self.sent: list[Sent] = []
        self._kinds = self._schedule(only)
        self._counter = itertools.count()
        self._rolls_to_click: list[JsonObject] = []
        self._asking: set[int] = set()

    @staticmethod
    def _schedule(only: Sequence[str]) -> Iterator[str]:
        kinds = [kind for kind, share in MIX for _ in range(share) if not only or kind in only]
        random.Random(7).shuffle(kinds)
        return itertools.cycle(kinds)

    async def one(self) -> None:
        """Send the next interaction of the mix and wait for its answer."""
        kind = next(self._kinds)
        n = next(self._counter)
        sent = await getattr(self, f"_{kind}")(n)
        self.sent.append(sent)
        if sent.kind == "roll" and sent.answer is not None:
            self._rolls_to_click.append(sent.payload)

    async def _roll(self, n: int) -> Sent:
        payload = slash_command("roll", {"pool": POOL}, user=USERS[n % len(USERS)],
                                guild_id=GUILDS[n % len(GUILDS)],
                                channel_id=str(881111111111111100 + n % 97))
        return await send(self.fake, self.target, "roll", payload)

    async def _attack(self, n: int) -> Sent:
        scene = self.scenes[n % len(self.scenes)]
        player = scene.players[n // len(self.scenes) % len(scene.players)]
        return await send(self.fake, self.target, "attack",
                          scene.slash("attack", player, weapon=WEAPON, target=ADVERSARY))

    async def _plot(self, n: int) -> Sent:
        while self._rolls_to_click:
            found = clicks(self.fake, [self._rolls_to_click.pop(0)])
            if found:
                return await send(self.fake, self.target, "plot", found[0])
        return await self._roll(n)

    async def _card(self, n: int) -> Sent:
        scene = self.scenes[n % len(self.scenes)]
        card = scene.live_card(self.fake)
        if card is None:
            return await self._roll(n)
        player = scene.players[n // len(self.scenes) % len(scene.players)]
        label = "Fast" if n // len(self.scenes) % 2 else "Slow"
        try:
            payload = scene.click(self.fake, card, label, player)
        except LookupError:
            return await self._roll(n)
        return await send(self.fake, self.target, "card", payload)

    async def _request(self, n: int) -> Sent:
        scene = self.scenes[n % len(self.scenes)]
        waiting = [p for p in scene.players if str(p["id"]) not in scene.rolled]
        if scene.request_card is None or not waiting:
            if scene.number in self._asking:  # another worker is posting its new card
                return await self._roll(n)
            self._asking.add(scene.number)
            try:
                return await scene.ask(self.fake, self.target)
            finally:
                self._asking.discard(scene.number)
        player = waiting[0]
        scene.rolled.add(str(player["id"]))
        card = self.fake.message(scene.request_card)
        return await send(self.fake, self.target, "request roll",
                          scene.click(self.fake, card, "Roll", player))

    async def run(self, seconds: float, in_flight: int) -> float:
        """``in_flight`` workers for ``seconds``; the seconds it took."""
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await self.one()

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return time.perf_counter() - started


# -- what it cost -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Snapshot:
    """Counters read before and after the timed load."""

    replica_cpu: tuple[float, ...]
    handled: tuple[float, ...]
    backends: Mapping[int, float]
    balancer_cpu: float
    transactions: int
    rows_written: int
    rows_read: int
    database_bytes: int
    wal_bytes: int
    records: int
    log_bytes: int
    active_us: int


@dataclass(frozen=True, slots=True)
class Round:
    """One replica count's figures."""

    replicas: int
    seconds: float
    answered: int
    unanswered: int
    kinds: Mapping[str, int]
    p50_ms: float
    p99_ms: float
    replica_cpu_ms: tuple[float, ...]
    postgres_cpu_ms: float
    postgres_active_ms: float
    balancer_cpu_ms: float
    transactions: float
    rows_written: float
    rows_read: float
    bytes_per_roll: float
    wal_per_roll: float
    records: int
    log_bytes_per_roll: float
    problems: tuple[str, ...]
    table_bytes: Mapping[str, float] = field(default_factory=dict)
    """Each table's growth (its indexes included) per roll kept."""
    channel_rest: float = 0.0
    """REST requests to channel routes per interaction (card posts and edits: the requests
    Discord's global rate limit counts; interaction answers and their webhooks are outside)."""

    @property
    def rate(self) -> float:
        return self.answered / self.seconds


def backend_cpu(database: str) -> dict[int, float]:
    """The CPU seconds of each PostgreSQL backend serving ``database`` (from /proc)."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not words.startswith("postgres: ") or f" {database} " not in words:
                continue
            stat = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(cmdline.parent.name)] = (int(stat[11]) + int(stat[12])) / tick
    return found


class BackendSampler:
    """The CPU of the backends serving a database, read every ``every`` seconds while the load
    runs: a connection a pool opens beyond its size is closed when handed back, and its
    backend's CPU would be lost to a reading at the end only."""

    def __init__(self, database: str, every: float = 0.2) -> None:
        self._database = database
        self._every = every
        self.seen: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._sample())

    async def _sample(self) -> None:
        while True:
            self.seen.update(backend_cpu(self._database))
            await asyncio.sleep(self._every)

    def stop(self) -> dict[int, float]:
        """Every backend seen and its last CPU reading (a final reading included)."""
        if self._task is not None:
            self._task.cancel()
        self.seen.update(backend_cpu(self._database))
        return self.seen


async def database_counters(url: str) -> tuple[int, int, int, int, int, int, int, int]:
    """Transactions, rows written, rows read, the database's size, the WAL position, the
    records in the roll log, the roll log's size (its indexes included), and the time the
    backends spent running statements (µs)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(text(
                "select xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted,"
                " tup_fetched, pg_database_size(current_database()),"
                " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                " (select count(*) from roll_log), pg_total_relation_size('roll_log'),"
                " (active_time * 1000)::bigint"
                " from pg_stat_database where datname = current_database()"))).one()
            return tuple(int(value) for value in row)  # type: ignore[return-value]
    finally:
        await engine.dispose()


async def table_sizes(url: str) -> dict[str, int]:
    """Each table's size, its indexes and TOAST included."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text(
                "select relname, pg_total_relation_size(relid) from pg_stat_user_tables"))
            return {str(name): int(size) for name, size in rows}
    finally:
        await engine.dispose()


def database_of(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?", maxsplit=1)[0]


async def snapshot(url: str, replicas: Replicas, balancer: LoadBalancer,
                   backends: Mapping[int, float] | None = None) -> Snapshot:
    counters = await database_counters(url)
    return Snapshot(tuple(p.cpu_seconds() for p in replicas.processes),
                    tuple(await replicas.handled()),
                    backend_cpu(database_of(url)) if backends is None else backends,
                    balancer.cpu_seconds(), *counters)


async def stats_flushed(url: str) -> None:
    """Until the backends have reported their statistics (PostgreSQL 15 flushes a backend's
    counts within a second or so of its last transaction)."""
    last = None
    for _ in range(30):
        now = await database_counters(url)
        if now[:3] == (last or ())[:3]:
            return
        last = now
        await asyncio.sleep(1.0)


def costs(replicas: int, seconds: float, sent: Sequence[Sent], before: Snapshot,
          after: Snapshot, problems: list[str]) -> Round:
    answered = [s for s in sent if s.answer is not None]
    latencies = sorted(s.seconds * 1000 for s in answered)
    count = max(1, len(answered))
    handled = [a - b for a, b in zip(after.handled, before.handled, strict=True)]
    replica_cpu = tuple(1000 * (a - b) / max(1.0, n) for a, b, n in
                        zip(after.replica_cpu, before.replica_cpu, handled, strict=True))
    backends = sum(cpu - before.backends.get(pid, 0.0) for pid, cpu in after.backends.items())
    records = max(1, after.records - before.records)
    return Round(
        replicas, seconds, len(answered), len(sent) - len(answered),
        Counter(s.kind for s in answered),
        statistics.median(latencies) if latencies else float("nan"),
        _p99(latencies), replica_cpu, 1000 * backends / count,
        (after.active_us - before.active_us) / 1000 / count,
        1000 * (after.balancer_cpu - before.balancer_cpu) / count,
        (after.transactions - before.transactions) / count,
        (after.rows_written - before.rows_written) / count,
        (after.rows_read - before.rows_read) / count,
        (after.database_bytes - before.database_bytes) / records,
        (after.wal_bytes - before.wal_bytes) / records,
        after.records - before.records, (after.log_bytes - before.log_bytes) / records,
        tuple(problems))


def _p99(latencies: Sequence[float]) -> float:
    if not latencies:
        return float("nan")
    return latencies[min(len(latencies) - 1, round(0.99 * len(latencies)))]


# -- one replica count ------------------------------------------------------------------------

async def one_round(admin_url: str, count: int, args: argparse.Namespace,
                    directory: Path) -> Round:
    key = SigningKey.generate()
    async with scratch_postgres(admin_url) as url, \
            FakeDiscord(strict=False, validate_every=VALIDATE_EVERY,
                        defer_validation=True) as fake:
        replicas = Replicas(fake, directory / f"r{count}", url, count, key,
                            NAZH_DEV_GUILDS="")  # global commands: every server's interactions
        await replicas.start()
        try:
            async with LoadBalancer(directory / f"r{count}", replicas.ports) as balancer:
                target = PooledTarget(balancer.url, key)
                try:
                    return await _measured(Stack(url, fake, target, replicas, balancer),
                                           args)
                finally:
                    await target.close()
        finally:
            await replicas.stop()


@dataclass(frozen=True, slots=True)
class Stack:
    """One replica count's database, fake Discord, replicas and balancer."""

    url: str
    fake: FakeDiscord
    target: PooledTarget
    replicas: Replicas
    balancer: LoadBalancer


async def _measured(stack: Stack, args: argparse.Namespace) -> Round:
    scenes = [Scene.make(n) for n in range(SCENES)]
    await asyncio.gather(*(scene.set_up(stack.fake, stack.target) for scene in scenes))
    # the roller's "Add Plot Die" that the plot clicks click, in the servers /roll goes to
    await players_raise_stakes(stack.fake, GUILDS, target=stack.target)
    load = Load(stack.fake, stack.target, scenes, args.only)
    await settled(stack.replicas)
    sizes = await table_sizes(stack.url)
    before = await snapshot(stack.url, stack.replicas, stack.balancer)
    sampler = BackendSampler(database_of(stack.url))
    sampler.start()
    since = len(stack.fake.requests)
    took = await load.run(args.seconds, args.in_flight)
    await settled(stack.replicas)
    await stats_flushed(stack.url)
    after = await snapshot(stack.url, stack.replicas, stack.balancer, sampler.stop())
    problems = await checks(stack.url, stack.fake, load)
    found = costs(len(stack.replicas.ports), took, load.sent, before, after, problems)
    channel = sum(1 for request in stack.fake.requests[since:]
                  if request.path.startswith("/channels/"))
    grown = {name: (size - sizes.get(name, 0)) / max(1, found.records)
             for name, size in (await table_sizes(stack.url)).items()}
    return replace(found, channel_rest=channel / max(1, found.answered), table_bytes=grown)


async def checks(url: str, fake: FakeDiscord, load: Load) -> list[str]:
    counts, broken = await logged_entries(url)
    problems = roll_problems(answered_rolls(load.sent, fake), counts, broken)
    health, applications = await kept_encounters(url)
    problems += encounter_problems(START_HEALTH, applications, health)
    rolled = sum(1 for s in load.sent if s.kind == "request roll" and s.answer is not None
                 and s.answer.get("type") in UPDATES)
    problems += request_problems(await request_results(url), counts, rolled)
    return problems


# -- the table --------------------------------------------------------------------------------

def table(rounds: Sequence[Round]) -> str:
    lines = ["| replicas | held /s | p50 ms | p99 ms | CPU ms/interaction, each replica | "
             "PostgreSQL CPU ms | PostgreSQL active ms | HAProxy ms | transactions | "
             "rows written | rows read | bytes/roll | roll log bytes/roll | WAL bytes/roll | "
             "channel REST |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rounds:
        cpu = ", ".join(f"{ms:.2f}" for ms in r.replica_cpu_ms)
        lines.append(f"| {r.replicas} | {r.rate:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                     f"{cpu} | {r.postgres_cpu_ms:.2f} | {r.postgres_active_ms:.2f} | "
                     f"{r.balancer_cpu_ms:.2f} | "
                     f"{r.transactions:.2f} | {r.rows_written:.1f} | {r.rows_read:.1f} | "
                     f"{r.bytes_per_roll:.0f} | {r.log_bytes_per_roll:.0f} | "
                     f"{r.wal_per_roll:.0f} | {r.channel_rest:.2f} |")
    return "\n".join(lines)


def verdicts(rounds: Sequence[Round]) -> str:
    lines = []
    for r in rounds:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(r.kinds.items()))
        lines.append(f"{r.replicas} replica(s): {r.answered} answered in {r.seconds:.1f} s "
                     f"({kinds}), {r.unanswered} unanswered, {r.records} rolls kept")
        grown = sorted(r.table_bytes.items(), key=lambda item: -item[1])[:8]
        lines.append("  bytes per roll kept, by table: " + ", ".join(
            f"{name} {size:.0f}" for name, size in grown))
        if r.problems:
            lines += [f"  FAIL {problem}" for problem in r.problems[:20]]
        else:
            lines.append("  ok: every answered roll in the log once, every chain verifies, "
                         "every encounter replays to its health, every request roll kept once")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=list(REPLICA_COUNTS))
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--in-flight", type=int, default=IN_FLIGHT)
    parser.add_argument("--only", nargs="+", choices=[kind for kind, _ in MIX], default=[],
                        help="only these kinds of interaction (what one kind costs)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a check fails")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> list[Round]:
    admin_url = postgres_admin_url()
    if admin_url is None or haproxy() is None:
        raise SystemExit("needs NAZH_TEST_POSTGRES_URL (PostgreSQL) and HAProxy")
    rounds = []
    with tempfile.TemporaryDirectory(prefix="nazh-scale-") as directory:
        for count in args.replicas:
            rounds.append(await one_round(admin_url, count, args, Path(directory)))
            print(table(rounds[-1:]).split("\n")[-1], flush=True)
    return rounds


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rounds = asyncio.run(run(args))
    print(f"\n{os.cpu_count()} cores; {args.in_flight} interactions in flight, "
          f"{args.seconds:g} s per replica count\n")
    print(table(rounds))
    print()
    print(verdicts(rounds))
    return 1 if args.check and any(r.problems for r in rounds) else 0


if __name__ == "__main__":
    sys.exit(main())
