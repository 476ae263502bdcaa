"""Where the real bot's CPU goes for one /roll, one /attack and one click, by stage.

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.profile                 # SQLite, 600 of each; about 2 minutes
    .venv/bin/python -m benchmarks.profile --count 1000 --top 25 --save /tmp/profiles
    .venv/bin/python -m benchmarks.profile --database-url postgresql://postgres@127.0.0.1/test

``nazh run`` runs in its own process (``benchmarks/profiled_bot.py``: the same bootstrap, with a
:mod:`cProfile` profile of its event loop's thread switched on and off by signal) against the
fake Discord in this one, durability on, rate limits off. For each kind of interaction, a
``/roll`` (``a1d20+5, 2d6+3``), a raw ``/attack`` (``test:1d20+5 damage:2d6 defense:15``) and a
click on a roll's "Add Plot Die" (by its roller, on a message of the /roll batch): a warm-up,
then ``--count`` interactions offered at ``--rate`` per second unprofiled (the bot's CPU per
interaction, from ``/proc``), then as many profiled. Every function's own time (``tottime``) is
given to a stage by its module's path (:data:`RULES`); a C function's (``~``) goes to the
stages of its callers, in proportion to the time it spent for each. The event loop's idle wait
(``epoll``) and the journal's synchronous ``write`` (a wait for the disk, not CPU; only the
journal calls ``os.write`` or ``os.pwrite`` in the bot) are left out. Then, with
Nazh stopped, the floors are profiled the same way: ``benchmarks/floor_bot.py`` in its
``lightbulb`` mode (a bare lightbulb ``/roll`` command answering with one fixed POST) and in
its ``durable`` mode (that command rolling, keeping the roll in a group-committed,
synchronously written file and a hash-chained SQLite table, and answering with an embed and
two buttons).

Printed per kind (and for the floor): each stage's share of the profiled time and the
microseconds per interaction that share is of the event loop's thread's unprofiled CPU (the CPU
of the process's other threads, SQLite's and the journal's, is printed beside it) (the
profiler's own cost inflates call-heavy code, so the shares are estimates), the garbage
collector's work over the profiled batch (collections by generation, their time per
interaction and the longest: it sits inside the stages, in whatever allocation set each
collection off), then the functions with the most own time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import pstats
import signal
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.profiled_bot import collector_file
from nazh.application.shared.json_types import JsonObject
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.load import attacks, clicks, offer, players_raise_stakes, rolls, settle

ROOT = Path(__file__).resolve().parent.parent
VALIDATE_EVERY = 25
"""As in ``benchmarks.load``: the fake checks a sample of the bot's requests against the spec."""

ENOUGH = 0.95
"""A batch with fewer answers of the expected kind than this share is not profiled (the bot
is not doing what is measured)."""
IDLE = "idle (epoll wait)"
FSYNC = "journal write (disk wait)"
LEFT_OUT = (IDLE, FSYNC)
FRAMEWORK = "transport and framework"
STAGES = (FRAMEWORK, "admission", "parse and roll", "log and chain", "render", "send",
          "metrics and logs", "feature (other Nazh)")
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (FRAMEWORK, ("aiohttp/client_ws.py", "aiohttp/http_websocket.py", "aiohttp/_websocket",
                 "hikari/impl/shard.py")),
    ("admission", ("nazh/application/admission/", "nazh/application/rate_limits/",
                   "nazh/adapters/ratelimit/", "nazh/adapters/discord/runtime/core.py",
                   "nazh/adapters/discord/runtime/wrapper.py",
                   "nazh/adapters/discord/runtime/snowflakes.py")),
    ("parse and roll", ("nazh/domain/", "nazh/adapters/rng/")),
    ("log and chain", ("nazh/application/log/", "nazh/adapters/storage/", "sqlalchemy/",
                       "aiosqlite/", "asyncpg/", "sqlite3/", "greenlet/",
                       "nazh/application/rolls/logged_store.py",
                       "nazh/application/rolls/terms/codec.py", "nazh/application/stats/",
                       "nazh/application/shared/canonical_json.py")),
    ("render", ("nazh/presentation/", "nazh/adapters/discord/rolls/result.py",
                "nazh/adapters/discord/rolls/attack_controls.py",
                "nazh/adapters/discord/rolls/encounter_controls.py",
                "nazh/adapters/discord/rolls/injury_controls.py",
                "nazh/adapters/discord/rolls/count_button.py",
                "nazh/adapters/discord/rolls/injury_button.py",
                "nazh/adapters/discord/runtime/embeds.py",
                "nazh/adapters/discord/runtime/controls.py",
                "nazh/adapters/discord/runtime/messages.py",
                "hikari/embeds.py", "hikari/impl/special_endpoints.py")),
    ("send", ("nazh/adapters/discord/runtime/responder.py",
              "nazh/adapters/discord/runtime/callbacks.py",
              "nazh/adapters/discord/rolls/posting.py",
              "aiohttp/client", "aiohttp/connector.py", "aiohttp/http_writer.py",
              "hikari/impl/rest.py", "hikari/impl/interaction_server.py")),
    ("metrics and logs", ("prometheus_client/", "nazh/adapters/metrics/", "/logging/",
                          "nazh/adapters/logs/", "nazh/application/shared/logging_context")),
    ("feature (other Nazh)", ("nazh/", "benchmarks/durable_floor.py")),
)
"""A module's stage: the first rule naming a part of its path; anything else (hikari,
lightbulb, linkd, asyncio, the rest of aiohttp) is the transport and the framework. The
durable floor's own code (its dice, record, journal, log and answer in one module) counts as
"feature"; its SQLite driver's as "log and chain"."""

