"""The odds worker is warmed some seconds after start, not while the bot connects and answers
its first interactions: a bot stopped before then never started a worker process."""

from __future__ import annotations

import asyncio
import multiprocessing
from contextlib import asynccontextmanager

from nazh.adapters.workers.odds import ProcessOddsWorker
from nazh.composition.jobs import odds_with_chart
from nazh.composition.lifecycles import ODDS_WARM_AFTER_SECONDS, odds_worker_lifecycle
from tests.waiting import until

running = asynccontextmanager(odds_worker_lifecycle)


async def test_a_bot_stopped_before_the_warm_up_started_no_worker_process() -> None:
    assert ODDS_WARM_AFTER_SECONDS >= 5  # after a start's connecting and first interactions
    async with running(ProcessOddsWorker(odds_with_chart), 0.3):
        await asyncio.sleep(0.1)
        assert multiprocessing.active_children() == []
    await asyncio.sleep(0.4)  # the warm-up's time has passed: it was cancelled
    assert multiprocessing.active_children() == []


async def test_the_worker_is_warmed_once_the_delay_passed() -> None:
    worker = ProcessOddsWorker(odds_with_chart)
    async with running(worker, 0.2):
        assert multiprocessing.active_children() == []
        await until(multiprocessing.active_children, what="the warm-up starting the worker")
        answer = await worker.compute("1d20", add_plot=False, dc=None)  # the warm pool answers
        assert answer.odds.spec.pools[0].sides == 20
    assert multiprocessing.active_children() == []
