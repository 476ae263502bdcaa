"""Smoke tests: a real hikari.GatewayBot + lightbulb client against the local FakeDiscord.

Also checks the fake's own promises: spec validation really rejects bad payloads, unknown routes
are visible, and the interaction builders produce payloads hikari can deserialize.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import hikari
import lightbulb
import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    assert_healthy,
    assert_no_spec_violations,
    autocomplete,
    component_click,
    match_route,
    modal_submit,
    slash_command,
    validate_request,
)

pytestmark = pytest.mark.e2e

BUTTON_ID = "smoke:again"
CALLBACK = "/interactions/1/tok/callback"


class SmokePing(lightbulb.SlashCommand, name="smoke-ping", description="Test-only ping"):
    """Answers with an embed and a button."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        row = ctx.client.rest.build_message_action_row().add_interactive_button(
            hikari.ButtonStyle.PRIMARY, BUTTON_ID, label="Again"
        )
        await ctx.respond(embed=hikari.Embed(title="Pong", description="pong"), component=row)


class SmokeTwice(lightbulb.SlashCommand, name="smoke-twice", description="Test-only followup"):
    """Answers, then sends a followup message."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        await ctx.respond("first")
        await ctx.respond("second")


async def suggest_dice(ctx: lightbulb.AutocompleteContext[str]) -> None:
    """Autocomplete for SmokeSlow.dice."""
    await ctx.respond([f"{ctx.focused.value}20", f"{ctx.focused.value}6"])


class SmokeSlow(lightbulb.SlashCommand, name="smoke-slow", description="Test-only deferral"):
    """Defers ephemerally, then answers through the interaction webhook."""

    dice = lightbulb.string("dice", "Dice to roll", autocomplete=suggest_dice)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        await ctx.defer(ephemeral=True)
        await ctx.respond(f"rolled {self.dice}")
        await ctx.respond("and a followup")


async def on_modal(event: hikari.ModalInteractionCreateEvent) -> None:
    """Echo the submitted text inputs."""
    values = [row.components[0].value for row in event.interaction.components]
    await event.interaction.create_initial_response(
        hikari.ResponseType.MESSAGE_CREATE, " ".join(values)
    )


async def on_button(event: hikari.ComponentInteractionCreateEvent) -> None:
    """Turn the clicked message into a confirmation without components (UPDATE_MESSAGE, type 7)."""
    if event.interaction.custom_id == BUTTON_ID:
        await event.interaction.create_initial_response(
            hikari.ResponseType.MESSAGE_UPDATE,
            f"clicked by {event.interaction.user.username}",
            components=[],
        )


def build_bot(fake: FakeDiscord, *, sync_commands: bool = True) -> hikari.GatewayBot:
    """A real GatewayBot + lightbulb client pointed at the fake, with the test-only commands."""
    bot = hikari.GatewayBot(
        fake.token,
        rest_url=fake.rest_url,
        intents=hikari.Intents.GUILDS,
        banner=None,
        logs=None,
        suppress_optimization_warning=True,
    )
    client = lightbulb.client_from_app(bot, sync_commands=sync_commands)
    client.register(SmokePing)
    client.register(SmokeTwice)
    client.register(SmokeSlow)
    bot.subscribe(hikari.StartingEvent, client.start)
    bot.subscribe(hikari.StoppingEvent, client.stop)
    bot.listen(hikari.ComponentInteractionCreateEvent)(on_button)
    bot.subscribe(hikari.ModalInteractionCreateEvent, on_modal)
    return bot


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[hikari.GatewayBot]:
    """A started bot whose gateway session is ready."""
    gateway_bot = build_bot(fake_discord)
    await gateway_bot.start(check_for_updates=False)
    await fake_discord.wait_ready()
    try:
        yield gateway_bot
    finally:
        await gateway_bot.close()


def webhook_posts(fake: FakeDiscord) -> list[int]:
    """Statuses of the followup POSTs so far."""
    return [request.status for request in fake.requests_to("POST", r"^/webhooks/")]


async def run_slash(fake: FakeDiscord, name: str) -> JsonObject:
    """Dispatch a slash command and wait until the bot answered it."""
    interaction = slash_command(name)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for_interaction_response(interaction)
    return interaction


# --- the real bot against the fake ------------------------------------------------------------


async def test_bot_identifies_and_syncs_commands(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot
) -> None:
    assert fake_discord.gateway_connected
    assert fake_discord.identify_count == 1
    identify = next(p for p in fake_discord.gateway_payloads if p["op"] == 2)
    assert identify["d"]["intents"] == hikari.Intents.GUILDS
    assert identify["d"]["token"] == fake_discord.token
    assert {c["name"] for c in fake_discord.commands()} == {
        "smoke-ping",
        "smoke-twice",
        "smoke-slow",
    }
    put = fake_discord.requests_to("PUT", r"^/applications/\d+/commands$")
    assert len(put) == 1
    assert put[0].route == "/applications/{application_id}/commands"
    assert put[0].authorized
    assert bot.cache.get_guild(int(fake_discord.guild_ids[0])) is not None
    assert_healthy(fake_discord)


async def test_slash_command_answers_with_embed_and_button(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot
) -> None:
    interaction = slash_command("smoke-ping")
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    body = await fake_discord.wait_for_interaction_response(interaction, timeout=5)

    assert body["type"] == 4
    assert body["data"]["embeds"][0]["title"] == "Pong"
    button = body["data"]["components"][0]["components"][0]
    assert (button["type"], button["custom_id"], button["label"]) == (2, BUTTON_ID, "Again")
    callback = fake_discord.requests_to("POST", "/callback$")[0]
    assert callback.query == {"with_response": "true"}
    assert not callback.authorized
    assert "Authorization" not in callback.headers
    shown = fake_discord.original_message(interaction)
    assert shown["embeds"][0]["description"] == "pong"
    assert shown["components"][0]["components"][0]["id"] == 2
    assert_healthy(fake_discord)


async def test_button_click_updates_the_message(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot
) -> None:
    command = await run_slash(fake_discord, "smoke-ping")

    click = await fake_discord.click(BUTTON_ID)
    body = await fake_discord.wait_for_interaction_response(click)

    assert body == {
        "type": 7,
        "data": {
            "content": "clicked by tester",
            "components": [],
            "allowed_mentions": {"parse": []},
        },
    }
    assert click["message"]["id"] == fake_discord.original_message(command)["id"]
    shown = fake_discord.original_message(command)
    assert shown["content"] == "clicked by tester"
    assert shown["components"] == []
    assert shown["embeds"][0]["title"] == "Pong"
    assert shown["edited_timestamp"] is not None
    assert_healthy(fake_discord)


@pytest.mark.parametrize("status", [503, 429])
async def test_followup_is_retried_after_a_failure(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot, status: int
) -> None:
    fake_discord.fail_next("POST", r"^/webhooks/\d+/[^/]+$", status, retry_after=0.1)

    command = await run_slash(fake_discord, "smoke-twice")
    await fake_discord.wait_for_request(
        lambda r: r.matches("POST", r"^/webhooks/") and r.status == 200, timeout=8
    )

    assert webhook_posts(fake_discord) == [status, 200]
    assert fake_discord.pending_faults == 0
    assert [m["content"] for m in fake_discord.followup_messages(command)] == ["second"]
    assert fake_discord.original_message(command)["content"] == "first"
    assert_healthy(fake_discord)


async def test_deferred_ephemeral_answer_autocomplete_and_modal(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot
) -> None:
    command = slash_command("smoke-slow", {"dice": "2d"})
    typing = autocomplete("smoke-slow", {"dice": "2d"}, focused="dice")
    form = modal_submit("smoke:form", {"first": "hello", "second": "world"})
    for interaction in (command, typing, form):
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    assert (await fake_discord.wait_for_interaction_response(command))["type"] == 5
    choices = (await fake_discord.wait_for_interaction_response(typing))["data"]["choices"]
    assert [c["value"] for c in choices] == ["2d20", "2d6"]
    echoed = await fake_discord.wait_for_interaction_response(form)
    assert echoed["data"]["content"] == "hello world"
    await fake_discord.wait_for_request(lambda _: len(fake_discord.followup_messages(command)) == 1)
    original = fake_discord.original_message(command)
    assert (original["content"], original["flags"]) == ("rolled 2d", 64)  # filled, still ephemeral
    assert [m["content"] for m in fake_discord.followup_messages(command)] == ["and a followup"]
    registered = {c["name"]: c["id"] for c in fake_discord.commands()}
    assert fake_discord.interaction(command).payload["data"]["id"] == registered["smoke-slow"]
    assert_healthy(fake_discord)


async def test_gateway_drop_is_resumed_and_missed_events_replayed(
    fake_discord: FakeDiscord, bot: hikari.GatewayBot
) -> None:
    await fake_discord.drop_gateway(close_code=4000)
    assert not fake_discord.gateway_connected

    interaction = slash_command("smoke-ping")
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)  # sent while disconnected
    await fake_discord.wait_ready(timeout=10)

    assert (fake_discord.identify_count, fake_discord.resume_count) == (1, 1)
    resume = next(p for p in fake_discord.gateway_payloads if p["op"] == 6)
    assert resume["d"]["session_id"]
    body = await fake_discord.wait_for_interaction_response(interaction)
    assert body["type"] == 4
    assert_healthy(fake_discord)


async def test_lightbulb_without_command_sync(fake_discord: FakeDiscord) -> None:
    gateway_bot = build_bot(fake_discord, sync_commands=False)
    await gateway_bot.start(check_for_updates=False)
    try:
        await fake_discord.wait_ready()
        await run_slash(fake_discord, "smoke-ping")
    finally:
        await gateway_bot.close()

    assert fake_discord.requests_to("*", "^/applications/") == []
    assert fake_discord.requests_to("*", "^/oauth2/") == []
    assert_healthy(fake_discord)


async def test_bot_and_fake_close_without_leaking_tasks() -> None:
    async with FakeDiscord() as fake:
        gateway_bot = build_bot(fake)
        await gateway_bot.start(check_for_updates=False)
        await fake.wait_ready()
        await run_slash(fake, "smoke-ping")
        await gateway_bot.close()
    await asyncio.sleep(0)

    leftovers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    assert leftovers == []


# --- the fake's own contract --------------------------------------------------------------------


async def receive_payload(
    ws: aiohttp.ClientWebSocketResponse, inflator: Any | None
) -> JsonObject:
    """One gateway payload: a BINARY frame of the connection's compression stream when
    ``inflator`` is given, else TEXT."""
    message = await ws.receive(timeout=2)
    if inflator is None:
        assert message.type == aiohttp.WSMsgType.TEXT
        return dict(json.loads(message.data))
    assert message.type == aiohttp.WSMsgType.BINARY
    if isinstance(inflator, type(zlib.decompressobj())):
        assert message.data.endswith(b"\x00\x00\xff\xff")  # Z_SYNC_FLUSH after every message
    return dict(json.loads(inflator.decompress(message.data)))


def inflator_for(compress: str | None) -> object | None:
    """A fresh decompression stream for one connection (the client's side of it)."""
    if compress == "zlib-stream":
        return zlib.decompressobj()
    if compress == "zstd-stream":
        from backports import zstd  # hikari[speedups] installs it on Python < 3.14

        return zstd.ZstdDecompressor()
    return None


@pytest.mark.parametrize("compress", ["zlib-stream", "zstd-stream", None])
async def test_gateway_protocol_frames(fake_discord: FakeDiscord, compress: str | None) -> None:
    query = "?v=10&encoding=json" + (f"&compress={compress}" if compress else "")
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(fake_discord.gateway_url + query) as ws:
            inflator = inflator_for(compress)  # one stream per connection
            assert (await receive_payload(ws, inflator))["op"] == 10
            await ws.send_json({"op": 1, "d": None})
            assert (await receive_payload(ws, inflator))["op"] == 11
            await ws.send_json({"op": 2, "d": {"token": fake_discord.token, "intents": 0}})
            ready = await receive_payload(ws, inflator)
            assert (ready["t"], ready["s"]) == ("READY", 1)
            await fake_discord.dispatch("TYPING_START", {"channel_id": "1"})
            assert (await receive_payload(ws, inflator))["s"] == 2

        async with session.ws_connect(fake_discord.gateway_url + query) as ws:
            await receive_payload(ws, inflator_for(compress))
            await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0}})
            assert (await ws.receive(timeout=2)).data == 4004


