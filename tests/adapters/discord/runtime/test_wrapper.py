"""The wrapper around each interaction's work: fast work answered at once, slow work deferred in
time, errors answered privately and counted, nothing sent after Discord's deadline."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import hikari
import pytest

from nazh.adapters.discord.runtime.responder import InitialResponses, Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.adapters.discord.runtime.wrapper import tell_privately as answer_privately
from nazh.application.admission.gate import Admission
from nazh.application.rolls.arrival import shown_at
from nazh.domain.errors import NotationError
from tests.adapters.discord.runtime.kit import (
    EPHEMERAL,
    FakeInteraction,
    RecordingCallbacks,
    rest,
)
from tests.app_fakes import FakeInteractionMetrics
from tests.waiting import until


def wrapper(after: float) -> tuple[InteractionWrapper, FakeInteractionMetrics]:
    metrics = FakeInteractionMetrics()
    wrap = InteractionWrapper(Admission(metrics), InitialResponses(RecordingCallbacks()),
                              defer_after=after)
    return wrap, metrics


async def run(wrap: InteractionWrapper, interaction: FakeInteraction, answering: Answering,
              work: Callable[[Responder], Awaitable[None]]) -> None:
    """``work`` in the wrapper's block, as a feature does it."""
    async with wrap.answering(interaction, answering) as responder:
        await work(responder)


async def test_fast_work_is_not_deferred() -> None:
    fake = FakeInteraction()
    wrap, metrics = wrapper(1.0)

    async def quick(answer: Responder) -> None:
        await answer.message("quick")

    await run(wrap, fake, Answering("roll", "command"), quick)
    assert fake.methods == ["callback"]
    assert fake.calls[0].args[0] is hikari.ResponseType.MESSAGE_CREATE
    assert metrics.outcomes == [("command", "ok")]


async def test_slow_work_is_deferred_then_answered() -> None:
    fake = FakeInteraction()
    wrap, _ = wrapper(0.01)

    async def slow(answer: Responder) -> None:
        await until(lambda: fake.calls, what="the deferral, 10 ms in")
        await answer.message("late", ephemeral=True)

    await run(wrap, fake, Answering("roll", "command", ephemeral=True), slow)
    assert fake.methods == ["callback", "edit_initial_response"]
    assert fake.calls[0].args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    assert fake.calls[0].kwargs == {"flags": EPHEMERAL}
    assert fake.calls[1].args == ("late",)


async def test_interactions_handled_together_share_one_timer_for_their_deferrals() -> None:
    loop = asyncio.get_running_loop()
    timers: list[float] = []
    call_at = loop.call_at

    def counted(when: float, callback: Callable[..., object], *args: object,
                context: contextvars.Context | None = None) -> asyncio.TimerHandle:
        if "Deferral" in getattr(callback, "__qualname__", ""):  # not the test's own sleeps
            timers.append(when)
        return call_at(when, callback, *args, context=context)

    loop.call_at = counted  # type: ignore[method-assign]
    try:
        wrap, metrics = wrapper(0.3)
        fakes = [FakeInteraction() for _ in range(20)]
        release = asyncio.Event()
        slow = FakeInteraction()

        async def waits(answer: Responder) -> None:
            await release.wait()
            await answer.message("answered")

        async def slower(answer: Responder) -> None:
            await until(lambda: slow.calls, what="the deferral, 0.3 s in")
            await answer.message("late")

        handled = [asyncio.ensure_future(run(wrap, fake, Answering("roll", "command"), waits))
                   for fake in fakes]
        late = asyncio.ensure_future(run(wrap, slow, Answering("roll", "command"), slower))
        await until(lambda: len(timers) >= 1, what="the deferrals' timer")
        release.set()
        await asyncio.gather(*handled, late)
    finally:
        loop.call_at = call_at  # type: ignore[method-assign]
    assert len(timers) <= 2  # one per 20 ms slice the 21 fell due in, not one each
    assert all(fake.methods == ["callback"] for fake in fakes)  # answered before it was due
    assert slow.methods == ["callback", "edit_initial_response"]  # still deferred when due
    assert slow.calls[0].args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    assert len(metrics.outcomes) == 21


