"""The interaction admission: count interactions in flight, close, drain."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from nazh.application.admission import Admission, ServiceBusyError
from nazh.domain.errors import LimitError, NazhError
from tests.app_fakes import FakeInteractionMetrics


def test_a_new_admission_is_open_and_idle() -> None:
    admission = Admission(FakeInteractionMetrics())
    assert admission.open
    assert admission.in_flight == 0


async def test_track_counts_the_block_while_it_runs() -> None:
    admission = Admission(FakeInteractionMetrics())
    async with admission.admit("command"):
        assert admission.in_flight == 1
        async with admission.admit("command"):
            assert admission.in_flight == 2
        assert admission.in_flight == 1
    assert admission.in_flight == 0


async def test_track_uncounts_a_block_that_raises() -> None:
    admission = Admission(FakeInteractionMetrics())
    try:
        async with admission.admit("command"):
            raise RuntimeError("handler failed")
    except RuntimeError:
        pass
    assert admission.in_flight == 0
    assert await admission.drain(0.01) is True


async def test_close_refuses_from_now_on_and_is_idempotent() -> None:
    admission = Admission(FakeInteractionMetrics())
    admission.close()
    assert not admission.open
    admission.close()
    assert not admission.open


async def test_close_does_not_cut_interactions_in_flight() -> None:
    admission = Admission(FakeInteractionMetrics())
    async with admission.admit("command"):
        admission.close()
        assert admission.in_flight == 1
    assert admission.in_flight == 0


async def test_drain_of_an_idle_admission_returns_true_at_once() -> None:
    admission = Admission(FakeInteractionMetrics())
    assert await asyncio.wait_for(admission.drain(5), timeout=1) is True


async def test_drain_times_out_while_an_interaction_is_in_flight() -> None:
    admission = Admission(FakeInteractionMetrics())
    release = asyncio.Event()

    async def interaction() -> None:
        async with admission.admit("command"):
            await release.wait()

    task = asyncio.create_task(interaction())
    await asyncio.sleep(0)
    assert admission.in_flight == 1
    assert await admission.drain(0.02) is False
    release.set()
    await task
    assert await admission.drain(0.02) is True


async def test_drain_returns_true_once_the_last_interaction_ends() -> None:
    admission = Admission(FakeInteractionMetrics())
    release = asyncio.Event()
    finished: list[int] = []

    async def interaction(number: int) -> None:
        async with admission.admit("command"):
            await release.wait()
            await asyncio.sleep(0.01 * number)
            finished.append(number)

    tasks = [asyncio.create_task(interaction(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    admission.close()
    drain = asyncio.create_task(admission.drain(5))
    await asyncio.sleep(0)
    assert not drain.done()
    release.set()
    assert await drain is True
    assert finished == [1, 2]
    assert admission.in_flight == 0
    await asyncio.gather(*tasks)


@pytest.mark.parametrize(("error", "outcome"), [
    (None, "ok"),
    (LimitError("at most 5 pools"), "rejected"),
    (NazhError("only the roller can do that"), "refused"),
    (RuntimeError("boom"), "error"),
])
async def test_each_interaction_is_counted_once_with_its_outcome(
        error: Exception | None, outcome: str) -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics)
    with pytest.raises(Exception) if error else contextlib.nullcontext():  # noqa: PT011
        async with admission.admit("component"):
            if error is not None:
                raise error
    assert metrics.outcomes == [("component", outcome)]


async def test_a_closed_admission_counts_busy_and_raises() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics)
    admission.close()
    with pytest.raises(ServiceBusyError, match="restarting"):
        async with admission.admit("modal"):
            raise AssertionError("the block must not run")
    assert metrics.outcomes == [("modal", "busy")]