async def test_unknown_routes_get_404_and_are_recorded(fake_discord: FakeDiscord) -> None:
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake_discord.rest_url}/guilds/1/roles", headers=headers) as response,
    ):
        assert response.status == 404
        assert await response.json() == {"message": "404: Not Found", "code": 0}

    assert [r.path for r in fake_discord.unknown_requests] == ["/guilds/1/roles"]
    with pytest.raises(AssertionError, match="/guilds/1/roles"):
        assert_healthy(fake_discord)


async def test_bad_callback_is_rejected_and_reported(fake_discord: FakeDiscord) -> None:
    interaction = slash_command("anything")
    fake_discord.state.register_interaction(interaction)  # as if dispatched to a bot
    url = (
        f"{fake_discord.rest_url}/interactions/{interaction['id']}/{interaction['token']}/callback"
    )
    button = {"type": 2, "style": 1, "label": "x", "custom_id": "x" * 101}
    body = {"type": 4, "data": {"components": [{"type": 1, "components": [button]}]}}

    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 50035

    assert fake_discord.interaction_response(interaction) is None
    assert len(fake_discord.spec_violations) == 1
    assert "components[0].components[0].custom_id" in fake_discord.spec_violations[0]
    with pytest.raises(AssertionError, match="custom_id"):
        assert_no_spec_violations(fake_discord)