Function = tuple[str, int, str]
"""pstats' key: (file, line, name)."""


def stage_of_path(path: str) -> str:
    """The stage of the code in the file ``path`` (see :data:`RULES`)."""
    path = path.replace(os.sep, "/")
    for stage, fragments in RULES:
        if any(fragment in path for fragment in fragments):
            return stage
    return FRAMEWORK


class StageMap:
    """Each function's own time in a profile, split by stage."""

    def __init__(self, stats: Mapping[Function, tuple[int, int, float, float,
                                                      Mapping[Function, tuple[float, ...]]]]
                 ) -> None:
        self._stats = stats
        self._shares: dict[Function, dict[str, float]] = {}

    def shares(self, function: Function, visiting: frozenset[Function] = frozenset()
               ) -> dict[str, float]:
        """The fraction of ``function``'s own time that belongs to each stage."""
        if function in self._shares:
            return self._shares[function]
        file, _, name = function
        if file != "~":
            found = {stage_of_path(file): 1.0}
        elif "epoll" in name:
            found = {IDLE: 1.0}
        elif "fsync" in name or "posix.write" in name or "posix.pwrite" in name:
            # the journal's synchronous write (a write over its zeros since 2026-11-25)
            found = {FSYNC: 1.0}
        else:
            found = self._from_callers(function, visiting | {function})
        self._shares[function] = found
        return found

    def _from_callers(self, function: Function, visiting: frozenset[Function]
                      ) -> dict[str, float]:
        callers = self._stats[function][4] if function in self._stats else {}
        weights: dict[str, float] = defaultdict(float)
        for caller, timing in callers.items():
            if caller in visiting:
                continue
            for stage, fraction in self.shares(caller, visiting).items():
                weights[stage] += fraction * timing[2]
        total = sum(weights.values())
        if total <= 0:
            return {FRAMEWORK: 1.0}
        return {stage: weight / total for stage, weight in weights.items()}

    def by_stage(self) -> dict[str, float]:
        """Seconds of own time per stage, over the whole profile."""
        seconds: dict[str, float] = defaultdict(float)
        for function, (_, _, own, _, _) in self._stats.items():
            for stage, fraction in self.shares(function).items():
                seconds[stage] += own * fraction
        return seconds


@dataclass(frozen=True, slots=True)
class Collections:
    """The garbage collector's work over a profiled batch (see
    :class:`benchmarks.profiled_bot.CollectorClock`)."""

    counts: tuple[int, int, int]
    """Collections of the young, middle and full generation."""
    seconds: float
    """What they took in all."""
    longest: float
    """The longest one's seconds."""
    collected: int = 0
    """The objects they found dead (cycles, and what only cycles held)."""

    @classmethod
    def read(cls, path: Path) -> Collections:
        """The figures the profiled bot wrote to ``path``."""
        figures = json.loads(path.read_text())
        young, middle, full = (int(n) for n in figures["collections"])
        return cls((young, middle, full), float(sum(figures["seconds"])),
                   float(figures["longest"]), int(figures.get("collected", 0)))

    def line(self, count: int) -> str:
        """One line for a batch of ``count`` interactions."""
        young, middle, full = self.counts
        return (f"garbage collection: {young} young, {middle} middle, {full} full "
                f"collection(s); {self.seconds / count * 1e6:.0f} µs per interaction, "
                f"the longest {self.longest * 1e3:.1f} ms (inside the stages above); "
                f"{self.collected / count:.1f} objects found dead per interaction")


