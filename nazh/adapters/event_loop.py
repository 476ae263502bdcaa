"""The event loop the bot runs on: asyncio's own, or uvloop when ``NAZH_EVENT_LOOP=uvloop``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop]:
    """What makes the chosen loop (for :class:`asyncio.Runner`); uvloop may be missing (Windows)."""
    if choice == "uvloop":
        import uvloop  # noqa: PLC0415  # only when chosen

        return uvloop.new_event_loop
    # uvloop took 8% off an interaction's CPU at 300 /roll a second, nothing measurable at 1,000,
    # and holds 2.2 MiB more at idle (past the memory target, benchmarks/README.md): asyncio is the
    # default.
    return asyncio.new_event_loop