async def test_deferred_validation_accepts_then_reports_when_checked() -> None:
    button = {"type": 2, "style": 1, "label": "x", "custom_id": "x" * 101}
    body = {"type": 4, "data": {"components": [{"type": 1, "components": [button]}]}}
    async with FakeDiscord(defer_validation=True) as fake, aiohttp.ClientSession() as session:
        interaction = slash_command("anything")
        fake.state.register_interaction(interaction)  # as if dispatched to a bot
        url = f"{fake.rest_url}/interactions/{interaction['id']}/{interaction['token']}/callback"
        async with session.post(url, json=body) as response:
            assert response.status == 204  # accepted as it came: checked only later

        assert (fake.validated, fake.spec_violations) == (0, [])
        assert await fake.check_deferred() == 1
        assert fake.validated == 1
        assert "components[0].components[0].custom_id" in fake.spec_violations[0]
        assert await fake.check_deferred() == 0  # each request is checked once


def test_validator_accepts_a_valid_callback() -> None:
    row = {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "a", "label": "A"}]}
    body = {"type": 4, "data": {"embeds": [{"description": "d"}], "components": [row]}}

    assert validate_request("POST", f"/api/v10{CALLBACK}", body) == []


@pytest.mark.parametrize(
    ("data", "where", "limit"),
    [
        (
            {
                "components": [
                    {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "c" * 101}]}
                ]
            },
            "body.data.components[0].components[0].custom_id",
            "maxLength 100",
        ),
        (
            {"embeds": [{"description": "d" * 4097}]},
            "body.data.embeds[0].description",
            "maxLength 4096",
        ),
        (
            {
                "components": [
                    {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "c"}] * 6}
                ]
            },
            "body.data.components[0].components",
            "maxItems 5",
        ),
    ],
    ids=["custom_id-101-chars", "embed-description-4097-chars", "six-components-in-a-row"],
)
def test_validator_rejects_payloads_discord_would_reject(
    data: JsonObject, where: str, limit: str
) -> None:
    violations = validate_request("POST", f"/api/v10{CALLBACK}", {"type": 4, "data": data})

    assert len(violations) == 1
    assert violations[0].startswith(
        "POST /interactions/{interaction_id}/{interaction_token}/callback"
    )
    assert where in violations[0]
    assert limit in violations[0]


