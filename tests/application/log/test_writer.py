"""The write-behind roll log writer: order, batches, retries, capacity, flush and close."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from nazh.application.log.chain import EntryKind, LogEntry, QueueStats, verify_chain
from nazh.application.log.ports import RollLog
from nazh.application.log.writer import LogWriter, RollNotKeptError, WriterPolicy
from tests.app_fakes import T0
from tests.log_fakes import FlakyRollLog, GatedRollLog, InMemoryRollLog
from tests.waiting import until

FAST = WriterPolicy(capacity=1000, batch_size=500, retry_initial=0.001, retry_max=0.004)
FLUSH = 2.0  # generous: a flush that should succeed returns as soon as the queue drains

Writers = Callable[..., LogWriter]


def entry(n: int, channel_id: int = 222) -> LogEntry:
    """A roll entry with id ``r<n>``."""
    return LogEntry(roll_id=f"r{n}", version=1, kind=EntryKind.ROLL,
                    at=T0 + timedelta(seconds=n), channel_id=channel_id, user_id=111,
                    notation=f"{n}d6", result={"n": n})


def entries(count: int) -> list[LogEntry]:
    """``r1`` .. ``r<count>``."""
    return [entry(n) for n in range(1, count + 1)]


def ids(count: int) -> list[str]:
    """The entry ids of :func:`entries`."""
    return [f"r{n}.1" for n in range(1, count + 1)]


def writer_tasks() -> list[asyncio.Task[object]]:
    """The writer's background tasks still around."""
    return [task for task in asyncio.all_tasks() if task.get_name() == "roll-log"]


@pytest.fixture
async def make_writer() -> AsyncIterator[Writers]:
    """Started writers, closed (without waiting for a flush) after the test."""
    made: list[LogWriter] = []

    def make(target: RollLog, policy: WriterPolicy = FAST, *, start: bool = True) -> LogWriter:
        writer = LogWriter(target, policy)
        if start:
            writer.start()
        made.append(writer)
        return writer

    yield make
    for writer in made:
        await writer.close(timeout=0.01)


# -- order and batches -----------------------------------------------------------------------


async def test_records_are_appended_in_submission_order(make_writer: Writers) -> None:
    log = InMemoryRollLog()
    writer = make_writer(log)
    for record in entries(5):
        await writer.keep(record)
    assert await writer.flush(FLUSH) is True
    assert log.entry_ids() == ids(5)
    assert verify_chain(222, log.chains[222]).intact
    assert writer.stats == QueueStats(written=5, dropped=0, failures=0, waiting=0)


async def test_records_go_in_batches_of_at_most_batch_size(make_writer: Writers) -> None:
    log = InMemoryRollLog()
    writer = make_writer(log, replace(FAST, batch_size=3), start=False)
    for record in entries(7):
        await writer.keep(record)
    assert writer.stats.waiting == 7
    writer.start()
    assert await writer.flush(FLUSH) is True
    assert log.appended == [["r1.1", "r2.1", "r3.1"], ["r4.1", "r5.1", "r6.1"], ["r7.1"]]
    assert writer.stats.written == 7
    assert writer.stats.waiting == 0


async def test_records_submitted_while_a_batch_is_written_follow_it(
        make_writer: Writers) -> None:
    log = GatedRollLog(InMemoryRollLog())
    writer = make_writer(log)
    await writer.keep(entry(1))
    await log.entered.wait()
    for record in entries(4)[1:]:
        await writer.keep(record)
    log.gate.set()
    assert await writer.flush(FLUSH) is True
    assert log.inner.appended == [["r1.1"], ["r2.1", "r3.1", "r4.1"]]


async def test_a_writer_that_was_never_given_records_is_flushed_at_once(
        make_writer: Writers) -> None:
    writer = make_writer(InMemoryRollLog(), start=False)
    loop = asyncio.get_running_loop()
    before = loop.time()
    assert await writer.flush(FLUSH) is True
    assert loop.time() - before < 0.5


async def test_flush_with_no_time_left_is_true_when_nothing_waits(
        make_writer: Writers) -> None:
    writer = make_writer(InMemoryRollLog())
    await writer.keep(entry(1))
    assert await writer.flush(FLUSH) is True
    assert await writer.flush(0) is True


async def test_nothing_is_written_before_start(make_writer: Writers) -> None:
    log = InMemoryRollLog()
    writer = make_writer(log, start=False)
    await writer.keep(entry(1))
    assert await writer.flush(0.01) is False
    assert log.appended == []
    writer.start()
    assert await writer.flush(FLUSH) is True
    assert log.entry_ids() == ["r1.1"]