@dataclass(frozen=True, slots=True)
class KindProfile:
    """One kind of interaction, profiled."""

    kind: str
    count: int
    cpu_per_interaction: float
    """The bot process's CPU seconds per interaction, unprofiled."""
    loop_cpu_per_interaction: float
    """Of which on the event loop's thread (the profiled one); the rest is other threads'
    (SQLite's connection thread, the journal's writer thread, the odds workers' manager)."""
    stages: dict[str, float]
    """Profiled seconds per stage (all of the batch)."""
    top: list[tuple[float, int, str]]
    """(own seconds, calls, function) for the functions with the most own time."""
    collections: Collections
    """The garbage collector's work over the profiled batch."""


class Profiler:
    """The profiled bot and the fake Discord, one kind of interaction at a time."""

    def __init__(self, fake: FakeDiscord, bot: BotProcess, out: Path, rate: float,
                 save: Path | None = None, answer: str = "result") -> None:
        self._fake = fake
        self._bot = bot
        self._out = out
        self._rate = rate
        self._save = save
        self._answer = answer
        """What every interaction must be answered with (the floor's answer is plain text)."""

    async def batch(self, interactions: list[JsonObject]) -> tuple[float, float]:
        """Offer ``interactions`` and wait for their answers: the bot's CPU seconds spent, in
        all and on its event loop's thread."""
        gc.collect()
        gc.freeze()
        cpu, loop_cpu = self._bot.cpu_seconds(), loop_thread_seconds(self._bot.pid)
        await offer(self._fake, interactions, self._rate)
        result = await settle(self._fake, interactions)
        if result.answers[self._answer] != len(interactions):
            print(f"note: {len(interactions) - result.answers[self._answer]} of "
                  f"{len(interactions)} not answered with a {self._answer} "
                  f"({dict(result.answers)}, {result.late} late)")
        if result.answers[self._answer] < ENOUGH * len(interactions):
            raise RuntimeError(f"only {result.answers[self._answer]} of {len(interactions)} "
                               f"answered with a {self._answer} ({dict(result.answers)}, "
                               f"{result.late} late)")
        return self._bot.cpu_seconds() - cpu, loop_thread_seconds(self._bot.pid) - loop_cpu

    async def profiled(self, interactions: list[JsonObject]) -> tuple[pstats.Stats, Collections]:
        """Offer ``interactions`` with the bot's profiler on; its profile and the garbage
        collector's work meanwhile."""
        self._out.unlink(missing_ok=True)
        collector_file(self._out).unlink(missing_ok=True)
        os.kill(self._bot.pid, signal.SIGUSR1)
        await asyncio.sleep(0.2)
        await self.batch(interactions)
        os.kill(self._bot.pid, signal.SIGUSR2)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not self._out.exists():
            if loop.time() > deadline:
                raise RuntimeError("the bot wrote no profile within 30 s")
            await asyncio.sleep(0.1)
        return pstats.Stats(str(self._out)), Collections.read(collector_file(self._out))

    async def kind(self, kind: str, make: Callable[[int], list[JsonObject]], count: int,
                   top: int) -> KindProfile:
        """Profile one kind: a warm-up, ``count`` unprofiled, ``count`` profiled."""
        await self.batch(make(warm_up(count)))
        cpu, loop_cpu = await self.batch(make(count))
        stats, collections = await self.profiled(make(count))
        if self._save is not None:
            self._save.mkdir(parents=True, exist_ok=True)
            stats.dump_stats(self._save / f"{kind.strip('/').split()[0]}.pstats")  # roll, ...
        raw = stats.stats  # type: ignore[attr-defined]
        stages = StageMap(raw)
        functions = sorted(((own, calls, _name(function))
                            for function, (_, calls, own, _, _) in raw.items()
                            if stages.shares(function).keys().isdisjoint(LEFT_OUT)),
                           reverse=True)[:top]
        return KindProfile(kind, count, cpu / count, loop_cpu / count, stages.by_stage(),
                           functions, collections)


def _name(function: Function) -> str:
    file, line, name = function
    return name if file == "~" else f"{file}:{line}({name})"


