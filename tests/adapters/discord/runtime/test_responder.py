"""The responder's bookkeeping (initial response once, deferral, followups), against a
hand-written fake interaction that records the calls and the callbacks sent for it (what each
callback's builder holds); the end-to-end suite covers the wire."""

from __future__ import annotations

import hikari

from tests.adapters.discord.runtime.kit import (
    EPHEMERAL,
    Call,
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


