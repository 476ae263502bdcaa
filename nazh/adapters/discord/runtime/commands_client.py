"""The lightbulb client both transports run commands through; a command's objects go at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hikari
import lightbulb
import linkd

from nazh.adapters.discord.runtime.localization import shipped_localizations

# lightbulb links each command's context, command instance, pipeline and linkd container in two
# cycles (the command holds its context; the container holds itself): ~46 objects a command left to
# the garbage collector, most of what it walked under load (a middle collection at 600 /roll a
# second found ~50,000, an 84-113 ms pause). A last step cuts both cycles: measured at 1,000 /roll a
# second, young collections 18-21 -> 9-10 and middle ones 1-2 -> 0 per 6,000 rolls. It reaches two
# private attributes, checked first: without them the cycle is left to the collector, as before
# (tests/adapters/discord/runtime/test_commands_client.py shows when the step can go).
RELEASE = lightbulb.ExecutionStep("RELEASE")
"""The step after every other one of a command's execution."""
STEP_ORDER: tuple[lightbulb.ExecutionStep, ...] = (
    *lightbulb.DEFAULT_EXECUTION_STEP_ORDER, RELEASE)
"""lightbulb's execution steps, then :data:`RELEASE`."""


def release(_pipeline: lightbulb.ExecutionPipeline, context: lightbulb.Context) -> None:
    """Cut the cycles that keep a finished command's objects alive (lightbulb is done with them)."""
    container = linkd.DI_CONTAINER.get(None)
    values = getattr(container, "_instances", None)
    if isinstance(values, dict):
        values.clear()
    command = context.command
    if getattr(command, "_current_context", None) is context:
        command._current_context = None


RELEASE_HOOK = lightbulb.ExecutionHook(RELEASE, False, "release", release)
""":func:`release`, run for every command in :data:`RELEASE`, whether it failed or not."""


def command_client(app: hikari.GatewayBot | hikari.RESTBot, guilds: Sequence[int],
                   **options: Any) -> lightbulb.Client:
    """lightbulb's client for ``app`` (commands in ``guilds``, else global, in every language
    Nazh speaks), releasing each."""
    return lightbulb.client_from_app(app, default_enabled_guilds=tuple(guilds),
                                     execution_step_order=STEP_ORDER, hooks=[RELEASE_HOOK],
                                     localization_provider=shipped_localizations(), **options)