def test_validator_picks_the_callback_variant_by_type() -> None:
    update = {"type": 7, "data": {"embeds": [{"title": "t" * 257}]}}
    modal = {"type": 9, "data": {"custom_id": "m", "title": "T", "components": []}}

    assert [v.split(": ", 1)[1] for v in validate_request("POST", CALLBACK, update)] == [
        "body.data.embeds[0].title: string of length 257 breaks maxLength 256"
    ]
    assert (
        "body.data.components: array of 0 items breaks minItems 1"
        in validate_request("POST", CALLBACK, modal)[0]
    )
    assert "99 is not one of" in validate_request("POST", CALLBACK, {"type": 99})[0]


def test_validator_accepts_integer_snowflakes_hikari_sends() -> None:
    body = {"content": "x", "attachments": [{"id": 0, "filename": "roll.txt"}]}

    assert (
        validate_request(
            "PATCH", "/webhooks/1/tok/messages/@original", body, content_type="multipart/form-data"
        )
        == []
    )


def test_validator_checks_command_registration() -> None:
    valid = [{"name": "roll", "description": "Roll dice", "type": 1, "options": []}]
    too_long = [{"name": "r" * 33, "description": "Roll dice"}]

    assert validate_request("PUT", "/applications/1/commands", valid) == []
    assert (
        "body[0].name: string of length 33 breaks maxLength 32"
        in validate_request("PUT", "/applications/1/commands", too_long)[0]
    )


