"""Instructions per operation of a roll's own work, counted by valgrind's callgrind: a measure
that a shared machine's drifting speed does not move.

Run from the repository root, inside the virtualenv (valgrind installed)::

    .venv/bin/python -m benchmarks.instructions                       # this tree; ~2 minutes
    .venv/bin/python -m benchmarks.instructions --root ../other-checkout --root .
    .venv/bin/python -m benchmarks.instructions --only message --count 400

Each workload (:data:`WORKLOADS`) runs in a child interpreter under callgrind with its
instrumentation off while Python and Nazh load and the workload is set up and run once; the
child then says it is ready, ``callgrind_control`` switches the instrumentation on, and the
child runs the operation ``count`` times and exits. The same again with twice the count: the
difference of the two totals over ``count`` is one operation's instructions (start-up, the
switch and the exit cancel out). Every roll is made by the bot's own use case from a seeded
source, so each run does exactly the same work. Each ``--root`` is a checkout whose ``nazh``
is measured (this tree's harness runs its code): two roots side by side compare a change.

No target: a yardstick for changes to the hot path. ``benchmarks.load`` judges the targets, in
CPU time against the floor measured in the same run, where a machine that runs at half its
speed for minutes (as this one does) moves single runs by 5-10%; these counts move by less
than 0.5%.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import hikari
from hikari.impl.entity_factory import EntityFactoryImpl
from prometheus_client import CollectorRegistry

from nazh.adapters.clock import SystemClock
from nazh.adapters.discord.rolls.result import roll_components, roll_embed
from nazh.adapters.discord.runtime.embeds import Author
from nazh.adapters.discord.runtime.responder import response_builder
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.metrics.prometheus import PrometheusMetrics
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.storage.journal import _line
from nazh.adapters.storage.stats import tally_rows
from nazh.application.log.chain import GENESIS_HASH, LogEntry, link
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.model import Roller, RollRecord, RollRequest, RollStamps
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import ServerSettings
from nazh.application.stats.dice_stats import Tallier
from nazh.domain.attack import prepare
from tests.app_fakes import FakeSavedRollStore

ROOT = Path(__file__).resolve().parent.parent
READY = "READY"
GROUND_ID = 871_111_111_111_111_100


@dataclass(frozen=True, slots=True)
class Workload:
    """A named operation and what it covers."""

    name: str
    covers: str


WORKLOADS = (
    Workload("message /roll", "the result message of a /roll (a1d20+5, 2d6+3): its embed, "
             "its buttons and the JSON sent"),
    Workload("message /attack", "the result message of a raw /attack (1d20+5, 2d6 against "
             "defense 15)"),
    Workload("roll /roll", "a /roll's use case (rolled, kept in memory, counted), its log "
             "entry, journal line, chain link and statistics rows"),
    Workload("roll /attack", "the same for a raw /attack, its terms prepared from the "
             "options"),
)
"""Every workload, by name (``message``: what the answer costs to build; ``roll``: what
making and keeping the roll costs on the event loop, before the database)."""


def operation(name: str, count: int) -> Callable[[int], object]:
    """The workload ``name``'s operation (its argument: which roll, 1 to ``count``), set up and
    run once (imports, caches, the first of each kind of roll); it returns what it made (the
    message's JSON; the statistics' rows)."""
    kind, _, command = name.partition(" ")
    rolled, store = _roller(command)
    if kind == "message":
        factory = EntityFactoryImpl(app=None)  # type: ignore[arg-type]  # embeds need none
        author = Author("player1", "https://cdn.discordapp.com/embed/avatars/0.png")
        # a record of its own for each message, as in the bot (a record keeps what its
        # message computed of it), made before the count starts
        records = [rolled(number) for number in range(count + 1)]

        def message(number: int) -> object:
            record = records[number]
            return response_builder(
                hikari.ResponseType.MESSAGE_CREATE, flags=hikari.MessageFlag.NONE,
                embed=roll_embed(record, author),
                components=roll_components(record)).build(factory)

        chosen = message
    elif kind == "roll":
        tallier = Tallier()

        def roll(number: int) -> object:
            rolled(number)
            entry = store.entry
            assert entry is not None
            _line(entry)
            chained = link([entry], GENESIS_HASH, 1)
            return list(tally_rows(tallier.tally(record.entry for record in chained)))

        chosen = roll
    else:
        raise ValueError(f"no workload {name!r}")
    chosen(0)
    return chosen


class KeptAsTheLogKeepsThem:
    """The roll store as the bot's use case has it (``LoggedRollStore.save``): each record's
    log entry made once, the record kept in memory with it (in its encoding); the entry is left
    in :attr:`entry` for the workload's log steps, which go on from it as the log writer
    does."""

    def __init__(self, clock: SystemClock) -> None:
        self._cache = InMemoryRollStore(clock)
        self.entry: LogEntry | None = None
        # a checkout from before the cache took the entry (a --root compared) keeps records
        self._given = "entry" in inspect.signature(InMemoryRollStore.save).parameters

    async def get(self, roll_id: str) -> RollRecord | None:
        """As the bot's cache."""
        return await self._cache.get(roll_id)

    async def save(self, record: RollRecord) -> None:
        """Make the entry, keep the record with it."""
        self.entry = entry_of(record)
        if self._given:
            await self._cache.save(record, self.entry)
        else:
            await self._cache.save(record)


