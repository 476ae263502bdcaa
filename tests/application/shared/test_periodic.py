"""Periodic work: runs at once (or after the first interval), goes on after a failure (logged),
and stops."""

from __future__ import annotations

import asyncio

import pytest

from nazh.application.shared.periodic import Periodic
from tests.waiting import until


async def test_it_runs_every_interval_and_goes_on_after_a_failure(
        caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []

    async def work() -> None:
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("boom")

    periodic = Periodic("test-work", work, 0.01, "the test work failed")
    periodic.start()
    periodic.start()  # a second start adds no second loop
    await until(lambda: len(runs) >= 4, what="four runs, the second failing")
    await periodic.stop()
    stopped_at = len(runs)
    await asyncio.sleep(0.03)
    assert len(runs) == stopped_at  # nothing after stop
    assert [r.getMessage() for r in caplog.records] == [
        "the test work failed; trying again later"]
    await periodic.stop()  # stopping twice is harmless


async def test_it_can_wait_an_interval_before_the_first_run() -> None:
    runs: list[float] = []
    loop = asyncio.get_running_loop()

    async def work() -> None:
        runs.append(loop.time())

    started = loop.time()
    periodic = Periodic("test-late", work, 0.05, "failed", first_at_once=False)
    periodic.start()
    await until(lambda: runs, what="the first run")
    await periodic.stop()
    assert runs[0] - started >= 0.045
