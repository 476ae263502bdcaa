"""What each part of a /roll costs the bot, measured by removing it.

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.ablation                     # 300 /roll a second; ~6 min
    .venv/bin/python -m benchmarks.ablation --rate 1000 --count 4000 --rounds 3

``nazh run`` (``benchmarks/ablated_bot.py``: SQLite, durability on, rate limits off) against
the fake Discord, once per variant, each with more of a roll's work removed
(:data:`VARIANTS`, cumulative: the result message, then the statistics, the rest of the roll
log's append, the journal's synchronous write, the rest of keeping the roll, and at last the
roll itself), then the floor (``floor_bot.py``'s ``lightbulb`` mode: a bare lightbulb command
answering). Each variant answers ``--count`` /roll (``a1d20+5, 2d6+3``) offered at ``--rate``
after a warm-up, and the process's CPU per /roll is read from ``/proc`` once the roll log
holds them all (its event loop's thread alone beside it); the variants run in turn
``--rounds`` times (interleaved, so the machine's drift spreads over all) and their medians
are printed, with what each removal took away: the cost of that part, without a profiler's
inflation. No target: a diagnosis for ``benchmarks.load``'s CPU ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from benchmarks.ablated_bot import REMOVALS, started_without
from benchmarks.load import log_written
from benchmarks.profile import loop_thread_seconds, warm_up
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, assert_no_spec_violations
from tests.e2e.load import offer, rolls, settle

ROOT = Path(__file__).resolve().parent.parent
N = TypeVar("N", int, float)
VALIDATE_EVERY = 25
"""As in ``benchmarks.load``: the fake checks a sample of the bot's requests against the spec."""
ENOUGH = 0.95
"""A variant with fewer answers than this share of what was offered is not measured (it is
not doing the work); with more, its CPU is per answer."""
FLOOR = "floor (a lightbulb command answering)"
VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nazh run", ()),
    ("without the result message (a plain text answer)", ("render",)),
    ("... and the statistics", ("render", "stats")),
    ("... and the rest of the roll log's append", ("render", "append")),
    ("... and the journal's write", ("render", "append", "journal")),
    ("... and the rest of keeping the roll", ("render", "keep")),
    ("... and the roll (admission, lightbulb, the answer left)", ("roll",)),
)
"""Each variant's name and the parts it removes (see ``ablated_bot.REMOVALS``)."""


@dataclass
class Measured:
    """A variant's CPU per /roll over the rounds."""

    name: str
    process_ms: list[float] = field(default_factory=list)
    loop_ms: list[float] = field(default_factory=list)

    @property
    def process(self) -> float:
        """The median CPU of the process per /roll, in ms."""
        return statistics.median(self.process_ms)

    @property
    def loop(self) -> float:
        """The median CPU of its event loop's thread per /roll, in ms."""
        return statistics.median(self.loop_ms)


async def measure(fake: FakeDiscord, tmp: Path, removed: tuple[str, ...] | None, count: int,
                  rate: float) -> tuple[float, float]:
    """One variant (``None``: the floor): CPU ms per /roll of the process and of its loop."""
    if removed is None:
        bot = BotProcess(fake, tmp, "", "lightbulb", module="benchmarks.floor_bot",
                         PYTHONPATH=str(ROOT))
    else:
        bot = BotProcess(fake, tmp, f"sqlite+aiosqlite:///{tmp}/nazh.db",
                         NAZH_DEV_GUILDS="", NAZH_LOG_LEVEL="ERROR",
                         **started_without(removed))
    await bot.start()
    try:
        warm = rolls(warm_up(count))
        await offer(fake, warm, rate)
        await settle(fake, warm)
        batch = rolls(count)
        cpu, loop = bot.cpu_seconds(), loop_thread_seconds(bot.pid)
        await offer(fake, batch, rate)
        result = await settle(fake, batch)
        if removed is not None:
            await log_written(int(bot.env["NAZH_HTTP_PORT"]))
        cpu, loop = bot.cpu_seconds() - cpu, loop_thread_seconds(bot.pid) - loop
        if result.answered < count:
            print(f"note: {result.answered} of {count} answered ({dict(result.answers)}, "
                  f"{result.late} late)")
        if result.answered < ENOUGH * count:
            raise RuntimeError(f"only {result.answered} of {count} answered: the bot is not "
                               "doing what is measured")
        return cpu / result.answered * 1e3, loop / result.answered * 1e3
    finally:
        await bot.stop()


async def run(count: int, rate: float, rounds: int) -> list[Measured]:
    """Every variant and the floor, ``rounds`` times in turn."""
    measured = [Measured(name) for name, _ in VARIANTS] + [Measured(FLOOR)]
    removals: list[tuple[str, ...] | None] = [removed for _, removed in VARIANTS] + [None]
    async with FakeDiscord(validate_every=VALIDATE_EVERY) as fake:
        for round_number in range(1, rounds + 1):
            for entry, removed in zip(measured, removals, strict=True):
                with tempfile.TemporaryDirectory() as directory:
                    process, loop = await measure(fake, Path(directory), removed, count, rate)
                entry.process_ms.append(process)
                entry.loop_ms.append(loop)
                print(f"round {round_number}: {entry.name}: {process:.3f} ms "
                      f"(loop {loop:.3f})", flush=True)
        assert_no_spec_violations(fake)
    return measured


def report(measured: list[Measured], rate: float) -> None:
    """The table: each variant's medians, its ratio to the floor, what its removal took."""
    floor = measured[-1].process
    print(f"\n/roll at {rate:g}/s, medians of CPU ms per /roll (the process; its event loop's "
          "thread)")
    print(f"{'variant':<64} {'process':>8} {'loop':>7} {'x floor':>8} {'removed':>8}")
    previous: float | None = None
    for entry in measured:
        took = "" if previous is None or entry.name == FLOOR else \
            f"{previous - entry.process:8.3f}"
        print(f"{entry.name:<64} {entry.process:8.3f} {entry.loop:7.3f} "
              f"{entry.process / floor:7.2f}x {took:>8}")
        previous = entry.process
    print("'removed': the CPU per /roll that went away with the row's removal (each row removes "
          "what the row above it did, and more).")
    print("Parts: " + "; ".join(f"{name}: {what}" for name, (what, _) in REMOVALS.items()))


def _positive(kind: type[N]) -> Callable[[str], N]:
    """An argument parser's type: a number of ``kind`` above zero."""

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text} is not above zero")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every variant and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--count", type=_positive(int), default=2000,
                        help="/roll per variant and round")
    parser.add_argument("--rate", type=_positive(float), default=300.0,
                        help="/roll offered per second")
    parser.add_argument("--rounds", type=_positive(int), default=3,
                        help="times each variant runs")
    args = parser.parse_args(argv)
    report(asyncio.run(run(args.count, args.rate, args.rounds)), args.rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
