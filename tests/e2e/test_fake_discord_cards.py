"""Cards (Components V2 messages) against the local fake Discord: the fake refuses what Discord
refuses (the spec's component schemas and the rules the spec cannot say) and keeps what it
accepts where tests can read and click it; Nazh's responder sends cards on every path a
gateway bot uses (answer, ephemeral answer, filled deferral, followup, update of the clicked
card)."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator

import aiohttp
import hikari
import pytest

from nazh.adapters.discord.runtime.callbacks import DiscordCallbacks
from nazh.adapters.discord.runtime.responder import Responder, RestInitialResponse
from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_custom_id, card_text, is_card
from tests.e2e.fake_discord import (
    DEFAULT_CHANNEL_ID,
    FakeDiscord,
    assert_healthy,
    assert_no_spec_violations,
    component_click,
    slash_command,
    validate_request,
)

pytestmark = pytest.mark.e2e

V2, EPHEMERAL = 1 << 15, 1 << 6
CALLBACK = "/interactions/1/tok/callback"
FAST = "nz1:t:fast"


def text(content: str) -> JsonObject:
    return {"type": 10, "content": content}


def button(label: str, custom_id: str) -> JsonObject:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def card_body(*parts: JsonObject, flags: int = V2) -> JsonObject:
    """A message body: one container holding ``parts`` (a heading when none)."""
    return {"flags": flags, "components": [{"type": 17, "components": list(parts)
                                            or [text("## Round 1")]}]}


def section(line: str, accessory: JsonObject) -> JsonObject:
    return {"type": 9, "components": [text(line)], "accessory": accessory}


async def send(fake: FakeDiscord, method: str, path: str,
               body: JsonObject) -> tuple[int, JsonObject]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as session, session.request(
            method, fake.rest_url + path, json=body, headers=headers) as response:
        answer: JsonObject = await response.json(content_type=None) or {}
        return response.status, answer


async def post(fake: FakeDiscord, body: JsonObject) -> tuple[int, JsonObject]:
    return await send(fake, "POST", f"/channels/{DEFAULT_CHANNEL_ID}/messages", body)


# -- the fake's rules ---------------------------------------------------------------------------

async def test_a_valid_card_is_kept_readable_and_clickable(fake_discord: FakeDiscord) -> None:
    body = card_body(text("## Round 1 · fast players"),
                     section("**Kaladin** · slow", button("Fast", FAST)),
                     {"type": 14, "divider": True},
                     {"type": 1, "components": [button("Next", "nz1:t:next")]})
    status, message = await post(fake_discord, body)
    assert status == 200
    shown = fake_discord.message(message["id"])
    assert is_card(shown)
    assert card_text(shown) == "## Round 1 · fast players\n**Kaladin** · slow"
    assert list(card_controls(shown)) == ["Fast", "Next"]
    assert card_custom_id(shown, "Fa") == FAST
    factory = hikari.GatewayBot("MTIz.x.y", banner=None, logs=None).entity_factory
    click = factory.deserialize_interaction(
        component_click(FAST, message=fake_discord.message_with_component(FAST)))
    assert isinstance(click, hikari.ComponentInteraction)
    assert click.message.id == int(message["id"])
    (container,) = click.message.components
    assert isinstance(container, hikari.ContainerComponent)
    assert_healthy(fake_discord)


@pytest.mark.parametrize(("body", "broken"), [
    ({**card_body(), "content": "hello"}, "content: not allowed with IS_COMPONENTS_V2"),
    ({**card_body(), "embeds": [{"title": "t"}]}, "embeds: not allowed with IS_COMPONENTS_V2"),
    (card_body(*[text(f"line {n}") for n in range(40)]), "41 in all, more than 40"),
    (card_body(text("a" * 2000), text("b" * 2001)), "hold 4001 characters, more than 4000"),
    (card_body(flags=0), "types [10, 17] need the IS_COMPONENTS_V2 flag"),
], ids=["content", "embeds", "41-components", "4001-characters", "no-flag"])
async def test_a_card_breaking_a_rule_is_refused(fake_discord: FakeDiscord, body: JsonObject,
                                                 broken: str) -> None:
    status, answer = await post(fake_discord, body)
    assert (status, answer["code"]) == (400, 50035)
    assert broken in answer["errors"]["_errors"][0]["message"]
    assert fake_discord.messages == []
    assert fake_discord.spec_violations == []  # the spec allows it: only the rules refuse it
    with pytest.raises(AssertionError, match=broken.replace("[", r"\[")):
        assert_no_spec_violations(fake_discord)


async def test_a_card_of_forty_components_and_4000_characters_is_accepted(
        fake_discord: FakeDiscord) -> None:
    body = card_body(*[text("x" * 100) for _ in range(38)], text("y" * 200))
    assert (await post(fake_discord, body))[0] == 200
    assert_healthy(fake_discord)


@pytest.mark.parametrize(("edit", "broken"), [
    ({"flags": 0}, "IS_COMPONENTS_V2 cannot be removed"),
    ({"content": "hello"}, "content: not allowed"),
    ({"flags": 0, "content": "hello", "components": []}, "cannot be removed"),
], ids=["flag-cleared", "content-added", "turned-classic"])
async def test_an_edit_breaking_a_rule_is_refused(fake_discord: FakeDiscord, edit: JsonObject,
                                                  broken: str) -> None:
    _, message = await post(fake_discord, card_body())
    status, answer = await send(
        fake_discord, "PATCH", f"/channels/{DEFAULT_CHANNEL_ID}/messages/{message['id']}", edit)
    assert status == 400
    assert broken in answer["errors"]["_errors"][0]["message"]
    assert fake_discord.message(message["id"]) == message


async def test_a_classic_message_may_become_a_card(fake_discord: FakeDiscord) -> None:
    _, message = await post(fake_discord, {"content": "", "components": [
        {"type": 1, "components": [button("Go", "nz1:t:go")]}]})
    edit = {"content": None, **card_body()}
    status, _ = await send(
        fake_discord, "PATCH", f"/channels/{DEFAULT_CHANNEL_ID}/messages/{message['id']}", edit)
    assert status == 200
    assert is_card(fake_discord.message(message["id"]))
    assert_healthy(fake_discord)


async def test_a_card_answer_with_content_is_refused_and_acknowledges_nothing(
        fake_discord: FakeDiscord) -> None:
    interaction = slash_command("encounter")
    fake_discord.state.register_interaction(interaction)
    callback = f"/interactions/{interaction['id']}/{interaction['token']}/callback"
    refused = {"type": 4, "data": {**card_body(), "content": "hi"}}
    accepted = {"type": 4, "data": card_body()}
    assert (await send(fake_discord, "POST", callback, refused))[0] == 400
    assert fake_discord.interaction_response(interaction) is None
    assert (await send(fake_discord, "POST", callback, accepted))[0] == 204
    assert is_card(fake_discord.original_message(interaction))


async def test_the_rules_hold_on_the_interaction_webhook_and_on_updates(
        fake_discord: FakeDiscord) -> None:
    interaction = slash_command("encounter")
    fake_discord.state.register_interaction(interaction)
    callback = f"/interactions/{interaction['id']}/{interaction['token']}/callback"
    webhook = f"/webhooks/{fake_discord.application_id}/{interaction['token']}"
    await send(fake_discord, "POST", callback,
               {"type": 4, "data": card_body(section("Kaladin", button("Fast", FAST)))})
    card_message = fake_discord.original_message(interaction)
    click = component_click(FAST, message=card_message)
    fake_discord.state.register_interaction(click)
    update = f"/interactions/{click['id']}/{click['token']}/callback"
    refused = [
        ("POST", webhook, {**card_body(), "content": "and a followup"}),
        ("PATCH", f"{webhook}/messages/@original", {"flags": 0}),
        ("POST", update, {"type": 7, "data": {"content": "clicked", "flags": 0}}),
    ]
    for method, path, body in refused:
        assert (await send(fake_discord, method, path, body))[0] == 400, path
    assert {v.split(": ", 1)[0] for v in fake_discord.state.rule_violations} == {
        "POST /webhooks/{webhook_id}/{webhook_token}",
        "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "POST /interactions/{interaction_id}/{interaction_token}/callback"}
    assert fake_discord.original_message(interaction) == card_message
    assert fake_discord.followup_messages(interaction) == []
    assert fake_discord.interaction_response(click) is None


def test_the_spec_checks_what_a_card_holds() -> None:
    valid: JsonObject = {"type": 4, "data": card_body(section("Kaladin", button("Fast", FAST)))}
    broken = copy.deepcopy(valid)
    container = broken["data"]["components"][0]
    container["accent_color"] = 1 << 24
    container["components"][0]["components"] = [text("a"), text(""), text("c"), text("d")]
    assert validate_request("POST", CALLBACK, valid) == []
    found = [v.split(": ", 1)[1] for v in validate_request("POST", CALLBACK, broken)]
    assert found == [
        "body.data.components[0].accent_color: 16777216 is greater than the maximum of 16777215",
        "body.data.components[0].components[0].components: array of 4 items breaks maxItems 3",
        "body.data.components[0].components[0].components[1].content: "
        "string of length 0 breaks minLength 1",
    ]


# -- Nazh's responder, over the gateway ---------------------------------------------------------

def card(heading: str) -> list[hikari.api.ComponentBuilder]:
    container = hikari.impl.ContainerComponentBuilder()
    container.add_text_display(heading)
    container.add_component(hikari.impl.SectionComponentBuilder(
        accessory=hikari.impl.InteractiveButtonBuilder(
            style=hikari.ButtonStyle.PRIMARY, custom_id=FAST, label="Fast"),
        components=[hikari.impl.TextDisplayComponentBuilder(content="Kaladin · slow")]))
    return [container]


class CardAnswers:
    """Answers each interaction with Nazh's responder (initial responses through Nazh's own
    callbacks): ``card`` a card, ``private`` an ephemeral one, ``slow`` a deferral then a
    card, ``twice`` a card and a followup card; a click on Fast updates the card."""

    def __init__(self, callbacks: DiscordCallbacks) -> None:
        self._initial = RestInitialResponse(callbacks)

    async def on_interaction(self, event: hikari.InteractionCreateEvent) -> None:
        answer = Responder(event.interaction, self._initial)
        interaction = event.interaction
        if isinstance(interaction, hikari.ComponentInteraction):
            await answer.update_card(card("## Kaladin is fast"))
            return
        assert isinstance(interaction, hikari.CommandInteraction)
        name = interaction.command_name
        if name == "slow":
            await answer.defer(hikari.ResponseType.DEFERRED_MESSAGE_CREATE, ephemeral=True)
        await answer.card(card(f"## {name}"), ephemeral=name in {"private", "slow"})
        if name == "twice":
            await answer.card(card("## the followup"), ephemeral=True)


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[hikari.GatewayBot]:
    """A gateway bot answering with :class:`CardAnswers`."""
    callbacks = DiscordCallbacks(fake_discord.rest_url)
    gateway_bot = hikari.GatewayBot(fake_discord.token, rest_url=fake_discord.rest_url,
                                    intents=hikari.Intents.GUILDS, banner=None, logs=None,
                                    suppress_optimization_warning=True)
    gateway_bot.subscribe(hikari.InteractionCreateEvent, CardAnswers(callbacks).on_interaction)
    await gateway_bot.start(check_for_updates=False)
    await fake_discord.wait_ready()
    try:
        yield gateway_bot
    finally:
        await gateway_bot.close()
        await callbacks.close()


async def answered(fake: FakeDiscord, name: str) -> JsonObject:
    interaction = slash_command(name)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for_interaction_response(interaction)
    return interaction


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize(("name", "flags"), [("card", V2), ("private", V2 | EPHEMERAL)])
async def test_a_card_answers_a_command(fake_discord: FakeDiscord, name: str,
                                        flags: int) -> None:
    interaction = await answered(fake_discord, name)
    shown = fake_discord.original_message(interaction)
    assert shown["flags"] == flags
    assert card_text(shown) == f"## {name}\nKaladin · slow"
    assert_healthy(fake_discord)


@pytest.mark.usefixtures("bot")
async def test_a_card_fills_a_deferral(fake_discord: FakeDiscord) -> None:
    interaction = await answered(fake_discord, "slow")
    await fake_discord.wait_for_request(lambda r: r.matches("PATCH", "/messages/@original$"))
    shown = fake_discord.original_message(interaction)
    assert shown["flags"] == V2 | EPHEMERAL
    assert card_text(shown).startswith("## slow")
    assert_healthy(fake_discord)


@pytest.mark.usefixtures("bot")
async def test_a_followup_card(fake_discord: FakeDiscord) -> None:
    interaction = await answered(fake_discord, "twice")
    await fake_discord.wait_for_request(lambda r: r.matches("POST", "^/webhooks/"))
    (followup,) = fake_discord.followup_messages(interaction)
    assert followup["flags"] == V2 | EPHEMERAL
    assert card_text(followup).startswith("## the followup")
    assert_healthy(fake_discord)


@pytest.mark.usefixtures("bot")
async def test_a_click_on_a_card_updates_it(fake_discord: FakeDiscord) -> None:
    command = await answered(fake_discord, "card")
    click = await fake_discord.click(FAST)
    body = await fake_discord.wait_for_interaction_response(click)
    assert (body["type"], body["data"]["flags"]) == (7, V2)
    shown = fake_discord.original_message(command)
    assert card_text(shown) == "## Kaladin is fast\nKaladin · slow"
    assert shown["flags"] == V2
    assert_healthy(fake_discord)