def loop_thread_seconds(pid: int) -> float:
    """The CPU time so far of process ``pid``'s main thread (its event loop's)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm_up(count: int) -> int:
    """How many interactions warm a kind up before ``count`` are measured."""
    return max(20, count // 5)


def print_kind(profile: KindProfile) -> None:
    """The table of ``profile``'s stages, then its costliest functions."""
    busy = sum(seconds for stage, seconds in profile.stages.items() if stage not in LEFT_OUT)
    cpu_us = profile.cpu_per_interaction * 1e6
    loop_us = profile.loop_cpu_per_interaction * 1e6
    print(f"\n{profile.kind}: {profile.count} interactions; bot CPU {cpu_us:.0f} µs per "
          f"interaction unprofiled, {loop_us:.0f} µs of it on the event loop's thread "
          f"({busy / profile.count * 1e6:.0f} µs under the profiler)")
    print(f"{'stage':<28} {'share':>6} {'µs/interaction':>15} {'profiled µs':>12}")
    for stage in STAGES:
        seconds = profile.stages.get(stage, 0.0)
        share = seconds / busy if busy else 0.0
        print(f"{stage:<28} {share:>6.1%} {share * loop_us:>15.0f} "
              f"{seconds / profile.count * 1e6:>12.0f}")
    print(f"{'other threads (SQLite...)':<28} {'':>6} {cpu_us - loop_us:>15.0f}")
    for stage in LEFT_OUT:
        waited = profile.stages.get(stage, 0.0) / profile.count * 1e6
        print(f"{stage:<28} {'':>6} {'':>15} {waited:>12.0f}  (left out)")
    print(profile.collections.line(profile.count))
    print(f"{'own µs':>8} {'calls':>7}  function (most own time)")
    for own, calls, name in profile.top:
        print(f"{own / profile.count * 1e6:>8.1f} {calls / profile.count:>7.1f}  {name}")


async def run(database_url: str | None, count: int, rate: float, top: int,
              save: Path | None) -> None:
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        out = tmp / "profile.pstats"
        async with FakeDiscord(validate_every=VALIDATE_EVERY) as fake:
            bot = BotProcess(fake, tmp, database_url or f"sqlite+aiosqlite:///{tmp}/nazh.db",
                             module="benchmarks.profiled_bot", PYTHONPATH=str(ROOT),
                             NAZH_PROFILE_OUT=str(out), NAZH_DEV_GUILDS="",
                             NAZH_LOG_LEVEL="ERROR")
            await bot.start()
            try:
                profiler = Profiler(fake, bot, out, rate, save)
                roll = await profiler.kind("/roll", rolls, count, top)
                attack = await profiler.kind("/attack", attacks, count, top)
                await players_raise_stakes(fake)  # the roller's "Add Plot Die" clicked
                targets = rolls(warm_up(count) + 2 * count)
                await profiler.batch(targets)  # the messages the clicks click on
                pending = iter(targets)

                def next_clicks(n: int) -> list[JsonObject]:
                    return clicks(fake, [next(pending) for _ in range(n)])

                click = await profiler.kind("click (Add Plot Die)", next_clicks, count, top)
            finally:
                await bot.stop()
            floor = await floor_profile(fake, tmp, out, count, (rate, top, save))
            durable = await floor_profile(fake, tmp, out, count, (rate, top, save), "durable")
    for profile in (roll, attack, click, floor, durable):
        print_kind(profile)


async def floor_profile(fake: FakeDiscord, tmp: Path, out: Path, count: int,
                        options: tuple[float, int, Path | None],
                        mode: str = "lightbulb") -> KindProfile:
    """A floor, profiled the same way, with Nazh stopped (``benchmarks/floor_bot.py``): in
    ``lightbulb`` mode a bare lightbulb /roll command answering with one fixed POST, in
    ``durable`` mode that command rolling, keeping the roll durably and answering with an
    embed (``benchmarks/durable_floor.py``)."""
    bot = BotProcess(fake, tmp, "", mode, module="benchmarks.profiled_bot",
                     PYTHONPATH=str(ROOT), NAZH_PROFILE_OUT=str(out),
                     NAZH_PROFILED_MODULE="benchmarks.floor_bot")
    rate, top, save = options
    await bot.start()
    try:
        if mode == "durable":
            profiler = Profiler(fake, bot, out, rate, save)
            return await profiler.kind("durable floor (rolls kept, an embed)", rolls, count,
                                       top)
        profiler = Profiler(fake, bot, out, rate, save, answer="other")
        return await profiler.kind("floor (a lightbulb command answering)", rolls, count, top)
    finally:
        await bot.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Profile the bot and print where its CPU goes."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", help="the roll log (default: a fresh SQLite file)")
    parser.add_argument("--count", type=int, default=600, help="interactions of each kind")
    parser.add_argument("--rate", type=float, default=200.0, help="offered per second")
    parser.add_argument("--top", type=int, default=15, help="functions listed per kind")
    parser.add_argument("--save", type=Path, help="a folder to keep each kind's profile in "
                        "(roll.pstats, attack.pstats, click.pstats: read with pstats)")
    args = parser.parse_args(argv)
    asyncio.run(run(args.database_url, args.count, args.rate, args.top, args.save))
    return 0


if __name__ == "__main__":
    sys.exit(main())
