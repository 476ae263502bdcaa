"""The least a bot on Nazh's stack can do for an interaction: the floor ``benchmarks.load``
measures Nazh's CPU and latency against, in the same run.

Run by the benchmark as
``python -m benchmarks.floor_bot receive|answer|lightbulb|durable`` with
``DISCORD_TOKEN`` and ``NAZH_DISCORD_API_URL`` set (the fake Discord's; ``durable`` also
``NAZH_DATA_DIR``, where it keeps its rolls). It is a hikari
``GatewayBot`` with the settings ``nazh run`` uses (intents, cache, kept-alive connections) and
one listener for ``InteractionCreateEvent``:

- ``receive``: the listener returns at once. What hikari costs to take an interaction off the
  gateway (read, decompress, parse, build its entities, dispatch the event), with no answer.
- ``answer``: the listener POSTs one fixed, pre-encoded answer to the interaction's callback on
  a kept-alive connection pool (as Nazh's own callbacks do, without building a message): the
  cheapest answer there is. No dice, no command framework, no roll log, no durability.
- ``lightbulb``: a bare lightbulb command: ``/roll`` (with its ``pool`` option) or ``/attack``
  (with the options Nazh's declares) answering ``await ctx.respond("17")``, or, for a click on a
  button or a menu, the interactions' listener answering
  ``interaction.create_initial_response`` with the same line: what a bot written the way
  lightbulb and hikari document it spends on the same interaction Nazh is offered (a click
  carries its message: hikari builds its embeds and components too, 110-190 µs more than a
  /roll command on the 2-core machine). Run
  as Nazh runs it: one listener routing clicks to their answer and the rest to lightbulb, as
  ``nazh run``'s gateway does; linkd's injection off, the commands bound once, each command's
  objects let go when it ends (``bind_features`` and ``command_client``; without the second,
  each command left about 28 objects in cycles, and the collector, tuned as ``nazh run``
  tunes it for a bot that leaves none, paused the floor 85-160 ms at each young collection:
  its p99 at 1,000/s 100-165 ms instead of 14-33 ms).
- ``durable``: that lightbulb command doing the least a dice bot that keeps its rolls as Nazh
  must does (``benchmarks/durable_floor.py``): four dice rolled, the record written
  synchronously in a group-committed file before the answer, an embed and two buttons, and the
  records hash-chained into SQLite in batches behind it.

Each mode runs on the event loop ``nazh run`` would (``NAZH_EVENT_LOOP``: asyncio's unless
uvloop is chosen) and, once connected, tunes the garbage collector as ``nazh run`` does
(:func:`~nazh.adapters.heap.freeze_startup_heap`).
"""

from __future__ import annotations

import asyncio
import os
import sys
import types
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import hikari
import lightbulb
import orjson

from benchmarks.durable_floor import DurableRoller
from nazh.adapters.discord.gateway.app import CACHE, INTENTS
from nazh.adapters.discord.runtime.commands_client import command_client
from nazh.adapters.discord.runtime.core import HTTP_SETTINGS, bind_features
from nazh.adapters.event_loop import loop_factory
from nazh.adapters.heap import freeze_startup_heap

MODES = ("receive", "answer", "lightbulb", "durable")
LINE = "17"
"""What the bare lightbulb command answers."""
ANSWER = orjson.dumps({"type": hikari.ResponseType.MESSAGE_CREATE.value,
                       "data": {"content": LINE}})
HEADERS = {"Content-Type": "application/json", "User-Agent": "DiscordBot (nazh floor)"}


def make_bot(token: str, api_url: str, mode: str,
             data_dir: Path | None = None) -> hikari.GatewayBot:
    """The floor bot in ``mode`` (one of :data:`MODES`; ``durable`` keeps its rolls in
    ``data_dir``)."""
    bot = hikari.GatewayBot(token, rest_url=api_url, intents=INTENTS, cache_settings=CACHE,
                            logs=None, banner=None, suppress_optimization_warning=True,
                            http_settings=HTTP_SETTINGS)
    sessions: list[aiohttp.ClientSession] = []

    async def receive(_: hikari.InteractionCreateEvent) -> None:
        return None

    async def respond(interaction: hikari.PartialInteraction, body: bytes = ANSWER) -> None:
        if not sessions:
            sessions.append(aiohttp.ClientSession())
        url = f"{api_url.rstrip('/')}/interactions/{interaction.id}/{interaction.token}/callback"
        async with sessions[0].post(url, data=body, headers=HEADERS) as response:
            await response.read()

    async def answer(event: hikari.InteractionCreateEvent) -> None:
        await respond(event.interaction)

    async def close(_: hikari.StoppingEvent) -> None:
        for session in sessions:
            await session.close()

    if mode in {"lightbulb", "durable"}:
        client = command_client(bot, ())
        roller = DurableRoller(data_dir or Path(".")) if mode != "lightbulb" else None

        class Roll(lightbulb.SlashCommand, name="roll", description="Roll dice"):
            pool = lightbulb.string("pool", "The pools", default="1d20")

            @lightbulb.invoke
            async def invoke(self, ctx: lightbulb.Context) -> None:
                if roller is None:
                    await ctx.respond(LINE)
                    return
                body = await roller.answer(ctx.channel_id, ctx.user.id, self.pool)
                await respond(ctx.interaction, body)

        client.register(Roll)
        commands = types.ModuleType("floor_commands")
        commands.Roll = Roll  # type: ignore[attr-defined]
        if roller is None:
            commands.Attack = client.register(attack_command())  # type: ignore[attr-defined]
            # as nazh run does: one listener, clicks to their answer, the rest to lightbulb
            for listener in bot.get_listeners(hikari.InteractionCreateEvent):
                bot.unsubscribe(hikari.InteractionCreateEvent, listener)
            bot.subscribe(hikari.InteractionCreateEvent, routed(client))
        bind_features(commands, client, {})

        async def start(_: hikari.StartingEvent) -> None:
            await client.start()
            if roller is not None:
                roller.start()

        bot.subscribe(hikari.StartingEvent, start)
    else:
        bot.subscribe(hikari.InteractionCreateEvent, answer if mode == "answer" else receive)

    async def started(_: hikari.StartedEvent) -> None:
        freeze_startup_heap()

    bot.subscribe(hikari.StartedEvent, started)
    bot.subscribe(hikari.StoppingEvent, close)
    return bot


