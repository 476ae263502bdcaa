"""The interaction admission: count interactions in flight, close, drain."""

from __future__ import annotations

import asyncio
import time

import pytest

from nazh.application.admission.gate import (
    DISCORD_DEADLINE_SECONDS,
    MIN_CUTOFF_SECONDS,
    SEND_MARGIN_SECONDS,
    Admission,
    AnswerTooLateError,
    Outcome,
    ServiceBusyError,
    check_in_time,
)
from nazh.domain.errors import LimitError, NazhError
from tests.app_fakes import FakeInteractionMetrics
from tests.waiting import until


def test_a_new_admission_is_open_and_idle() -> None:
    admission = Admission(FakeInteractionMetrics())
    assert admission.open
    assert admission.in_flight == 0


async def test_a_turn_counts_its_interaction_in_flight_while_it_runs() -> None:
    admission = Admission(FakeInteractionMetrics())
    async with admission.gate("command", time.time()):
        assert admission.in_flight == 1
        async with admission.gate("command", time.time()):
            assert admission.in_flight == 2
        assert admission.in_flight == 1
    assert admission.in_flight == 0


async def test_a_turn_that_raises_is_no_longer_in_flight() -> None:
    admission = Admission(FakeInteractionMetrics())
    try:
        async with admission.gate("command", time.time()):
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
    async with admission.gate("command", time.time()):
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
        async with admission.gate("command", time.time()):
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
        async with admission.gate("command", time.time()):
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
    async with admission.gate("component", time.time()) as shed:
        assert shed is None
        admission.count("component", Outcome.of(error))
    assert metrics.outcomes == [("component", outcome)]


async def test_a_closed_admission_counts_busy_and_raises() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics)
    admission.close()
    with pytest.raises(ServiceBusyError, match="restarting"):
        async with admission.gate("modal", time.time()):
            raise AssertionError("the block must not run")
    assert admission.in_flight == 0
    assert metrics.outcomes == [("modal", "busy")]


# --- the gate: turns, budget, bound ------------------------------------------------------------


async def take_turn(admission: Admission, kind: str, created: float,
                    log: list[object], hold: asyncio.Event | None = None) -> None:
    async with admission.gate(kind, created) as shed:
        log.append(shed)
        if hold is not None:
            await hold.wait()


async def test_a_fresh_interaction_gets_its_turn_at_once() -> None:
    metrics = FakeInteractionMetrics()
    seen: list[object] = []
    await take_turn(Admission(metrics), "command", time.time(), seen)
    assert seen == [None]
    assert metrics.outcomes == []


async def test_an_interaction_past_the_budget_is_dropped_and_counted() -> None:
    metrics = FakeInteractionMetrics()
    seen: list[object] = []
    await take_turn(Admission(metrics, budget=2.5), "command", time.time() - 2.6, seen)
    assert seen == [Outcome.EXPIRED]
    assert metrics.outcomes == [("command", "expired")]


async def test_the_budget_is_judged_when_the_turn_comes_not_on_arrival() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics, budget=0.2, concurrency=1)
    hold = asyncio.Event()
    seen: list[object] = []
    first = asyncio.create_task(take_turn(admission, "command", time.time(), seen, hold))
    await asyncio.sleep(0)
    arrived = time.time()
    waiting = asyncio.create_task(take_turn(admission, "component", arrived, seen))
    # the second waits past its budget for the first's turn
    await until(lambda: time.time() > arrived + 0.25, what="the second's budget spent")
    assert seen == [None]
    hold.set()
    await asyncio.gather(first, waiting)
    assert seen == [None, Outcome.EXPIRED]
    assert metrics.outcomes == [("component", "expired")]


async def test_turns_are_taken_in_order_of_arrival_at_most_concurrency_at_once() -> None:
    admission = Admission(FakeInteractionMetrics(), concurrency=2)
    hold = asyncio.Event()
    seen: list[object] = []
    tasks = [asyncio.create_task(take_turn(admission, "command", time.time(), seen, hold))
             for _ in range(5)]
    await until(lambda: len(seen) >= 2, what="two of the five interactions taking a turn")
    assert seen == [None, None]  # the three others wait: all five ran up to the gate at once
    hold.set()
    await asyncio.gather(*tasks)
    assert seen == [None] * 5


async def test_past_the_bound_on_waiting_interactions_new_ones_are_busy() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics, max_in_flight=3, concurrency=4)
    hold = asyncio.Event()
    seen: list[object] = []
    tasks = [asyncio.create_task(take_turn(admission, "command", time.time(), seen, hold))
             for _ in range(3)]
    await until(lambda: len(seen) == 3, what="the three interactions holding a turn")
    await take_turn(admission, "modal", time.time(), seen)
    assert seen == [None, None, None, Outcome.BUSY]
    assert metrics.outcomes == [("modal", "busy")]
    hold.set()
    await asyncio.gather(*tasks)
    await take_turn(admission, "modal", time.time(), seen)  # room again
    assert seen[-1] is None


@pytest.mark.parametrize("skew", [-30.0, 3600.0])
async def test_a_clock_far_off_is_logged_once_and_never_sheds(
        skew: float, caplog: pytest.LogCaptureFixture) -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics, budget=2.5)
    seen: list[object] = []
    for _ in range(3):
        await take_turn(admission, "command", time.time() - skew, seen)
    assert seen == [None] * 3
    assert metrics.outcomes == []
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "clock is off" in caplog.records[0].message