async def test_a_nazh_error_gets_a_specific_private_answer_and_is_counted_rejected() -> None:
    fake = FakeInteraction()
    wrap, metrics = wrapper(1.0)

    async def bad(answer: Responder) -> None:
        raise NotationError("empty roll", text="", column=1, hint="a pool looks like 2d6")

    await run(wrap, fake, Answering("roll", "command", notation=" "), bad)
    assert fake.methods == ["callback"]
    assert fake.calls[0].kwargs["flags"] == EPHEMERAL
    assert "empty roll" in str(fake.calls[0].args[1])
    assert metrics.outcomes == [("command", "rejected")]


async def test_an_unexpected_error_gets_an_apology_and_is_counted_as_an_error() -> None:
    fake = FakeInteraction()
    wrap, metrics = wrapper(1.0)

    async def broken(answer: Responder) -> None:
        raise RuntimeError("boom")

    await run(wrap, fake, Answering("roll", "command"), broken)
    assert "Sorry, something went wrong" in str(fake.calls[0].args[1])
    assert metrics.outcomes == [("command", "error")]


def created_ago(seconds: float) -> FakeInteraction:
    return FakeInteraction(created_at=datetime.now(UTC) - timedelta(seconds=seconds))


@pytest.mark.parametrize("age", [2.8, 3.5])
async def test_no_initial_response_is_sent_once_it_could_arrive_after_discord_s_deadline(
        age: float, caplog: pytest.LogCaptureFixture) -> None:
    fake = created_ago(age)
    wrap, metrics = wrapper(1.0)

    async def quick(answer: Responder) -> None:
        await answer.message("quick")

    await run(wrap, fake, Answering("roll", "command"), quick)
    assert fake.calls == []  # neither the answer nor an error message: Discord would refuse it
    assert metrics.outcomes == [("command", "expired")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("age", [2.5, 3600.0])  # in time; a clock far off is not judged
async def test_an_answer_in_time_or_under_a_clock_far_off_is_sent(age: float) -> None:
    fake = created_ago(age)
    wrap, metrics = wrapper(1.0)

    async def quick(answer: Responder) -> None:
        await answer.message("quick")

    await run(wrap, fake, Answering("roll", "command"), quick)
    assert fake.methods == ["callback"]
    assert metrics.outcomes == [("command", "ok")]


async def test_the_busy_answer_helper_says_when_it_was_too_late() -> None:
    late, fresh = created_ago(2.9), created_ago(0.0)
    assert await answer_privately(Responder(late, rest()), "busy") is False
    assert await answer_privately(Responder(fresh, rest()), "busy") is True
    assert (late.calls, fresh.methods) == ([], ["callback"])


async def test_work_that_waited_for_its_turn_is_deferred_before_discord_s_deadline() -> None:
    """Created 1.9 s ago, the work is deferred 2.25 s after creation at the latest, not
    ``defer_after`` (2 s) after it started: its answer then edits the deferral."""
    fake = created_ago(1.9)
    wrap, metrics = wrapper(2.0)
    release = asyncio.Event()

    async def slow(answer: Responder) -> None:
        await release.wait()
        await answer.message("done")

    running = asyncio.create_task(run(wrap, fake, Answering("roll", "command"), slow))
    await until(lambda: fake.calls, timeout=1.5, what="the deferral")
    assert fake.calls[0].args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    release.set()
    await running
    assert fake.methods == ["callback", "edit_initial_response"]
    assert metrics.outcomes == [("command", "ok")]


# -- the clicked message's time (a fresh roll may still be on its way to the log) ---------------


POSTED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("edited", "expected"), [
    (None, POSTED),
    (POSTED + timedelta(minutes=3), POSTED + timedelta(minutes=3)),
], ids=["posted", "edited since"])
async def test_the_block_knows_when_the_clicked_message_was_last_shown(
        edited: datetime | None, expected: datetime) -> None:
    wrap, _ = wrapper(after=5)
    message = SimpleNamespace(id=hikari.Snowflake.from_datetime(POSTED), edited_timestamp=edited)
    click = FakeInteraction()
    click.message = message  # type: ignore[attr-defined]
    seen: list[float | None] = []

    async def work(responder: Responder) -> None:
        seen.append(shown_at())

    await run(wrap, click, Answering("component:plot", "component"), work)
    await run(wrap, FakeInteraction(), Answering("roll", "command"), work)
    assert seen == [expected.timestamp(), None]
    assert shown_at() is None
