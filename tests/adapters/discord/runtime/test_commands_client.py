"""A command run through the client leaves none of its objects to the garbage collector."""

from __future__ import annotations

import gc
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import hikari
import lightbulb

from nazh.adapters.discord.gateway.app import DiscordConfig, GatewayApp
from nazh.adapters.discord.http.app import HttpApp, HttpConfig
from nazh.adapters.discord.runtime.commands_client import RELEASE, RELEASE_HOOK, command_client
from nazh.adapters.discord.runtime.core import bind_features
from tests.e2e.fake_discord import slash_command

COMMANDS = 20


class Said(list[str]):
    """What the test command was given, bound to it as Nazh's features are."""


class Say(lightbulb.SlashCommand, name="say", description="Repeat a word"):
    """A command with an option and a feature bound to it, as each of Nazh's has."""

    word = lightbulb.string("word", "The word")

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, said: Said) -> None:
        said.append(self.word)


class Fail(lightbulb.SlashCommand, name="fail", description="Always fails"):
    """A command whose invocation raises."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        raise RuntimeError("refused")


@contextmanager
def garbage() -> Iterator[Counter[str]]:
    """What the collector finds of what the block made, by type (``module.Class``), counted
    once the block is done (the collector is off meanwhile, so nothing is collected early)."""
    found: Counter[str] = Counter()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.update(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def started(client: lightbulb.Client, said: Said) -> lightbulb.Client:
    client.register(Say)
    client.register(Fail)
    bind_features(sys.modules[__name__], client, {Said: said})  # as the core does
    failures: list[BaseException | None] = []

    async def failed(failure: lightbulb.exceptions.ExecutionPipelineFailedException) -> bool:
        failures.append(failure.invocation_failure)
        return True

    client.error_handler(failed)
    await client.start()
    return client


def interaction(bot: hikari.RESTBot, name: str, word: str | None = None
                ) -> hikari.CommandInteraction:
    payload = slash_command(name, None if word is None else {"word": word})
    made = bot.entity_factory.deserialize_interaction(payload)
    assert isinstance(made, hikari.CommandInteraction)
    return made


def lightbulb_objects(found: Counter[str]) -> dict[str, int]:
    """What is left of lightbulb's and linkd's per-command objects and of the interaction."""
    watched = ("lightbulb.context.Context", "lightbulb.commands.execution.ExecutionPipeline",
               "linkd.container.Container", "linkd.graph.DiGraph",
               "hikari.interactions.command_interactions.CommandInteraction",
               "hikari.interactions.base_interactions.InteractionMember")
    return {name: found[name] for name in watched if found[name]}


async def test_a_finished_command_leaves_nothing_of_it_for_the_collector() -> None:
    bot, said = hikari.RESTBot("x.y.z", "Bot", banner=None), Said()
    client = await started(command_client(bot, (), sync_commands=False), said)
    interactions = [interaction(bot, "say", f"w{n}") for n in range(COMMANDS)]
    with garbage() as found:
        for made in interactions:
            await client.handle_interaction_create(made)
        del made
    assert said == [f"w{n}" for n in range(COMMANDS)]  # every command ran, its option read
    assert lightbulb_objects(found) == {}
    assert found == Counter()  # nor anything else the command made


async def test_a_failed_command_still_reaches_the_error_handler_with_its_context() -> None:
    """The release step runs after a failure too; the error handler still reads the
    command's context (its interaction, its name). A failure's traceback holds the context
    in a cycle of its own, which the collector takes (such failures are rare: Nazh's commands
    answer their errors themselves); the container is let go all the same."""
    bot, said = hikari.RESTBot("x.y.z", "Bot", banner=None), Said()
    client = await started(command_client(bot, (), sync_commands=False), said)
    handled: list[tuple[str, int]] = []

    async def seen(failure: lightbulb.exceptions.ExecutionPipelineFailedException) -> bool:
        assert isinstance(failure.invocation_failure, RuntimeError)
        handled.append((failure.context.command_data.qualified_name,
                        int(failure.context.interaction.id)))
        return True

    client.error_handler(seen, priority=1)
    failing = [interaction(bot, "fail") for _ in range(COMMANDS)]
    with garbage() as found:
        for made in failing:
            await client.handle_interaction_create(made)
        del made
    assert handled == [("fail", int(made.id)) for made in failing]
    assert found["linkd.container.Container"] == 0
    assert found["linkd.graph.DiGraph"] == 0


async def test_lightbulb_alone_still_leaves_each_command_to_the_collector() -> None:
    """The cycles the release step cuts are lightbulb's own: without it every command's
    context, container and interaction wait for the collector (when this fails, a release of
    lightbulb no longer makes them, and the step can go)."""
    bot, said = hikari.RESTBot("x.y.z", "Bot", banner=None), Said()
    client = await started(lightbulb.client_from_app(bot, sync_commands=False), said)
    interactions = [interaction(bot, "say", f"w{n}") for n in range(COMMANDS)]
    with garbage() as found:
        for made in interactions:
            await client.handle_interaction_create(made)
        del made
    assert len(said) == COMMANDS
    assert lightbulb_objects(found)["lightbulb.context.Context"] == COMMANDS


TOKEN = "ODcxMTExMTExMTExMTExMTAw.x.y"
"""A token of the form Discord's have (the gateway bot reads the application id from it)."""


def test_either_transport_runs_its_commands_through_the_releasing_client() -> None:
    never = cast("Any", None)  # what the transports only keep for later
    gateway = GatewayApp(DiscordConfig(TOKEN, "http://127.0.0.1:9/api/v10", (123,)), never,
                         never, never)
    http = HttpApp(HttpConfig(TOKEN, "ab" * 32, "http://127.0.0.1:9/api/v10", (123,)), never,
                   never, never, never)
    for client in (gateway.client, http.client):
        assert client.execution_step_order[-1] == RELEASE
        assert RELEASE_HOOK in client.hooks
        assert tuple(client.default_enabled_guilds) == (123,)
