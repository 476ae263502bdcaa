"""Bots side by side on the same load at the same moment: the CPU per interaction of each, and
each one's ratio to the first, round by round, with the shared machine's drift cancelled out.

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.paired                          # this tree and the floor
    .venv/bin/python -m benchmarks.paired --root ../before --root .  # two checkouts, the floor
    .venv/bin/python -m benchmarks.paired --ablate stats --ablate render
    .venv/bin/python -m benchmarks.paired --kind click --rate 300 --rounds 8 --count 2000

Each contestant is a bot in its own process with its own fake Discord and its own SQLite log:
``nazh run`` from each ``--root`` checkout (this tree when none is given), this tree's bot with
the parts each ``--ablate`` names removed (``benchmarks/ablated_bot.py``), and, unless
``--no-floor``, the lightbulb floor of ``benchmarks.load`` (``benchmarks/floor_bot.py``: a bare
lightbulb command answering with one fixed POST). Every round offers each of them the same
interactions (``--kind``: ``roll``, a ``/roll`` of ``a1d20+5, 2d6+3``; ``attack``, a raw
``/attack``; ``click``, "Add Plot Die" on a message a round of rolls just answered; the floor
is offered its ``/roll`` whatever the kind, as ``benchmarks.load`` judges every kind) at
``--rate`` per second, interleaved one by one, and reads each bot's CPU (the process's, user
and system) over the same seconds, once every roll log holds every record of the round.

Why side by side: the shared 2-core machine's speed drifts by up to a factor of two over
minutes, so a bot measured a few minutes after another (as ``benchmarks.load`` measures Nazh
and then the floor) is judged by the hour as much as by its code: three interleaved rounds of
the same code there gave /roll 1.79x, 2.91x; side by side, six rounds of this tree against the
floor at 300/s gave 1.93-2.15x, and two copies of one tree 0.98-1.03x of each other. The load
must leave the machine room: the bots and the fakes (about 0.4 ms of CPU per interaction,
in this process) share its cores, and a bot that falls behind batches more and costs less per
interaction; a round in which some interaction waited over a second is flagged, and at 1,000
/roll a second two bots and their fakes already fill two cores (``benchmarks.load`` judges
that rate alone).

No target: a yardstick for changes (``--root``) and for what a part of the work costs
(``--ablate``), to a few percent in a few minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from benchmarks.ablated_bot import REMOVALS
from benchmarks.load import log_written
from nazh.application.shared.json_types import JsonObject
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, new_snowflake
from tests.e2e.load import LoadReport, attacks, clicks, players_raise_stakes, rolls, settle

ROOT = Path(__file__).resolve().parent.parent
KINDS: dict[str, Callable[[int], list[JsonObject]]] = {"roll": rolls, "attack": attacks}
"""The kinds offered as commands (``click`` is made from a round of rolls)."""
WARM_UP = 300
"""Interactions offered to every bot before the first measured round."""
SLOW = 1.0
"""A round in which some interaction waited longer than this (seconds) is flagged: a bot (or a
fake) fell behind, and its CPU per interaction is not comparable."""
SETTLE = 1.0
"""Seconds waited after a round's last answer before its CPU is read (the floor keeps no log
to wait for; a Nazh bot's log is waited for besides)."""


@dataclass(frozen=True, slots=True)
class Contestant:
    """One bot: a label, the checkout whose code it runs, and how it is started."""

    label: str
    root: Path
    module: str = "nazh"
    mode: str = "run"
    """The command (``run``) or, for the floor bot, its mode (``lightbulb``)."""
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def keeps_rolls(self) -> bool:
        """A Nazh bot (its roll log is waited for), not the floor."""
        return self.module != "benchmarks.floor_bot"


def contestants(roots: Sequence[Path], ablations: Sequence[str],
                floor: bool) -> list[Contestant]:
    """The bots to run: one per root (this tree when none), this tree with each ablation, and
    the floor; labels are unique.

    Raises:
        ValueError: an ablation that ``benchmarks/ablated_bot.py`` does not know.
    """
    unknown = [name for name in ablations if name not in REMOVALS]
    if unknown:
        raise ValueError(f"no ablation {', '.join(unknown)}: the parts are "
                         f"{', '.join(REMOVALS)}")
    chosen = [Contestant(_label(root, number, len(roots)), root.resolve())
              for number, root in enumerate(roots or [ROOT], start=1)]
    chosen += [Contestant(f"without {name}", ROOT, "benchmarks.ablated_bot",
                          settings={"NAZH_ABLATE": name}) for name in ablations]
    if floor:
        chosen.append(Contestant("floor", ROOT, "benchmarks.floor_bot", "lightbulb"))
    return chosen