@pytest.mark.parametrize(
    ("path", "template"),
    [
        (
            "/api/v10/interactions/12/abc/callback",
            "/interactions/{interaction_id}/{interaction_token}/callback",
        ),
        (
            "/api/v10/webhooks/1/tok/messages/@original",
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        ),
        (
            "/webhooks/1/tok/messages/99",
            "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        ),
        ("/api/v10/applications/@me", "/applications/@me"),
        (
            "/api/v10/applications/1/guilds/2/commands?x=1",
            "/applications/{application_id}/guilds/{guild_id}/commands",
        ),
        ("/api/v10/no/such/route", None),
    ],
)
def test_match_route(path: str, template: str | None) -> None:
    assert match_route(path) == template


def test_builders_produce_payloads_hikari_deserializes() -> None:
    factory = hikari.GatewayBot("MTIz.x.y", banner=None, logs=None).entity_factory
    message = component_click("pick", 3, ["a"])["message"]

    command = factory.deserialize_interaction(
        slash_command("dice roll", {"sides": 20, "public": True})
    )
    dm_command = factory.deserialize_interaction(slash_command("roll", guild_id=None))
    click = factory.deserialize_interaction(component_click("pick", 3, ["a"], message=message))
    modal = factory.deserialize_interaction(modal_submit("form", {"reason": "because"}))
    typing = factory.deserialize_interaction(autocomplete("roll", {"dice": "2d", "n": 1}, "dice"))

    assert isinstance(command, hikari.CommandInteraction)
    assert command.options[0].name == "roll"
    assert command.options[0].options is not None
    assert [(o.name, o.value) for o in command.options[0].options] == [
        ("sides", 20),
        ("public", True),
    ]
    assert isinstance(dm_command, hikari.CommandInteraction)
    assert dm_command.member is None
    assert isinstance(click, hikari.ComponentInteraction)
    assert (click.custom_id, click.values) == ("pick", ["a"])
    assert isinstance(modal, hikari.ModalInteraction)
    assert modal.components[0].components[0].value == "because"
    assert isinstance(typing, hikari.AutocompleteInteraction)
    assert [o.is_focused for o in typing.options] == [True, False]


def test_interaction_ids_and_tokens_are_unique() -> None:
    payloads = [slash_command("roll") for _ in range(50)]

    assert len({p["id"] for p in payloads}) == 50
    assert len({p["token"] for p in payloads}) == 50
