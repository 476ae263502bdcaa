"""The lightbulb client both transports run commands through; a command's objects go at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hikari
import lightbulb

from nazh.adapters.discord.runtime.localization import shipped_localizations

# lightbulb's context and command instance hold each other (the context its command, the command the
# context its options are read from): ~28 objects a command left to the garbage collector, most of
# what it walked under load (a middle collection at 600 /roll a second found ~50,000, an 84-113 ms
# pause). A last step cuts the cycle once the command succeeded: its context's public ``command``
# then holds a command that never runs (the command's options still read through it). A failed
# command keeps its own (lightbulb's error handlers name it): the collector takes that rare cycle.
# linkd's containers, the other cycle, are off (nazh.adapters.discord).
RELEASE = lightbulb.ExecutionStep("RELEASE")
"""The step after every other one of a command's execution."""
STEP_ORDER: tuple[lightbulb.ExecutionStep, ...] = (
    *lightbulb.DEFAULT_EXECUTION_STEP_ORDER, RELEASE)
"""lightbulb's execution steps, then :data:`RELEASE`."""


class Released(lightbulb.SlashCommand, name="released", description="A finished command"):
    """What a finished command's context holds instead of its command (never registered)."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        """Never run: no client knows this command."""
        raise RuntimeError("a finished command was invoked again")


RELEASED = Released()
"""The one command every finished context holds."""


def release(pipeline: lightbulb.ExecutionPipeline, context: lightbulb.Context) -> None:
    """Cut the cycle that keeps a finished command's objects alive (lightbulb is done with them)."""
    if not pipeline.failed:
        context.command = RELEASED


RELEASE_HOOK = lightbulb.ExecutionHook(RELEASE, False, "release", release)
""":func:`release`, run for every command in :data:`RELEASE`, whether it failed or not."""


def command_client(app: hikari.GatewayBot | hikari.RESTBot, guilds: Sequence[int],
                   **options: Any) -> lightbulb.Client:
    """lightbulb's client for ``app`` (commands in ``guilds``, else global, in every language
    Nazh speaks), releasing each."""
    return lightbulb.client_from_app(app, default_enabled_guilds=tuple(guilds),
                                     execution_step_order=STEP_ORDER, hooks=[RELEASE_HOOK],
                                     localization_provider=shipped_localizations(), **options)
