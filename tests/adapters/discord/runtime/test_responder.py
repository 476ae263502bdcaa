"""The responder's bookkeeping (initial response once, deferral, followups), against a
hand-written fake interaction that records the calls and the callbacks sent for it (what each
callback's builder holds); the end-to-end suite covers the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import hikari
import pytest

from nazh.adapters.discord.runtime.responder import HttpInitialResponse, Responder
from nazh.application.shared.json_types import JsonObject
from tests.adapters.discord.runtime.kit import (
    EPHEMERAL,
    Call,
    FakeInteraction,
    body_of,
    responder,
)

NO_MENTIONS = {"mentions_everyone": False, "user_mentions": False, "role_mentions": False}
NONE = hikari.MessageFlag.NONE


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


# -- cards (Components V2 messages) -------------------------------------------------------------

V2 = 1 << 15


def card_components() -> list[hikari.api.ComponentBuilder]:
    """A container with a heading, a section with its button, a separator and a row."""
    next_button = hikari.impl.InteractiveButtonBuilder(
        style=hikari.ButtonStyle.SECONDARY, custom_id="nz1:t:next", label="Next")
    section = hikari.impl.SectionComponentBuilder(accessory=hikari.impl.InteractiveButtonBuilder(
        style=hikari.ButtonStyle.PRIMARY, custom_id="nz1:t:fast", label="Fast"))
    section.add_text_display("**Kaladin** · slow · 2 actions")
    container = hikari.impl.ContainerComponentBuilder()
    container.add_text_display("## Round 1 · fast players")
    container.add_component(section)
    container.add_separator(divider=True)
    container.add_action_row([next_button])
    return [container]


def only_classic() -> list[hikari.api.ComponentBuilder]:
    return [hikari.impl.MessageActionRowBuilder().add_interactive_button(
        hikari.ButtonStyle.PRIMARY, "nz1:t:x", label="X")]


def rest_responder() -> tuple[Responder, FakeInteraction, Callable[[], JsonObject]]:
    """A responder over the REST transport; the body of its (one) callback."""
    answer, fake = responder()
    return answer, fake, lambda: body_of(fake.builders[-1])


def http_responder() -> tuple[Responder, FakeInteraction, Callable[[], JsonObject]]:
    """A responder over the HTTP transport; the body of the reply to Discord's POST."""
    fake = FakeInteraction()
    initial = HttpInitialResponse()
    answer = Responder(cast("hikari.MessageResponseMixin[Any]", fake), initial)
    return answer, fake, lambda: body_of(initial.builder.result())


TRANSPORTS = pytest.mark.parametrize("transport", [rest_responder, http_responder],
                                     ids=["rest", "http"])
Transport = Callable[[], tuple[Responder, FakeInteraction, Callable[[], JsonObject]]]


@TRANSPORTS
async def test_a_card_answers_flagged_v2_with_no_content_nor_embed(transport: Transport) -> None:
    answer, _, body = transport()
    await answer.card(card_components())
    sent = body()
    assert sent["type"] == hikari.ResponseType.MESSAGE_CREATE
    data = sent["data"]
    assert data["flags"] == V2
    assert "content" not in data
    assert "embeds" not in data
    assert data["allowed_mentions"] == {"parse": []}
    (container,) = data["components"]
    assert container["type"] == hikari.ComponentType.CONTAINER
    assert [c["type"] for c in container["components"]] == [10, 9, 14, 1]
    assert container["components"][1]["accessory"]["custom_id"] == "nz1:t:fast"
    assert answer.responded


@TRANSPORTS
async def test_an_ephemeral_card_is_flagged_both_ways(transport: Transport) -> None:
    answer, _, body = transport()
    await answer.card(card_components(), ephemeral=True)
    assert body()["data"]["flags"] == V2 | hikari.MessageFlag.EPHEMERAL


@TRANSPORTS
async def test_update_card_updates_the_clicked_message_flagged_v2(transport: Transport) -> None:
    answer, _, body = transport()
    await answer.update_card(card_components())
    sent = body()
    assert sent["type"] == hikari.ResponseType.MESSAGE_UPDATE
    assert sent["data"]["flags"] == V2
    assert not {"content", "embeds"} & set(sent["data"])
    assert sent["data"]["allowed_mentions"] == {"parse": []}
    assert sent["data"]["components"][0]["type"] == hikari.ComponentType.CONTAINER


@pytest.mark.parametrize("ephemeral", [False, True])
async def test_a_card_once_answered_is_a_followup_flagged_v2(ephemeral: bool) -> None:
    answer, fake = responder()
    await answer.message("ack", ephemeral=True)
    components = card_components()
    await answer.card(components, ephemeral=ephemeral)
    followup = fake.calls[1]
    assert followup.method == "execute"
    assert followup.args == (hikari.UNDEFINED,)
    assert followup.kwargs["embed"] is hikari.UNDEFINED
    assert followup.kwargs["components"] == components
    assert followup.kwargs["flags"] == V2 | (EPHEMERAL if ephemeral else NONE)
    assert mentions_off(followup)


async def test_a_card_fills_a_deferral_of_its_visibility() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=True)
    components = card_components()
    await answer.card(components, ephemeral=True)
    assert fake.methods == ["callback", "edit_initial_response"]
    edit = fake.calls[1]
    assert edit.args == (hikari.UNDEFINED,)
    assert edit.kwargs["embed"] is hikari.UNDEFINED
    assert edit.kwargs["components"] == components
    assert mentions_off(edit)


async def test_a_card_of_the_other_visibility_replaces_the_deferral() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=False)
    await answer.card(card_components(), ephemeral=True)
    assert fake.methods == ["callback", "delete_initial_response", "execute"]
    assert fake.calls[2].kwargs["flags"] == V2 | EPHEMERAL
    assert mentions_off(fake.calls[2])


async def test_update_card_after_a_deferred_update_edits_the_message() -> None:
    answer, fake = responder()
    await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_UPDATE)
    components = card_components()
    await answer.update_card(components)
    assert fake.methods == ["callback", "edit_initial_response"]
    edit = fake.calls[1]
    assert edit.args == ()
    assert edit.kwargs["components"] == components
    assert "content" not in edit.kwargs
    assert "embed" not in edit.kwargs
    assert mentions_off(edit)


@pytest.mark.parametrize("send", ["card", "update_card"])
async def test_a_card_without_a_v2_component_is_refused_before_sending(send: str) -> None:
    answer, fake = responder()
    with pytest.raises(ValueError, match="V2 component"):
        await getattr(answer, send)(only_classic())
    assert fake.calls == []
    assert not answer.responded
