"""The responder's bookkeeping (initial response once, deferral, followups), against a
hand-written fake interaction that records the calls and the callbacks sent for it (what each
callback's builder holds); the end-to-end suite covers the wire."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import hikari
import pytest

from nazh.adapters.discord.runtime.responder import InitialResponses, Responder, RestInitialResponse
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.adapters.discord.runtime.wrapper import tell_privately as answer_privately
from nazh.application.admission.gate import Admission
from nazh.domain.errors import NotationError
from tests.app_fakes import FakeInteractionMetrics
from tests.waiting import until

NO_MENTIONS = {"mentions_everyone": False, "user_mentions": False, "role_mentions": False}
EPHEMERAL = hikari.MessageFlag.EPHEMERAL
NONE = hikari.MessageFlag.NONE


@dataclass
class Call:
    method: str
    args: tuple[object, ...]
    kwargs: dict[str, object]


@dataclass
class FakeInteraction:
    """Records each response call of a ``MessageResponseMixin``; sends nothing anywhere."""

    calls: list[Call] = field(default_factory=list)
    id: int = 1
    guild_id: int | None = None
    user: object = field(default_factory=lambda: SimpleNamespace(id=5))
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def _record(self, method: str, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        self.calls.append(Call(method, args, kwargs))

    async def edit_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("edit_initial_response", args, kwargs)

    async def delete_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("delete_initial_response", args, kwargs)

    async def execute(self, *args: object, **kwargs: object) -> None:
        self._record("execute", args, kwargs)

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]


class RecordingCallbacks:
    """``InteractionCallbacks`` that record each callback on its (fake) interaction as a
    ``callback`` call: ``(type, content)`` (no content: ``(type,)``), then ``flags`` and, for
    a message, ``embed``, ``components`` and the three mention switches."""

    async def send(self, interaction: Any,
                   builder: hikari.api.InteractionResponseBuilder) -> None:
        kwargs: dict[str, object] = {}
        args: tuple[object, ...] = (builder.type,)
        if isinstance(builder, hikari.api.InteractionDeferredBuilder):
            kwargs["flags"] = builder.flags
        else:
            assert isinstance(builder, hikari.api.InteractionMessageBuilder)
            if builder.content is not hikari.UNDEFINED:
                args += (builder.content,)
            kwargs.update(flags=builder.flags, components=builder.components,
                          mentions_everyone=builder.mentions_everyone,
                          user_mentions=builder.user_mentions,
                          role_mentions=builder.role_mentions)
            if builder.embeds:
                (kwargs["embed"],) = builder.embeds
        interaction._record("callback", args, kwargs)


def rest() -> RestInitialResponse:
    return RestInitialResponse(RecordingCallbacks())


def responder() -> tuple[Responder, FakeInteraction]:
    fake = FakeInteraction()
    return Responder(cast("hikari.MessageResponseMixin[Any]", fake), rest()), fake


def mentions_off(call: Call) -> bool:
    return all(call.kwargs.get(key) is False for key in NO_MENTIONS)


async def test_the_first_message_is_the_initial_response() -> None:
    answer, fake = responder()
    embed = hikari.Embed(title="r")
    await answer.message("hello", embed=embed)
    (call,) = fake.calls
    assert call.method == "callback"
    assert call.args == (hikari.ResponseType.MESSAGE_CREATE, "hello")
    assert call.kwargs["embed"] is embed
    assert call.kwargs["flags"] == NONE
    assert mentions_off(call)
    assert answer.responded


async def test_an_ephemeral_message_is_flagged() -> None:
    answer, fake = responder()
    await answer.message("only you", ephemeral=True)
    assert fake.calls[0].kwargs["flags"] == EPHEMERAL


async def test_later_messages_are_followups() -> None:
    answer, fake = responder()
    await answer.message("one")
    await answer.message("two", ephemeral=True)
    assert fake.methods == ["callback", "execute"]
    followup = fake.calls[1]
    assert followup.args == ("two",)
    assert followup.kwargs["flags"] == EPHEMERAL
    assert mentions_off(followup)


async def test_a_deferred_message_is_replaced_by_the_answer() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=True)
    await answer.message("done", ephemeral=True)
    await answer.message("more")
    assert fake.methods == ["callback", "edit_initial_response", "execute"]
    deferral, edit, _ = fake.calls
    assert deferral.args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    assert deferral.kwargs == {"flags": EPHEMERAL}
    assert edit.args == ("done",)
    assert mentions_off(edit)


async def test_a_deferral_of_the_other_visibility_is_deleted_and_followed_up() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=False)
    await answer.message("secret", ephemeral=True)
    assert fake.methods == ["callback", "delete_initial_response", "execute"]
    assert fake.calls[2].kwargs["flags"] == EPHEMERAL
    assert mentions_off(fake.calls[2])


async def test_defer_once_answered_does_nothing() -> None:
    answer, fake = responder()
    await answer.message("fast")
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE)
    assert fake.methods == ["callback"]
    assert answer.deferred is None


async def test_update_edits_the_message_of_the_component() -> None:
    answer, fake = responder()
    await answer.update("new")
    await answer.update("newer")
    assert fake.methods == ["callback", "edit_initial_response"]
    assert fake.calls[0].args == (hikari.ResponseType.MESSAGE_UPDATE, "new")
    assert fake.calls[1].args == ("newer",)
    assert all(mentions_off(call) for call in fake.calls)


async def test_followup_posts_a_public_message() -> None:
    answer, fake = responder()
    embed = hikari.Embed(title="r")
    await answer.message("ack", ephemeral=True)
    await answer.followup(embed=embed)
    followup = fake.calls[1]
    assert followup.method == "execute"
    assert followup.kwargs["embed"] is embed
    assert "flags" not in followup.kwargs
    assert mentions_off(followup)


async def test_a_file_follows_the_answer_as_an_attachment_of_its_visibility() -> None:
    answer, fake = responder()
    await answer.message("here it is", ephemeral=True)
    await answer.file(b'{"a": 1}', "rolls.nazh.json", ephemeral=True)
    sent = fake.calls[1]
    assert sent.method == "execute"
    attachment = sent.kwargs["attachment"]
    assert isinstance(attachment, hikari.Bytes)
    assert (attachment.filename, attachment.mimetype) == ("rolls.nazh.json", "application/json")
    assert sent.kwargs["flags"] == hikari.MessageFlag.EPHEMERAL


async def test_a_public_file_has_no_flags() -> None:
    answer, fake = responder()
    await answer.message("here it is")
    await answer.file(b"{}", "x.json")
    assert fake.calls[1].kwargs["flags"] == hikari.MessageFlag.NONE


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
