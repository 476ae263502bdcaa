"""``Stop.unless``: work runs to its end unless a stop comes first, when it is cancelled with
its clean-up run; its errors are raised as they are."""

from __future__ import annotations

import asyncio

import pytest

from nazh.adapters.stopping import Stop


async def test_work_that_ends_first_is_done() -> None:
    done: list[str] = []

    async def work() -> None:
        done.append("work")

    assert await Stop().unless(work()) is True
    assert done == ["work"]


async def test_a_stop_cancels_the_work_and_runs_its_clean_up() -> None:
    stop, cleaned = Stop(), asyncio.Event()
    started = asyncio.Event()

    async def retrying() -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # retrying until cancelled
        finally:
            cleaned.set()

    async def signal_when_started() -> None:
        await started.wait()
        stop.set("SIGTERM")

    signalling = asyncio.ensure_future(signal_when_started())
    assert await asyncio.wait_for(stop.unless(retrying()), timeout=5) is False
    await signalling
    assert cleaned.is_set()
    assert (stop.requested, stop.reason) == (True, "SIGTERM")


async def test_the_first_reason_is_kept() -> None:
    stop = Stop()
    stop.set("SIGINT")
    stop.set("SIGTERM")
    assert stop.reason == "SIGINT"


async def test_the_work_s_error_is_raised() -> None:
    async def failing() -> None:
        raise LookupError("no such thing")

    with pytest.raises(LookupError, match="no such thing"):
        await Stop().unless(failing())