async def test_start_twice_runs_one_task(make_writer: Writers) -> None:
    writer = make_writer(InMemoryRollLog())
    writer.start()
    assert len(writer_tasks()) == 1


# -- retries -----------------------------------------------------------------------------------


async def test_a_failing_batch_is_retried_until_every_record_is_appended_once(
        make_writer: Writers) -> None:
    inner = InMemoryRollLog()
    log = FlakyRollLog(inner, fail_before=3)
    writer = make_writer(log, replace(FAST, batch_size=2))
    for record in entries(5):
        await writer.keep(record)
    assert await writer.flush(FLUSH) is True
    assert log.attempts == [["r1.1", "r2.1"]] * 4 + [["r3.1", "r4.1"], ["r5.1"]]
    assert inner.entry_ids() == ids(5)
    assert writer.stats == QueueStats(written=5, dropped=0, failures=3, waiting=0,
                                      last_error="ConnectionError")


async def test_a_failure_after_commit_then_a_retry_keeps_one_copy(make_writer: Writers) -> None:
    inner = InMemoryRollLog()
    log = FlakyRollLog(inner, fail_after=1, error=TimeoutError)
    writer = make_writer(log)
    for record in entries(3):
        await writer.keep(record)
    assert await writer.flush(FLUSH) is True
    assert log.attempts == [ids(3), ids(3)]
    assert inner.entry_ids() == ids(3)
    assert [r.seq for r in inner.chains[222]] == [1, 2, 3]
    assert verify_chain(222, inner.chains[222]).intact
    assert writer.stats.written == 3
    assert writer.stats.failures == 1
    assert writer.stats.last_error == "TimeoutError"


async def test_failures_mixed_before_and_after_commit_still_write_once(
        make_writer: Writers) -> None:
    inner = InMemoryRollLog()
    log = FlakyRollLog(inner, fail_before=2, fail_after=2)
    writer = make_writer(log, replace(FAST, batch_size=2))
    for record in entries(4):
        await writer.keep(record)
    assert await writer.flush(FLUSH) is True
    assert inner.entry_ids() == ids(4)
    assert writer.stats.failures == 4
    assert writer.stats.written == 4


async def test_the_failures_are_logged_with_the_backoff(make_writer: Writers,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="nazh.application.log.writer")
    log = FlakyRollLog(InMemoryRollLog(), fail_before=3)
    writer = make_writer(log, replace(FAST, retry_initial=0.1, retry_max=0.2))
    await writer.keep(entry(1))
    await writer.keep(entry(2))
    assert await writer.flush(FLUSH) is True
    assert caplog.messages == [
        "roll log: writing 2 record(s) failed (ConnectionError); retrying in 0.1 s "
        "(2 waiting)",
        "roll log: writing 2 record(s) failed (ConnectionError); retrying in 0.2 s "
        "(2 waiting)",
        "roll log: writing 2 record(s) failed (ConnectionError); retrying in 0.2 s "
        "(2 waiting)",
    ]


async def test_the_backoff_starts_over_after_a_success(make_writer: Writers,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="nazh.application.log.writer")
    log = FlakyRollLog(InMemoryRollLog(), fail_before=2)
    writer = make_writer(log, replace(FAST, retry_initial=0.1, retry_max=0.4))
    await writer.keep(entry(1))
    assert await writer.flush(FLUSH) is True
    log.fail_before = 1
    await writer.keep(entry(2))
    assert await writer.flush(FLUSH) is True
    delays = [message.split("retrying in ")[1].split(" ")[0] for message in caplog.messages]
    assert delays == ["0.1", "0.2", "0.1"]


async def test_flush_times_out_while_the_target_is_down_and_succeeds_once_it_is_back(
        make_writer: Writers) -> None:
    inner = InMemoryRollLog()
    log = FlakyRollLog(inner, fail_before=10**9)
    writer = make_writer(log)
    await writer.keep(entry(1))
    await writer.keep(entry(2))
    assert await writer.flush(0.05) is False
    assert writer.stats.written == 0
    assert writer.stats.waiting == 2
    assert writer.stats.failures >= 1
    assert writer.stats.last_error == "ConnectionError"
    log.fail_before = 0
    assert await writer.flush(FLUSH) is True
    assert inner.entry_ids() == ids(2)
    assert writer.stats.waiting == 0
    assert writer.stats.written == 2


# -- never blocking, capacity ------------------------------------------------------------------