async def test_shedding_is_logged_at_most_once_per_interval(
        caplog: pytest.LogCaptureFixture) -> None:
    admission = Admission(FakeInteractionMetrics(), budget=1.0)
    seen: list[object] = []
    for _ in range(50):
        await take_turn(admission, "command", time.time() - 2.0, seen)
    assert seen == [Outcome.EXPIRED] * 50
    overloaded = [r for r in caplog.records if "overloaded" in r.message]
    assert len(overloaded) == 1
    assert "1 interaction(s) dropped past the 1.0 s budget" in overloaded[0].message


async def test_past_the_bound_busy_answers_are_few_at_once_and_the_rest_dropped() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics, max_in_flight=8, concurrency=8)  # two busy answers at once
    hold, answering = asyncio.Event(), asyncio.Event()
    seen: list[object] = []
    waiting = [asyncio.create_task(take_turn(admission, "command", time.time(), seen, hold))
               for _ in range(8)]
    busy = [asyncio.create_task(take_turn(admission, "command", time.time(), seen, answering))
            for _ in range(2)]
    await until(lambda: len(seen) == 10,
                what="eight interactions holding a turn and two being answered busy")
    await take_turn(admission, "command", time.time(), seen)
    assert seen == [None] * 8 + [Outcome.BUSY] * 2 + [Outcome.DROPPED]
    answering.set()
    await asyncio.gather(*busy)
    await take_turn(admission, "command", time.time(), seen)
    assert seen[-1] is Outcome.BUSY
    hold.set()
    await asyncio.gather(*waiting)
    assert metrics.outcomes.count(("command", "dropped")) == 1


# --- Discord's deadline: a cut-off that follows handling time, no late answer ---------------


async def hold_turns(admission: Admission, count: int, seconds: float) -> None:
    """``count`` interactions handled at once, each for ``seconds``."""
    async def one() -> None:
        async with admission.gate("command", time.time()) as shed:
            assert shed is None
            await asyncio.sleep(seconds)
    await asyncio.gather(*(one() for _ in range(count)))


async def test_slow_handling_brings_the_cut_off_forward() -> None:
    """Answering that takes 0.3 s or more leaves less of Discord's 3 s to an interaction that
    waited: one 2.55 s old is dropped though the budget (3 s) is not spent; an idle admission
    with the same budget serves it."""
    metrics = FakeInteractionMetrics()
    slowed = Admission(metrics, budget=3.0)
    await hold_turns(slowed, 32, 0.3)
    assert slowed.cutoff < DISCORD_DEADLINE_SECONDS - SEND_MARGIN_SECONDS - 0.26
    seen: list[object] = []
    await take_turn(slowed, "command", time.time() - 2.55, seen)
    await take_turn(Admission(FakeInteractionMetrics(), budget=3.0), "command",
                    time.time() - 2.55, seen)
    assert seen == [Outcome.EXPIRED, None]
    assert metrics.outcomes == [("command", "expired")]


async def test_however_slow_handling_was_a_fresh_interaction_gets_its_turn() -> None:
    admission = Admission(FakeInteractionMetrics())
    await hold_turns(admission, 64, 0.2)
    admission._service = DISCORD_DEADLINE_SECONDS  # as after handling that took 3 s each
    assert admission.cutoff == MIN_CUTOFF_SECONDS
    seen: list[object] = []
    await take_turn(admission, "command", time.time() - MIN_CUTOFF_SECONDS / 2, seen)
    await take_turn(admission, "command", time.time() - MIN_CUTOFF_SECONDS * 2, seen)
    assert seen == [None, Outcome.EXPIRED]
    assert admission.cutoff < MIN_CUTOFF_SECONDS * 2 < DISCORD_DEADLINE_SECONDS


@pytest.mark.parametrize(("age", "late"), [(0.0, False), (2.7, False), (2.8, True),
                                           (30.0, True), (3600.0, False)])
def test_an_answer_is_too_late_near_discord_s_deadline_unless_the_clocks_disagree(
        age: float, late: bool) -> None:
    raised: list[bool] = []
    try:
        check_in_time(time.time() - age)
    except AnswerTooLateError:
        raised.append(True)
    assert raised == ([True] if late else [])


async def test_an_answer_too_late_counts_the_interaction_expired() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics)
    admission.count("command", Outcome.of(AnswerTooLateError()))
    assert metrics.outcomes == [("command", "expired")]
    assert Outcome.of(AnswerTooLateError()) is Outcome.EXPIRED


async def test_a_busy_answer_too_late_counts_the_interaction_expired() -> None:
    metrics = FakeInteractionMetrics()
    admission = Admission(metrics, max_in_flight=1, concurrency=1)
    hold = asyncio.Event()
    seen: list[object] = []
    first = asyncio.create_task(take_turn(admission, "command", time.time(), seen, hold))
    await until(lambda: seen == [None], what="the first interaction holding its turn")
    async with admission.gate("command", time.time()) as shed:
        seen.append(shed)
        raise AnswerTooLateError  # swallowed by the gate: the busy answer was not sent
    async with admission.gate("modal", time.time()) as shed:
        seen.append(shed)
    async with admission.gate("component", time.time() - 2.5) as shed:
        seen.append(shed)  # too old even for a busy answer
    hold.set()
    await first
    assert seen == [None, Outcome.BUSY, Outcome.BUSY, Outcome.EXPIRED]
    assert metrics.outcomes == [("command", "expired"), ("modal", "busy"),
                                ("component", "expired")]