def _label(root: Path, number: int, count: int) -> str:
    name = root.resolve().name or str(root)
    return name if count == 1 else f"{number}:{name}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One contestant in one round: CPU seconds per interaction answered, and what became of
    the round's interactions."""

    cpu: float
    report: LoadReport

    @property
    def slow(self) -> bool:
        """Some interaction was not answered, or waited longer than :data:`SLOW`."""
        return self.report.answered < self.report.offered or \
            self.report.percentile(1.0) > SLOW


def ratios(rounds: Sequence[Sequence[Figure]], against: int = 0) -> list[list[float]]:
    """Each contestant's CPU over contestant ``against``'s, round by round."""
    return [[figures[index].cpu / figures[against].cpu for figures in rounds]
            for index in range(len(rounds[0]))]


def summary(labels: Sequence[str], rounds: Sequence[Sequence[Figure]]) -> list[str]:
    """One line per contestant: its median CPU per interaction, the median of its ratios to
    the first (and to the floor, when the last is the floor), with the rounds' spread."""
    lines = []
    first = ratios(rounds, 0)
    floor = ratios(rounds, len(labels) - 1) if labels[-1] == "floor" else None
    for index, label in enumerate(labels):
        cpu = median(figures[index].cpu for figures in rounds)
        line = (f"{label:>20}: {cpu * 1e6:7.0f} µs; x {labels[0]}: {median(first[index]):.3f} "
                f"({min(first[index]):.3f}-{max(first[index]):.3f})")
        if floor is not None:
            line += (f"; x floor: {median(floor[index]):.2f} "
                     f"({min(floor[index]):.2f}-{max(floor[index]):.2f})")
        lines.append(line)
    return lines


class Race:
    """The contestants' bots, each with its own fake Discord, offered the same load."""

    def __init__(self, chosen: Sequence[Contestant], kind: str, rate: float) -> None:
        if kind not in (*KINDS, "click"):
            raise ValueError(f"no kind {kind!r}: roll, attack or click")
        self._chosen = chosen
        self._kind = kind
        self._rate = rate
        self._fakes: list[FakeDiscord] = []
        self._bots: list[BotProcess] = []

    async def start(self, stack: AsyncExitStack) -> None:
        """Start every bot on a fake of its own (stopped when ``stack`` closes)."""
        for contestant in self._chosen:
            fake = await stack.enter_async_context(FakeDiscord(validate_every=10 ** 9))
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = f"sqlite+aiosqlite:///{tmp}/nazh.db" if contestant.keeps_rolls else ""
            bot = BotProcess(fake, tmp, url, contestant.mode, module=contestant.module,
                             PYTHONPATH=str(contestant.root), NAZH_DEV_GUILDS="",
                             NAZH_LOG_LEVEL="ERROR", **contestant.settings)
            await bot.start()
            stack.push_async_callback(bot.stop)
            if self._kind == "click" and contestant.keeps_rolls:
                await players_raise_stakes(fake)  # the roller's "Add Plot Die" clicked
            self._fakes.append(fake)
            self._bots.append(bot)

    async def round(self, count: int) -> list[Figure]:
        """Offer ``count`` interactions to every bot at once: each one's figure."""
        batches = await self._interactions(count)
        gc.collect()
        gc.freeze()  # the fakes' requests pile up in this process: no pause to walk them
        try:
            before = [bot.cpu_seconds() for bot in self._bots]
            since = [len(fake.requests) for fake in self._fakes]
            await offer_all(self._fakes, batches, self._rate)
            reports = [await settle(fake, batch, since=start)
                       for fake, batch, start in zip(self._fakes, batches, since, strict=True)]
            await asyncio.sleep(SETTLE)
            for contestant, bot in zip(self._chosen, self._bots, strict=True):
                if contestant.keeps_rolls:
                    await log_written(int(bot.env["NAZH_HTTP_PORT"]))
            spent = [bot.cpu_seconds() - cpu for bot, cpu in zip(self._bots, before,
                                                                 strict=True)]
        finally:
            gc.unfreeze()
        return [Figure(cpu / max(report.answered, 1), report)
                for cpu, report in zip(spent, reports, strict=True)]

    async def _interactions(self, count: int) -> list[list[JsonObject]]:
        """Each bot's interactions of the round: the kind's for a Nazh bot, a ``/roll`` for the
        floor whatever the kind (its one command; the load benchmark judges every kind against
        it the same way)."""
        floors = [not contestant.keeps_rolls for contestant in self._chosen]
        if self._kind != "click":
            return [rolls(count) if floor else KINDS[self._kind](count) for floor in floors]
        nazh = [(fake, rolls(count)) for fake, floor in zip(self._fakes, floors, strict=True)
                if not floor]
        await offer_all([fake for fake, _ in nazh], [batch for _, batch in nazh], self._rate)
        for fake, batch in nazh:
            await settle(fake, batch)
        made = [clicks(fake, batch) for fake, batch in nazh]
        fewest = min((len(batch) for batch in made), default=count)
        clicked = iter(made)
        return [rolls(fewest) if floor else next(clicked)[:fewest] for floor in floors]