def _roller(command: str) -> tuple[Callable[[int], RollRecord], KeptAsTheLogKeepsThem]:
    """Rolls of ``command`` (``/roll`` or ``/attack``) made by the bot's use case, from a
    seeded source, by players and channels that change from one to the next; and the store
    that keeps them (its last entry)."""
    rng, clock, server = SeededRandomSource(7), SystemClock(), ServerSettings()
    store = KeptAsTheLogKeepsThem(clock)
    actions = RollActions(RollDice(rng), store, RollStamps(clock, rng),
                          PrometheusMetrics(CollectorRegistry()),
                          SavedRolls(FakeSavedRollStore()))
    loop = asyncio.new_event_loop()

    def request(number: int) -> RollRequest:
        roller = Roller(623_456_789_012_345_600 + number % 400,
                        881_111_111_111_111_100 + number % 97, GROUND_ID + number % 40)
        if command == "/attack":
            notation, terms = prepare("1d20+5", "2d6", 15)
            asked = RollRequest("", roller, dc=15, label="Longsword", server=server)
            return replace(asked.with_term(ATTACK, terms), notation=notation)
        return RollRequest("a1d20+5, 2d6+3", roller, server=server)

    def rolled(number: int) -> RollRecord:
        return loop.run_until_complete(actions.roll(request(number)))

    return rolled, store


def child(name: str, count: int, go: Path) -> None:
    """Set the workload up, say :data:`READY`, wait for ``go`` to exist, run it ``count``
    times."""
    run = operation(name, count)
    print(READY, flush=True)
    while not go.exists():
        time.sleep(0.02)
    for number in range(1, count + 1):
        run(number)


def counted(root: Path, name: str, count: int) -> int:
    """The instructions callgrind counts for ``count`` operations of ``name`` in ``root``'s
    tree (with the child's exit)."""
    with tempfile.TemporaryDirectory() as directory:
        go = Path(directory) / "go"
        out = Path(directory) / "callgrind.out"
        # the script runs from this tree (the root may predate it), the root's nazh and fakes
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": "0"}
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}", sys.executable, str(Path(__file__).resolve()),
             "--child", name, "--count", str(count), "--go", str(go)],
            env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline()
        if line.strip() != READY:
            process.kill()
            raise RuntimeError(f"{name}: the child did not start: {process.communicate()[1]}")
        subprocess.run(["callgrind_control", "--instr=on", str(process.pid)], check=True,
                       capture_output=True)
        go.touch()
        _, errors = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{name}: the child failed: {errors[-2000:]}")
        return total_of(errors)


def total_of(report: str) -> int:
    """The instructions of callgrind's summary line (``==1== Collected : 123``)."""
    for line in report.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    raise RuntimeError("callgrind printed no total")


def per_operation(root: Path, name: str, count: int) -> float:
    """One operation's instructions: (the total for twice ``count``, less the total for
    ``count``) over ``count``."""
    return (counted(root, name, 2 * count) - counted(root, name, count)) / count


def main(argv: Sequence[str] | None = None) -> int:
    """Print each workload's instructions per operation, for each root."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--root", type=Path, action="append",
                        help="a checkout whose nazh is measured (repeatable; default: this one)")
    parser.add_argument("--only", choices=sorted({w.name.split()[0] for w in WORKLOADS}),
                        help="only the workloads of this kind")
    parser.add_argument("--count", type=int, default=200, help="operations in the first run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--go", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.count, args.go)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind (with callgrind_control) is needed: apt install valgrind")
        return 1
    roots = [root.resolve() for root in args.root or [ROOT]]
    chosen = [w for w in WORKLOADS if args.only is None or w.name.startswith(args.only)]
    print(f"{'workload':<18}" + "".join(f"{str(root)[-28:]:>30}" for root in roots))
    for workload in chosen:
        counts = [per_operation(root, workload.name, args.count) for root in roots]
        print(f"{workload.name:<18}" + "".join(f"{n:>30,.0f}" for n in counts), flush=True)
    print("Instructions per operation (callgrind). " + "; ".join(
        f"{w.name}: {w.covers}" for w in chosen) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