async def test_submit_returns_at_once_while_the_target_hangs(make_writer: Writers) -> None:
    log = GatedRollLog(InMemoryRollLog())
    writer = make_writer(log)
    await writer.keep(entry(1))
    await log.entered.wait()
    loop = asyncio.get_running_loop()
    before = loop.time()
    for record in entries(50)[1:]:
        await writer.keep(record)
    assert loop.time() - before < 0.5
    assert writer.stats.waiting == 50
    assert await writer.flush(0.02) is False
    assert log.inner.appended == []
    log.gate.set()
    assert await writer.flush(FLUSH) is True
    assert log.inner.entry_ids() == ids(50)


async def test_beyond_capacity_submit_refuses_and_counts_the_drop(
        make_writer: Writers, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="nazh.application.log.writer")
    log = GatedRollLog(InMemoryRollLog())
    writer = make_writer(log, replace(FAST, capacity=2))
    await writer.keep(entry(1))
    await writer.keep(entry(2))
    with pytest.raises(RollNotKeptError, match="not keeping up"):
        await writer.keep(entry(3))
    with pytest.raises(RollNotKeptError, match="not keeping up"):
        await writer.keep(entry(4))
    assert writer.stats.dropped == 2
    assert writer.stats.waiting == 2
    assert caplog.messages == ["roll log queue full (2): record r3.1 not kept",
                               "roll log queue full (2): record r4.1 not kept"]
    log.gate.set()
    assert await writer.flush(FLUSH) is True
    assert log.inner.entry_ids() == ["r1.1", "r2.1"]
    await writer.keep(entry(5))


async def test_the_batch_being_written_counts_towards_the_capacity(make_writer: Writers) -> None:
    log = GatedRollLog(InMemoryRollLog())
    writer = make_writer(log, replace(FAST, capacity=1))
    await writer.keep(entry(1))
    await log.entered.wait()
    with pytest.raises(RollNotKeptError):
        await writer.keep(entry(2))
    assert writer.stats.dropped == 1


# -- close -------------------------------------------------------------------------------------


async def test_close_flushes_then_stops_the_task() -> None:
    log = InMemoryRollLog()
    writer = LogWriter(log, FAST)
    writer.start()
    for record in entries(3):
        await writer.keep(record)
    assert len(writer_tasks()) == 1
    await writer.close(timeout=FLUSH)
    assert log.entry_ids() == ids(3)
    assert writer_tasks() == []
    assert writer.stats.written == 3


async def test_close_gives_up_after_its_timeout_while_the_target_is_down(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="nazh.application.log.writer")
    log = FlakyRollLog(InMemoryRollLog(), fail_before=10**9)
    writer = LogWriter(log, FAST)
    writer.start()
    await writer.keep(entry(1))
    await writer.keep(entry(2))
    await writer.close(timeout=0.05)
    assert writer_tasks() == []
    assert caplog.messages == ["roll log: 2 record(s) could not be written before shutdown"]
    assert writer.stats.waiting == 2
    assert writer.stats.written == 0


async def test_close_of_a_writer_never_started_returns() -> None:
    writer = LogWriter(InMemoryRollLog(), FAST)
    await writer.close(timeout=0.01)
    assert writer_tasks() == []


async def test_a_closed_writer_can_be_started_again() -> None:
    log = InMemoryRollLog()
    writer = LogWriter(log, FAST)
    writer.start()
    await writer.close(timeout=FLUSH)
    writer.start()
    await writer.keep(entry(1))
    await writer.close(timeout=FLUSH)
    assert log.entry_ids() == ["r1.1"]
    assert writer_tasks() == []


def test_the_default_policy() -> None:
    assert WriterPolicy() == WriterPolicy(capacity=100_000, batch_size=500, retry_initial=0.2,
                                          retry_max=10.0, gather=1.0, journal_gather=0.02,
                                          journal_batch=4, journal_busy=0.05,
                                          inline_journal=0.005,
                                          threaded_journal_first=1.0, threaded_journal=10.0)


async def test_the_writer_tells_since_when_writing_fails_until_a_write_goes_through(
        make_writer: Writers) -> None:
    flaky = FlakyRollLog(InMemoryRollLog(), fail_before=1)
    writer = make_writer(flaky, replace(FAST, retry_initial=0.2, retry_max=0.2))
    before = time.monotonic()
    await writer.keep(entries(1)[0])
    # the first attempt fails; the retry waits 0.2 s
    failing_since = await until(lambda: writer.stats.failing_since,
                                what="the writer telling that writing fails")
    assert failing_since is not None
    assert failing_since >= before
    assert await writer.flush(FLUSH) is True
    assert writer.stats.failing_since is None
