"""A bot process (``nazh run``, or the floor bot) with a profiler the benchmark switches on and
off by signal: how ``benchmarks.profile`` looks inside the real bot process.

Run by the benchmark as ``python -m benchmarks.profiled_bot run`` (or ``... lightbulb`` with
``NAZH_PROFILED_MODULE=benchmarks.floor_bot``), with the bot's usual settings and
``NAZH_PROFILE_OUT`` set to a file: ``SIGUSR1`` starts a fresh :mod:`cProfile` profile of
the event loop's thread, ``SIGUSR2`` stops it and writes it to that file (then
renamed into place, so a reader never sees half of it). The module then runs as
``python -m <module> <arguments>`` would: for Nazh, the same bootstrap, containers and
settings as ``nazh run``.
"""

from __future__ import annotations

import cProfile
import os
import runpy
import signal
import time
from pathlib import Path
from types import FrameType

ENABLE = signal.SIGUSR1
DUMP = signal.SIGUSR2


class SignalledProfile:
    """A :class:`cProfile.Profile` of the main thread, started and written out on signals.

    The timer is the wall clock (``perf_counter``: a CPU-time timer costs 0.6 µs a call on
    this machine, more than many of the functions it would time); the benchmark removes the
    event loop's idle wait (``epoll``) and the journal's ``fsync`` from what it reports.
    """

    def __init__(self, out: Path) -> None:
        self._out = out
        self._profile: cProfile.Profile | None = None

    def install(self) -> None:
        """Handle :data:`ENABLE` and :data:`DUMP` from now on."""
        signal.signal(ENABLE, self._enable)
        signal.signal(DUMP, self._dump)

    def _enable(self, _signal: int, _frame: FrameType | None) -> None:
        self._profile = cProfile.Profile(time.perf_counter)
        self._profile.enable()

    def _dump(self, _signal: int, _frame: FrameType | None) -> None:
        if self._profile is None:
            return
        self._profile.disable()
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