async def offer_all(fakes: Sequence[FakeDiscord], batches: Sequence[Sequence[JsonObject]],
                    rate: float) -> None:
    """Offer the n-th interaction of every batch to its fake at the same moment, ``rate`` per
    second (open loop)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for number in range(min(len(batch) for batch in batches)):
        delay = start + number / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        for fake, batch in zip(fakes, batches, strict=True):
            interaction = batch[number]
            interaction["id"] = new_snowflake()  # created now, as Discord would
            await fake.dispatch("INTERACTION_CREATE", interaction)


async def run(chosen: Sequence[Contestant], kind: str, rate: float, count: int,
              rounds: int, warm_up: int = WARM_UP) -> list[list[Figure]]:
    """The race: a warm-up of ``warm_up`` interactions, then ``rounds`` rounds, each printed
    as it ends."""
    labels = [contestant.label for contestant in chosen]
    race = Race(chosen, kind, rate)
    measured: list[list[Figure]] = []
    async with AsyncExitStack() as stack:
        await race.start(stack)
        await race.round(warm_up)
        print(f"{kind} at {rate:g}/s, {count} per round; µs of CPU per interaction answered:")
        for number in range(1, rounds + 1):
            figures = await race.round(count)
            measured.append(figures)
            cells = " ".join(f"{label}={figure.cpu * 1e6:.0f}"
                             + (" (slow)" if figure.slow else "")
                             for label, figure in zip(labels, figures, strict=True))
            print(f"round {number}: {cells}", flush=True)
    for line in summary(labels, measured):
        print(line)
    if any(figure.slow for figures in measured for figure in figures):
        print(f"note: rounds marked (slow) had an interaction unanswered or waiting over "
              f"{SLOW:g} s: the machine was full, so their CPU per interaction is not "
              "comparable; offer fewer a second")
    return measured


def main(argv: Sequence[str] | None = None) -> int:
    """Race the bots and print each one's CPU per interaction and ratios."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.paired",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, action="append", default=[],
                        help="a checkout whose bot runs (repeatable; default: this tree)")
    parser.add_argument("--ablate", action="append", default=[],
                        help=f"also this tree without a part ({', '.join(REMOVALS)})")
    parser.add_argument("--no-floor", action="store_true", help="leave out the floor")
    parser.add_argument("--kind", default="roll", help="roll, attack or click")
    parser.add_argument("--rate", type=float, default=300.0, help="offered per second")
    parser.add_argument("--count", type=int, default=2000, help="interactions per round")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    if min(args.count, args.rounds) < 1 or args.rate <= 0:
        parser.error("--count and --rounds must be at least 1, --rate above 0")
    try:
        chosen = contestants(args.root, args.ablate, not args.no_floor)
        if len(chosen) < 2:  # a race needs two
            parser.error("one bot alone: give a second --root, an --ablate, or keep the floor")
        asyncio.run(run(chosen, args.kind, args.rate, args.count, args.rounds))
    except ValueError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
