"""Nazh's own channel messages (a card, its edits, a mention of one member), sent by hikari's
real REST client to the local fake Discord, which checks each against Discord's spec and rules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import hikari
import pytest

from nazh.adapters.discord.runtime.messages import ChannelMessages
from tests.e2e.card_kit import card_controls, card_text, is_card, pinged
from tests.e2e.fake_discord import FakeDiscord, assert_healthy

CHANNEL = 323456789012345678
MEMBER = 771111111111111111
V2 = 1 << 15


def card(*lines: str) -> list[hikari.api.ComponentBuilder]:
    container = hikari.impl.ContainerComponentBuilder()
    for line in lines:
        container.add_text_display(line)
    container.add_action_row([hikari.impl.InteractiveButtonBuilder(
        style=hikari.ButtonStyle.PRIMARY, custom_id="nz1:t:next", label="Next")])
    return [container]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as discord:
        yield discord


@pytest.fixture
async def messages(fake: FakeDiscord) -> AsyncIterator[ChannelMessages]:
    app = hikari.RESTApp(url=fake.rest_url)
    await app.start()
    try:
        async with app.acquire(fake.token, hikari.TokenType.BOT) as rest:
            yield ChannelMessages(rest)
    finally:
        await app.close()


async def test_a_card_is_posted_flagged_v2_and_quiet(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    message_id = await messages.post_card(CHANNEL, card("## Round 1", "Kaladin · fast"))
    shown = fake.message(str(message_id))
    assert is_card(shown)
    assert (shown["content"], shown["embeds"]) == ("", [])
    assert card_text(shown) == "## Round 1\nKaladin · fast"
    assert list(card_controls(shown)) == ["Next"]
    (post,) = fake.requests_to("POST", rf"^/channels/{CHANNEL}/messages$")
    assert post.body["flags"] == V2
    assert post.body["allowed_mentions"] == {"parse": []}
    assert_healthy(fake)


async def test_an_edit_replaces_the_card_and_keeps_the_flag(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    message_id = await messages.post_card(CHANNEL, card("## Round 1"))
    await messages.edit_card(CHANNEL, message_id, card("## Round 2", "Shallan · slow"))
    shown = fake.message(str(message_id))
    assert card_text(shown) == "## Round 2\nShallan · slow"
    assert shown["flags"] == V2
    assert shown["edited_timestamp"] is not None
    (edit,) = fake.requests_to("PATCH", rf"^/channels/{CHANNEL}/messages/{message_id}$")
    assert (edit.body["flags"], edit.body["allowed_mentions"]) == (V2, {"parse": []})
    assert "content" not in edit.body
    assert_healthy(fake)


async def test_editing_a_deleted_card_raises_not_found(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    message_id = await messages.post_card(CHANNEL, card("## Round 1"))
    fake.state.delete_message(str(message_id))
    with pytest.raises(hikari.NotFoundError):
        await messages.edit_card(CHANNEL, message_id, card("## Round 2"))


async def test_a_ping_mentions_its_member_and_no_one_else(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    message_id = await messages.ping(
        CHANNEL, MEMBER, "your phase starts (not @everyone, @here, <@1> nor <@&2>)")
    shown = fake.message(str(message_id))
    assert shown["content"].startswith(f"<@{MEMBER}> your phase starts")
    assert pinged(shown) == [str(MEMBER)]
    (post,) = fake.requests_to("POST", rf"^/channels/{CHANNEL}/messages$")
    assert post.body["allowed_mentions"] == {"parse": [], "users": [str(MEMBER)]}
    assert_healthy(fake)


async def test_a_long_ping_is_cut_to_a_message(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    message_id = await messages.ping(CHANNEL, MEMBER, "x" * 3000)
    assert len(fake.message(str(message_id))["content"]) == 2000
    assert_healthy(fake)


async def test_a_card_without_v2_components_is_refused_before_sending(
        fake: FakeDiscord, messages: ChannelMessages) -> None:
    row = hikari.impl.MessageActionRowBuilder().add_interactive_button(
        hikari.ButtonStyle.PRIMARY, "nz1:t:x", label="X")
    with pytest.raises(ValueError, match="V2 component"):
        await messages.post_card(CHANNEL, [row])
    with pytest.raises(ValueError, match="V2 component"):
        await messages.edit_card(CHANNEL, 1, [row])
    assert fake.requests_to("*", "^/channels/") == []
