"""Each interaction handled once: a repeat is dropped (gateway) or answered as the first time
(HTTP), a failed first handling is retried, an id is forgotten after 15 minutes, and a shared
ledger that fails hands over to the process's own."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from nazh.application.admission.once import (
    INTERACTION_LIFETIME,
    OUTAGE_SECONDS,
    Claim,
    HandledOnce,
    KeptAnswer,
    LedgerUnavailableError,
)
from tests.app_fakes import FakeClock, Seconds
from tests.waiting import until

ANSWER = KeptAnswer(200, "application/json; charset=utf-8", b'{"type":4}')
OTHER = KeptAnswer(200, "application/json; charset=utf-8", b'{"type":5}')
FAILED = KeptAnswer(500, "text/plain; charset=utf-8", b"Exception occurred")


class FakeLedger:
    """The ledger port in a dict (claims and their ``until``); ``down`` makes every call fail;
    ``pending`` notes each claim that found another still being handled."""

    def __init__(self) -> None:
        self.claims: dict[int, tuple[datetime, KeptAnswer | None]] = {}
        self.down = False
        self.pending: list[int] = []

    async def claim(self, interaction_id: int, now: datetime,
                    until: datetime) -> Claim | KeptAnswer:
        self._check()
        held = self.claims.get(interaction_id)
        if held is None or held[0] <= now:
            self.claims[interaction_id] = (until, None)
            return Claim.CLAIMED
        if held[1] is None:
            self.pending.append(interaction_id)
            return Claim.PENDING
        return held[1]

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        self._check()
        until, _ = self.claims[interaction_id]
        self.claims[interaction_id] = (until, answer)

    async def release(self, interaction_id: int) -> None:
        self._check()
        if self.claims.get(interaction_id, (None, ANSWER))[1] is None:
            del self.claims[interaction_id]

    async def prune(self, now: datetime) -> int:
        self._check()
        expired = [key for key, (until, _) in self.claims.items() if until <= now]
        for key in expired:
            del self.claims[key]
        return len(expired)

    async def close(self) -> None:
        pass

    def _check(self) -> None:
        if self.down:
            raise LedgerUnavailableError("the fake ledger is down")


class Answers:
    """``answer()`` callables that count their calls; ``gate`` holds them until set."""

    def __init__(self, *replies: KeptAnswer) -> None:
        self.replies = list(replies)
        self.calls = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.started = asyncio.Event()

    async def __call__(self) -> KeptAnswer:
        self.calls += 1
        self.started.set()
        await self.gate.wait()
        return self.replies.pop(0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ledger() -> FakeLedger:
    return FakeLedger()


@pytest.fixture
def once(ledger: FakeLedger, clock: FakeClock) -> HandledOnce:
    return HandledOnce(ledger, clock)


# -- the gateway: a second delivery is dropped -------------------------------------------------


async def test_a_second_delivery_is_dropped(once: HandledOnce) -> None:
    handled: list[int] = []

    async def handle() -> None:
        handled.append(1)

    assert await once.delivered(42, handle) is True
    assert await once.delivered(42, handle) is False
    assert await once.delivered(43, handle) is True
    assert handled == [1, 1]


async def test_a_delivery_whose_handling_failed_is_handled_again(once: HandledOnce) -> None:
    async def fail() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await once.delivered(42, fail)
    handled: list[int] = []

    async def handle() -> None:
        handled.append(1)

    assert await once.delivered(42, handle) is True
    assert handled == [1]


# -- HTTP: a repeat gets the first answer ----------------------------------------------------


async def test_a_repeat_gets_the_kept_answer_and_runs_nothing(once: HandledOnce) -> None:
    answers = Answers(ANSWER, OTHER)
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert answers.calls == 1


async def test_a_first_handling_without_an_answer_is_retried(
        once: HandledOnce, ledger: FakeLedger) -> None:
    answers = Answers(FAILED, ANSWER, OTHER)
    assert await once.answered(42, answers, wait=1.0) == FAILED
    assert 42 not in ledger.claims  # released
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert answers.calls == 2


async def test_a_first_handling_that_raised_is_retried(once: HandledOnce) -> None:
    async def fail() -> KeptAnswer:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await once.answered(42, fail, wait=1.0)
    answers = Answers(ANSWER)
    assert await once.answered(42, answers, wait=1.0) == ANSWER


async def test_a_repeat_during_the_first_handling_waits_for_its_answer(
        once: HandledOnce, ledger: FakeLedger) -> None:
    answers = Answers(ANSWER, OTHER)
    answers.gate.clear()
    first = asyncio.create_task(once.answered(42, answers, wait=5.0))
    await answers.started.wait()
    repeat = asyncio.create_task(once.answered(42, answers, wait=5.0))
    await until(lambda: 42 in ledger.pending, what="the repeat finding the claim pending")
    assert not repeat.done()
    answers.gate.set()
    assert await first == ANSWER
    assert await repeat == ANSWER
    assert answers.calls == 1


async def test_a_repeat_that_waited_in_vain_is_refused_and_runs_nothing(
        once: HandledOnce) -> None:
    answers = Answers(ANSWER)
    answers.gate.clear()
    first = asyncio.create_task(once.answered(42, answers, wait=5.0))
    await answers.started.wait()
    assert await once.answered(42, answers, wait=0.05) is None
    answers.gate.set()
    assert await first == ANSWER
    assert answers.calls == 1


async def test_a_repeat_takes_over_when_the_first_fails_meanwhile(
        once: HandledOnce, ledger: FakeLedger) -> None:
    answers = Answers(FAILED, ANSWER)
    answers.gate.clear()
    first = asyncio.create_task(once.answered(42, answers, wait=5.0))
    await answers.started.wait()
    repeat = asyncio.create_task(once.answered(42, answers, wait=5.0))
    await until(lambda: 42 in ledger.pending, what="the repeat finding the claim pending")
    answers.gate.set()
    assert await first == FAILED
    assert await repeat == ANSWER
    assert answers.calls == 2


# -- 15 minutes --------------------------------------------------------------------------------


async def test_an_id_is_remembered_for_15_minutes_then_forgotten(
        once: HandledOnce, ledger: FakeLedger, clock: FakeClock) -> None:
    answers = Answers(ANSWER, OTHER)
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    clock.advance(INTERACTION_LIFETIME - timedelta(seconds=1))
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert await once.prune() == 0
    clock.advance(timedelta(seconds=1))
    assert await once.prune() == 1
    assert ledger.claims == {}
    assert await once.answered(42, answers, wait=1.0) == OTHER  # a new interaction by now
    assert answers.calls == 2


# -- a shared ledger that fails ----------------------------------------------------------------


async def test_while_the_shared_ledger_fails_the_process_claims_on_its_own(
        ledger: FakeLedger, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    fallback = FakeLedger()
    seconds = Seconds()
    once = HandledOnce(ledger, clock, fallback, monotonic=seconds)
    ledger.down = True
    answers = Answers(ANSWER, OTHER)
    assert await once.answered(42, answers, wait=1.0) == ANSWER
    assert await once.answered(42, answers, wait=1.0) == ANSWER  # caught in this process
    assert fallback.claims[42] == (clock.now() + INTERACTION_LIFETIME, ANSWER)
    assert "interaction ledger unavailable" in caplog.text
    ledger.down = False
    seconds.now += OUTAGE_SECONDS - 0.1
    assert await once.answered(43, Answers(ANSWER), wait=1.0) == ANSWER
    assert 43 in fallback.claims
    assert 43 not in ledger.claims  # the shared ledger is not tried again yet
    seconds.now += 0.1
    assert await once.answered(44, Answers(ANSWER), wait=1.0) == ANSWER
    assert 44 in ledger.claims


async def test_without_a_fallback_a_failing_ledger_lets_interactions_through(
        ledger: FakeLedger, clock: FakeClock) -> None:
    once = HandledOnce(ledger, clock)
    ledger.down = True
    handled: list[int] = []

    async def handle() -> None:
        handled.append(1)

    assert await once.delivered(42, handle) is True
    assert handled == [1]


async def test_an_answer_that_cannot_be_kept_is_still_sent(
        ledger: FakeLedger, clock: FakeClock) -> None:
    once = HandledOnce(ledger, clock)

    async def answer() -> KeptAnswer:
        ledger.down = True  # the ledger fails after the claim
        return ANSWER

    assert await once.answered(42, answer, wait=1.0) == ANSWER
    ledger.down = False
    assert await once.answered(42, Answers(OTHER), wait=0.05) is None  # still claimed
