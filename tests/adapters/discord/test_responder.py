"""The responder's bookkeeping (initial response once, deferral, followups), against a
hand-written fake interaction that records the calls; the end-to-end suite covers the wire."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, cast

import hikari

from nazh.adapters.discord.responder import Responder, within_deadline

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

    def _record(self, method: str, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        self.calls.append(Call(method, args, kwargs))

    async def create_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("create_initial_response", args, kwargs)

    async def edit_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("edit_initial_response", args, kwargs)

    async def delete_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("delete_initial_response", args, kwargs)

    async def execute(self, *args: object, **kwargs: object) -> None:
        self._record("execute", args, kwargs)

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]


def responder() -> tuple[Responder, FakeInteraction]:
    fake = FakeInteraction()
    return Responder(cast("hikari.MessageResponseMixin[Any]", fake)), fake


def mentions_off(call: Call) -> bool:
    return all(call.kwargs.get(key) is False for key in NO_MENTIONS)


async def test_the_first_message_is_the_initial_response() -> None:
    answer, fake = responder()
    embed = hikari.Embed(title="r")
    await answer.message("hello", embed=embed)
    (call,) = fake.calls
    assert call.method == "create_initial_response"
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
    assert fake.methods == ["create_initial_response", "execute"]
    followup = fake.calls[1]
    assert followup.args == ("two",)
    assert followup.kwargs["flags"] == EPHEMERAL
    assert mentions_off(followup)


async def test_a_deferred_message_is_replaced_by_the_answer() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=True)
    await answer.message("done", ephemeral=True)
    await answer.message("more")
    assert fake.methods == ["create_initial_response", "edit_initial_response", "execute"]
    deferral, edit, _ = fake.calls
    assert deferral.args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    assert deferral.kwargs == {"flags": EPHEMERAL}
    assert edit.args == ("done",)
    assert mentions_off(edit)


async def test_a_deferral_of_the_other_visibility_is_deleted_and_followed_up() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=False)
    await answer.message("secret", ephemeral=True)
    assert fake.methods == ["create_initial_response", "delete_initial_response", "execute"]
    assert fake.calls[2].kwargs["flags"] == EPHEMERAL
    assert mentions_off(fake.calls[2])


async def test_defer_once_answered_does_nothing() -> None:
    answer, fake = responder()
    await answer.message("fast")
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE)
    assert fake.methods == ["create_initial_response"]
    assert answer.deferred is None


async def test_update_edits_the_message_of_the_component() -> None:
    answer, fake = responder()
    await answer.update("new")
    await answer.update("newer")
    assert fake.methods == ["create_initial_response", "edit_initial_response"]
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


async def test_fast_work_is_not_deferred() -> None:
    answer, fake = responder()
    await within_deadline(answer, answer.message("quick"),
                          hikari.ResponseType.DEFERRED_MESSAGE_CREATE, after=1.0)
    assert fake.methods == ["create_initial_response"]
    assert fake.calls[0].args[0] is hikari.ResponseType.MESSAGE_CREATE


async def test_slow_work_is_deferred_then_answered() -> None:
    answer, fake = responder()

    async def slow() -> None:
        await asyncio.sleep(0.05)
        await answer.message("late", ephemeral=True)

    await within_deadline(answer, slow(), hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                          ephemeral=True, after=0.01)
    assert fake.methods == ["create_initial_response", "edit_initial_response"]
    assert fake.calls[0].args == (hikari.ResponseType.DEFERRED_MESSAGE_CREATE,)
    assert fake.calls[0].kwargs == {"flags": EPHEMERAL}
    assert fake.calls[1].args == ("late",)
