"""The retention job: the cutoff it purges before, and its periodic loop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest

from nazh.application.log.ports import LogRetention
from nazh.application.log.retention import PURGE_INTERVAL_SECONDS, RetentionJob
from tests.app_fakes import T0, FakeClock

LOGGER = "nazh.application.log.retention"
TICK = 0.005


class FakeRetention:
    """A ``LogRetention`` that records each cutoff; the first ``failures`` purges raise."""

    def __init__(self, removed: int = 3, failures: int = 0) -> None:
        self.removed = removed
        self.failures = failures
        self.cutoffs: list[datetime] = []
        self.called = asyncio.Event()

    async def purge_before(self, cutoff: datetime) -> int:
        """Record the cutoff; fail or report ``removed``."""
        self.cutoffs.append(cutoff)
        self.called.set()
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("database down")
        return self.removed


def job(retention: FakeRetention, days: int | None, clock: FakeClock | None = None,
        interval: float = TICK) -> RetentionJob:
    port: LogRetention = retention
    return RetentionJob(port, clock or FakeClock(), days, interval)


def retention_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name() == "roll-log-retention"]


async def calls(retention: FakeRetention, count: int) -> None:
    """Wait until the fake has been called ``count`` times."""
    async with asyncio.timeout(2.0):
        while len(retention.cutoffs) < count:
            retention.called.clear()
            await retention.called.wait()


def test_the_default_interval_is_six_hours() -> None:
    assert PURGE_INTERVAL_SECONDS == 6 * 3600


# -- purge_once --------------------------------------------------------------------------------


async def test_purge_once_cuts_off_now_minus_the_days(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    retention = FakeRetention(removed=3)
    assert await job(retention, 30, FakeClock(T0)).purge_once() == 3
    assert retention.cutoffs == [T0 - timedelta(days=30)]
    assert retention.cutoffs[0].tzinfo is not None
    assert caplog.messages == ["roll log retention: 3 record(s) older than 30 days purged"]


async def test_purge_once_follows_the_clock() -> None:
    clock = FakeClock(T0)
    retention = FakeRetention()
    purger = job(retention, 1, clock)
    await purger.purge_once()
    clock.advance(timedelta(hours=5))
    await purger.purge_once()
    assert retention.cutoffs == [T0 - timedelta(days=1), T0 - timedelta(days=1, hours=-5)]


@pytest.mark.parametrize("days", [None, 0])
async def test_without_days_purge_once_does_nothing(days: int | None) -> None:
    retention = FakeRetention()
    assert await job(retention, days).purge_once() == 0
    assert retention.cutoffs == []


async def test_purge_once_lets_a_failure_through() -> None:
    retention = FakeRetention(failures=1)
    with pytest.raises(ConnectionError):
        await job(retention, 7).purge_once()


# -- the periodic loop -------------------------------------------------------------------------


async def test_start_purges_at_once_then_periodically_until_stopped() -> None:
    retention = FakeRetention()
    purger = job(retention, 30, FakeClock(T0))
    purger.start()
    await calls(retention, 3)
    await purger.stop()
    assert retention_tasks() == []
    done = len(retention.cutoffs)
    await asyncio.sleep(TICK * 4)
    assert len(retention.cutoffs) == done
    assert set(retention.cutoffs) == {T0 - timedelta(days=30)}


async def test_the_first_purge_comes_before_the_first_interval() -> None:
    retention = FakeRetention()
    purger = job(retention, 30, interval=3600)
    purger.start()
    await calls(retention, 1)
    await asyncio.sleep(TICK)
    assert len(retention.cutoffs) == 1
    await purger.stop()


async def test_a_failing_purge_is_logged_and_tried_again(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    retention = FakeRetention(removed=2, failures=2)
    purger = job(retention, 10)
    purger.start()
    await calls(retention, 3)
    await purger.stop()
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failures] == [
        "roll log retention failed; trying again later"] * 2
    assert all(r.exc_info is not None and r.exc_info[0] is ConnectionError for r in failures)
    assert "roll log retention: 2 record(s) older than 10 days purged" in caplog.messages


@pytest.mark.parametrize("days", [None, 0])
async def test_without_days_start_runs_nothing(days: int | None) -> None:
    retention = FakeRetention()
    purger = job(retention, days)
    purger.start()
    assert retention_tasks() == []
    await asyncio.sleep(TICK * 2)
    assert retention.cutoffs == []
    await purger.stop()


async def test_start_twice_runs_one_loop() -> None:
    retention = FakeRetention()
    purger = job(retention, 30, interval=3600)
    purger.start()
    purger.start()
    assert len(retention_tasks()) == 1
    await purger.stop()
    assert retention_tasks() == []


async def test_stop_cancels_a_purge_in_progress(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    gate = asyncio.Event()

    class HangingRetention(FakeRetention):
        async def purge_before(self, cutoff: datetime) -> int:
            await super().purge_before(cutoff)
            await gate.wait()
            return 0

    retention = HangingRetention()
    purger = job(retention, 30)
    purger.start()
    await calls(retention, 1)
    await purger.stop()
    assert retention_tasks() == []
    assert not gate.is_set()
    assert caplog.messages == []  # a cancellation is neither a failure nor a purge


async def test_stop_without_start_is_harmless() -> None:
    await job(FakeRetention(), 30).stop()


async def test_a_stopped_job_can_start_again() -> None:
    retention = FakeRetention()
    purger = job(retention, 30)
    purger.start()
    await calls(retention, 1)
    await purger.stop()
    purger.start()
    await calls(retention, len(retention.cutoffs) + 1)
    await purger.stop()
    assert retention_tasks() == []