def attack_command() -> type[lightbulb.SlashCommand]:
    """A bare ``/attack`` with the options Nazh's declares (names, types, limits and choices;
    no autocomplete), answering :data:`LINE` without reading them, as the bare ``/roll``
    does: what lightbulb costs to take an /attack in."""
    defenses = [lightbulb.Choice(name, name) for name in ("Physical", "Cognitive", "Spiritual")]
    types_ = [lightbulb.Choice(name, name) for name in ("impact", "keen", "energy", "spirit",
                                                          "vital")]

    class Attack(lightbulb.SlashCommand, name="attack", description="Attack"):
        damage = lightbulb.string("damage", "Damage dice", default=None, min_length=1,
                                  max_length=200)
        test = lightbulb.string("test", "The attack test", default=None, min_length=1,
                                max_length=200)
        defense = lightbulb.integer("defense", "The defense", default=None, min_value=0,
                                    max_value=99)
        plot = lightbulb.boolean("plot", "Raise the stakes", default=False)
        label = lightbulb.string("label", "What the attack is", default=None, max_length=100)
        visibility = lightbulb.string("visibility", "Who sees it", default=None, choices=[
            lightbulb.Choice(name, name) for name in ("public", "private", "gm", "blind")])
        opportunity = lightbulb.integer("opportunity", "Opportunity from", default=None,
                                        min_value=1, max_value=20)
        complication = lightbulb.integer("complication", "Complication up to", default=None,
                                         min_value=1, max_value=20)
        weapon = lightbulb.string("weapon", "A weapon", default=None, min_length=1,
                                  max_length=100)
        advantage = lightbulb.string("advantage", "Advantage", default=None, choices=[
            lightbulb.Choice(name, name) for name in ("advantage", "disadvantage")])
        character = lightbulb.string("character", "A character", default=None, max_length=64)
        target = lightbulb.string("target", "A combatant", default=None, max_length=64)
        against = lightbulb.string("against", "The defense attacked", default=None,
                                   choices=defenses)
        type = lightbulb.string("type", "The damage's type", default=None, choices=types_)
        physical = lightbulb.string("physical", "Dice rolled at the table", default=None,
                                    min_length=1, max_length=1000)
        target2 = lightbulb.string("target2", "A second combatant", default=None, max_length=64)
        target3 = lightbulb.string("target3", "A third combatant", default=None, max_length=64)
        long_range = lightbulb.boolean("long-range", "Long range", default=False)
        in_reach = lightbulb.boolean("in-reach", "Within an enemy's reach", default=False)
        near_ally = lightbulb.boolean("near-ally", "Next to an ally", default=False)
        unseen = lightbulb.boolean("unseen", "Not sensed", default=False)
        charged = lightbulb.boolean("charged", "Momentum", default=False)

        @lightbulb.invoke
        async def invoke(self, ctx: lightbulb.Context) -> None:
            await ctx.respond(LINE)

    return Attack


def routed(client: lightbulb.Client,
           ) -> Callable[[hikari.InteractionCreateEvent], Coroutine[Any, Any, None]]:
    """The interactions' one listener, routing them as ``nazh run``'s gateway does
    (:class:`~nazh.adapters.discord.gateway.app.GatewayApp`): a click on a button or a menu
    answered :data:`LINE` through hikari (Nazh's own router takes clicks, not lightbulb),
    anything else handed to lightbulb."""

    async def listener(event: hikari.InteractionCreateEvent) -> None:
        interaction = event.interaction
        if isinstance(interaction, hikari.ComponentInteraction):
            await interaction.create_initial_response(hikari.ResponseType.MESSAGE_CREATE, LINE)
        else:
            await client.handle_interaction_create(interaction)

    return listener


def main(argv: Sequence[str] | None = None) -> int:
    """Run the floor bot until SIGTERM or SIGINT."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0] not in MODES:
        print(f"usage: python -m benchmarks.floor_bot {'|'.join(MODES)}", file=sys.stderr)
        return 2
    data_dir = os.environ.get("NAZH_DATA_DIR")
    bot = make_bot(os.environ["DISCORD_TOKEN"], os.environ["NAZH_DISCORD_API_URL"], args[0],
                   Path(data_dir) if data_dir else None)
    # the event loop ``nazh run`` would run on here (hikari runs on the thread's loop)
    choice = os.environ.get("NAZH_EVENT_LOOP", "asyncio").strip().lower()
    asyncio.set_event_loop(loop_factory(choice)())
    bot.run(check_for_updates=False, close_passed_executor=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
