"""The event loop the bot runs on: asyncio's own, or uvloop (libuv's loop, written in Cython)
when ``NAZH_EVENT_LOOP=uvloop`` chooses it.

The bot's loop does everything an interaction needs between the gateway's bytes and the
answer's. Measured side by side at 300 /roll a second, uvloop took 8% off the CPU of an
interaction (0.922x); under load at 1,000 a second, where the loop runs many callbacks a turn,
the difference was within the machine's noise, and uvloop holds 2.2 MiB more at idle, which
would take the idle bot past its memory target (``benchmarks/README.md``). So asyncio's loop is
the default, and uvloop an operator's choice of CPU over memory. uvloop is installed with Nazh
except on Windows, where it is not made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop]:
    """What makes the chosen loop, ``uvloop`` or ``asyncio`` (for :class:`asyncio.Runner`;
    the setting is checked by the configuration).

    Raises:
        ModuleNotFoundError: uvloop chosen and not installed.
    """
    if choice == "uvloop":
        import uvloop  # noqa: PLC0415  # only when chosen

        return uvloop.new_event_loop
    return asyncio.new_event_loop
