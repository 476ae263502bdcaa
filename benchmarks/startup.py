"""Start-up of ``nazh roll 1d20`` against avrae's ``d20`` one-liner, side by side in one run.

Run from the repository root (the virtualenv has d20)::

    .venv/bin/python -m benchmarks.startup            # prints the figures, always exits 0
    .venv/bin/python -m benchmarks.startup --check    # exits 1 when the target is missed

Target: the median wall time of ``nazh roll 1d20`` (the installed console script's module,
``python -m nazh roll 1d20``, a fresh interpreter each time) is at most 0.8x the median of
``python -c "import d20; print(d20.roll('1d20'))"``. Method: both commands run ``--runs``
times each, alternating, after one warm-up run of each (so the file cache is warm for both);
the interpreter's own start-up (``python -c pass``) is measured the same way and shown.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.report import Verdict

TARGET_RATIO = 0.8
COMMANDS = {
    "nazh roll 1d20": [sys.executable, "-m", "nazh", "roll", "1d20"],
    "d20.roll('1d20')": [sys.executable, "-c", "import d20; print(d20.roll('1d20'))"],
    "python -c pass": [sys.executable, "-c", "pass"],
}


def wall_time(command: list[str]) -> float:
    """Seconds from spawning ``command`` to its exit (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(runs: int) -> dict[str, list[float]]:
    """Each command ``runs`` times, interleaved, after one warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        wall_time(command)
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(wall_time(command))
    return times


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    medians = {name: statistics.median(times) for name, times in measure(args.runs).items()}
    for name, median in medians.items():
        print(f"{name:>20}: median {median * 1000:6.1f} ms over {args.runs} runs")
    ratio = medians["nazh roll 1d20"] / medians["d20.roll('1d20')"]
    verdict = Verdict(f"nazh roll 1d20 <= {TARGET_RATIO}x d20's one-liner",
                      ratio <= TARGET_RATIO, f"{ratio:.2f}x")
    print(verdict.line())
    return 1 if args.check and not verdict.passed else 0


if __name__ == "__main__":
    sys.exit(main())
