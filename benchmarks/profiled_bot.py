"""A bot process (``nazh run``, or the floor bot) with a profiler the benchmark switches on and
off by signal: how ``benchmarks.profile`` looks inside the real bot process.

Run by the benchmark as ``python -m benchmarks.profiled_bot run`` (or ``... lightbulb`` with
``NAZH_PROFILED_MODULE=benchmarks.floor_bot``), with the bot's usual settings and
``NAZH_PROFILE_OUT`` set to a file: ``SIGUSR1`` starts a fresh :mod:`cProfile` profile of
the event loop's thread, ``SIGUSR2`` stops it and writes it to that file (then
renamed into place, so a reader never sees half of it), with the garbage collector's work over
the same window beside it (:class:`CollectorClock`, ``<file>.gc.json``, written first). The
module then runs as
``python -m <module> <arguments>`` would: for Nazh, the same bootstrap, containers and
settings as ``nazh run``.
"""

from __future__ import annotations

import cProfile
import gc
import json
import os
import runpy
import signal
import time
from pathlib import Path
from types import FrameType
from typing import Any

ENABLE = signal.SIGUSR1
DUMP = signal.SIGUSR2


class CollectorClock:
    """The garbage collector's work since :meth:`reset`: collections per generation, the
    seconds they took (wall clock, from ``gc.callbacks``), the longest, and the objects they
    found dead (what reference counting could not free: objects in cycles and what hangs off
    them). A collection runs
    inside whatever allocation set it off, so a profile spreads its time over the functions
    that allocate; this gives it whole."""

    def __init__(self) -> None:
        self.collections = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.longest = 0.0
        self.collected = 0
        self._began = 0.0

    def install(self) -> None:
        """Time every collection from now on."""
        gc.callbacks.append(self._observe)

    def uninstall(self) -> None:
        """Stop timing collections."""
        gc.callbacks.remove(self._observe)

    def reset(self) -> None:
        """Forget what was counted so far."""
        self.collections = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.longest = 0.0
        self.collected = 0

    def figures(self) -> dict[str, Any]:
        """What was counted, as JSON: collections and seconds per generation (young, middle,
        full), the longest collection's seconds, the objects found dead and the collector's
        thresholds."""
        return {"collections": list(self.collections), "seconds": list(self.seconds),
                "longest": self.longest, "collected": self.collected,
                "thresholds": list(gc.get_threshold())}

    def _observe(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        took = time.perf_counter() - self._began
        generation = info["generation"]
        self.collections[generation] += 1
        self.seconds[generation] += took
        self.longest = max(self.longest, took)
        self.collected += info["collected"]


def collector_file(out: Path) -> Path:
    """Where the collector's figures of the profile written to ``out`` go."""
    return out.with_name(out.name + ".gc.json")


class SignalledProfile:
    """A :class:`cProfile.Profile` of the main thread, started and written out on signals.

    The timer is the wall clock (``perf_counter``: a CPU-time timer costs 0.6 µs a call on
    this machine, more than many of the functions it would time); the benchmark removes the
    event loop's idle wait (``epoll``) and the journal's ``fsync`` from what it reports.
    """

    def __init__(self, out: Path) -> None:
        self._out = out
        self._profile: cProfile.Profile | None = None
        self._collector = CollectorClock()

    def install(self) -> None:
        """Handle :data:`ENABLE` and :data:`DUMP` from now on."""
        self._collector.install()
        signal.signal(ENABLE, self._enable)
        signal.signal(DUMP, self._dump)

    def _enable(self, _signal: int, _frame: FrameType | None) -> None:
        self._collector.reset()
        self._profile = cProfile.Profile(time.perf_counter)
        self._profile.enable()

    def _dump(self, _signal: int, _frame: FrameType | None) -> None:
        if self._profile is None:
            return
        self._profile.disable()
        figures = collector_file(self._out)
        partial = figures.with_suffix(".partial")
        partial.write_text(json.dumps(self._collector.figures()))
        partial.replace(figures)
        partial = self._out.with_suffix(".partial")
        self._profile.dump_stats(partial)
        partial.replace(self._out)
        self._profile = None


def main() -> None:
    """Run ``NAZH_PROFILED_MODULE`` (``nazh`` unless set) with the arguments given, profiled
    on signals."""
    SignalledProfile(Path(os.environ["NAZH_PROFILE_OUT"])).install()
    runpy.run_module(os.environ.get("NAZH_PROFILED_MODULE", "nazh"), run_name="__main__",
                     alter_sys=True)


if __name__ == "__main__":
    main()
