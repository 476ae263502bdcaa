"""Waiting for something to happen, rather than for a fixed time that is too long on a fast
machine and too short on a loaded one.

``await until(lambda: writer.stats.written == 3, what="the three records written")`` polls
the predicate every 10 ms and returns its first truthy value; after ``timeout`` seconds it
fails, naming what never happened. A predicate may be a coroutine function (a scrape, a
query): its result is awaited. :func:`until_sync` is the same for code without a loop.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

T = TypeVar("T")

POLL_SECONDS = 0.01
"""How often the predicate is asked."""
TIMEOUT_SECONDS = 5.0
"""How long a wait lasts by default before it fails."""


class NeverHappenedError(AssertionError):
    """What a test waited for did not happen in time."""

    def __init__(self, what: str, timeout: float, last: object) -> None:
        super().__init__(f"{what}: did not happen within {timeout:g} s (last seen: {last!r})")


@overload
async def until(predicate: Callable[[], Awaitable[T | None]], timeout: float = ...,
                what: str = ..., every: float = ...) -> T: ...


@overload
async def until(predicate: Callable[[], T | None], timeout: float = ...,
                what: str = ..., every: float = ...) -> T: ...


async def until(predicate: Callable[[], object], timeout: float = TIMEOUT_SECONDS,
                what: str = "the awaited condition", every: float = POLL_SECONDS) -> object:
    """The first truthy value of ``predicate()`` (awaited when it is awaitable), asked every
    ``every`` seconds (10 ms unless told: a slower pace for a costly question, a query).

    Raises:
        NeverHappenedError: ``predicate()`` was still falsy after ``timeout`` seconds.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        outcome = predicate()
        value = await outcome if inspect.isawaitable(outcome) else outcome
        if value:
            return value
        if loop.time() >= deadline:
            raise NeverHappenedError(what, timeout, value)
        await asyncio.sleep(every)


def until_sync(predicate: Callable[[], T], timeout: float = TIMEOUT_SECONDS,
               what: str = "the awaited condition") -> T:
    """:func:`until` for code without an event loop (the thread sleeps between tries).

    Raises:
        NeverHappenedError: ``predicate()`` was still falsy after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise NeverHappenedError(what, timeout, value)
        time.sleep(POLL_SECONDS)
