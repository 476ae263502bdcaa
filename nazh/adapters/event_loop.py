"""The event loop the bot runs on: uvloop (libuv's loop, written in Cython) where it is
installed, else asyncio's own; ``NAZH_EVENT_LOOP`` chooses.

The bot's loop does everything an interaction needs between the gateway's bytes and the
answer's, and asyncio's pure-Python loop spends a tenth of a command's CPU on itself (its
scheduling, its selector, its socket transports). Measured side by side at 300 /roll a
second: 8% less CPU an interaction on uvloop (``benchmarks/README.md``). uvloop is not made
for Windows; there the bot runs on asyncio's loop (the configuration's default,
:func:`~nazh.adapters.config.environment.installed_loop`).
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
