"""The roll journal's synchronous write against the plain way of writing a durable record.

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.journal            # prints the figures, always exits 0
    .venv/bin/python -m benchmarks.journal --check    # exits 1 when the target is missed

Both sides write the same real records (rolls and amendments as the bot keeps them,
``benchmarks.log_load.insert_entries``), one record per synchronous write, as a bot at a few
hundred rolls a second does (its group commit then finds one roll ready), in a directory of
the repository's disk (``.bench_tmp/``, not a ``tmpfs``):

- **Nazh**: :class:`~nazh.adapters.storage.journal.FileJournal`, ``write`` then ``settle`` when
  it is due, as the log writer calls them (every record in the roll log at once, so the file is
  emptied each time it reaches its size);
- **append** (the peer): the record's same line written to a file opened with ``O_APPEND`` and
  ``O_DSYNC``, as the durable floor (``benchmarks/durable_floor.py``) and Nazh before
  2026-11-25 did; every write makes the file longer, so its new size goes to the disk too.

The two run in turn ``--rounds`` times (interleaved, so the machine's drift spreads over both);
medians of the CPU (user and system) and of the wall time per record. Target: Nazh's CPU per
record at most **1.0x** the append's (its journal costs the bot no more than the plain way).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.log_load import insert_entries
from benchmarks.report import Verdict
from nazh.adapters.storage.journal import FileJournal
from nazh.application.log.chain import LogEntry
from nazh.application.log.format import encode_entry
from nazh.application.shared.canonical_json import canonical_json

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.0
APPEND = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC | os.O_DSYNC


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def nazh(directory: Path, entries: Sequence[LogEntry]) -> None:
    """Every record through Nazh's journal, emptied whenever it is due."""
    journal = FileJournal(directory)
    journal.recover()
    for entry in entries:
        journal.write([entry])
        if journal.settle_due:
            journal.settle()
    journal.close(settled=True)


def append(directory: Path, entries: Sequence[LogEntry]) -> None:
    """Every record's same line appended to a file opened with ``O_APPEND | O_DSYNC``."""
    fd = os.open(directory / "append.journal", APPEND, 0o600)
    try:
        for entry in entries:
            os.write(fd, canonical_json(encode_entry(entry)) + b"\n")
    finally:
        os.close(fd)


WAYS: dict[str, Callable[[Path, Sequence[LogEntry]], None]] = {"Nazh": nazh, "append": append}


def measure(records: int, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """(CPU, wall) seconds per record of each way, per round."""
    entries = insert_entries(records, seed=11)
    figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in WAYS}
    scratch = ROOT / ".bench_tmp"
    scratch.mkdir(exist_ok=True)
    for round_number in range(rounds):
        order = list(WAYS.items())
        if round_number % 2:
            order.reverse()
        for name, way in order:
            with tempfile.TemporaryDirectory(dir=scratch) as directory:
                cpu, wall = _cpu(), time.perf_counter()
                way(Path(directory), entries)
                cpu, wall = _cpu() - cpu, time.perf_counter() - wall
            figures[name][0].append(cpu / records)
            figures[name][1].append(wall / records)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.journal",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=3000, help="records per way and round")
    parser.add_argument("--rounds", type=int, default=5, help="times each way runs")
    parser.add_argument("--check", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    if args.records < 1 or args.rounds < 1:
        parser.error("--records and --rounds must be at least 1")
    figures = measure(args.records, args.rounds)
    medians = {name: (statistics.median(cpu), statistics.median(wall))
               for name, (cpu, wall) in figures.items()}
    print(f"{args.records:,} records, one synchronous write each, {args.rounds} rounds (medians)")
    for name, (cpu, wall) in medians.items():
        print(f"{name:>8}: CPU {cpu * 1e6:6.1f} µs, wall {wall * 1e6:6.1f} µs per record")
    ratio = medians["Nazh"][0] / medians["append"][0]
    verdict = Verdict(f"Nazh's journal CPU per record <= {TARGET_RATIO}x the append's",
                      ratio <= TARGET_RATIO,
                      f"{ratio:.2f}x (wall {medians['Nazh'][1] / medians['append'][1]:.2f}x)")
    print(verdict.line())
    return 1 if args.check and not verdict.passed else 0


if __name__ == "__main__":
    sys.exit(main())
