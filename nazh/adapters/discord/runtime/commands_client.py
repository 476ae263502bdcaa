"""The lightbulb client both transports run their commands through, with each command's objects
let go as soon as it is done.

For every command lightbulb makes a context, an instance of the command class, an execution
pipeline and a dependency-injection container, and links them in two cycles: the command holds
its context (``_current_context``) and the context its command, and linkd's container holds
itself among its values, next to the context and the pipeline. Reference counting frees no
object of a cycle, so all of it (the interaction hikari made, its member, user, channel and
options, the container's graph: about 46 objects a command) stays until the garbage collector
finds it. Under load that was most of what the collector walked: the young collections every
few hundred commands, and, for the commands still running at a young collection, the middle
one, which took them all at once (a census of a middle collection at 600 /roll a second found
about 50,000 of them beside the rolls kept for their buttons, in a pause of 84-113 ms).

:data:`RELEASE` is a last execution step after lightbulb's own, and :data:`RELEASE_HOOK`,
run in it for every command whether it failed or not, cuts both cycles once the command has
run: the container's values and the command's context are dropped. Everything the command made
is then freed by reference counting when lightbulb lets go of it. (Nazh runs lightbulb with
linkd's injection off, :mod:`nazh.adapters.discord`: then there is no container, and no
injecting wrapper of the invoke method bound to the command, once a cycle of its own.)

Measured (the release step) at 300 /roll a second, interleaved, three pairs: young collections
9 -> 3 per 3,000 rolls, the collector's time per roll 30-34 -> 7-8 µs; at 1,000 a second
18-21 -> 9-10 young and 1-2 -> 0 middle collections (127-158 ms each) in 6,000 rolls, 80-88 ->
31-36 µs per roll.

The step reaches two private attributes (lightbulb's ``CommandBase._current_context`` and
linkd's ``Container._instances``), checked before use: where a release of lightbulb or linkd
lacks either, that cycle is left to the collector, as before, and nothing else changes.
``tests/adapters/discord/runtime/test_commands_client.py`` shows a command leaves none of its
objects to the collector, and that lightbulb alone still does (when it no longer does, the
step can go).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hikari
import lightbulb
import linkd

RELEASE = lightbulb.ExecutionStep("RELEASE")
"""The step after every other one of a command's execution."""
STEP_ORDER: tuple[lightbulb.ExecutionStep, ...] = (
    *lightbulb.DEFAULT_EXECUTION_STEP_ORDER, RELEASE)
"""lightbulb's execution steps, then :data:`RELEASE`."""


def release(_pipeline: lightbulb.ExecutionPipeline, context: lightbulb.Context) -> None:
    """Cut the cycles that keep a finished command's objects alive (the command's context,
    the container's values); lightbulb uses neither after its last step."""
    container = linkd.DI_CONTAINER.get(None)
    values = getattr(container, "_instances", None)
    if isinstance(values, dict):
        values.clear()
    command = context.command
    if getattr(command, "_current_context", None) is context:
        command._current_context = None


RELEASE_HOOK = lightbulb.ExecutionHook(RELEASE, False, "release", release)
""":func:`release`, run for every command in :data:`RELEASE`, whether it failed or not (a plain
function: no dependency is injected into it)."""


def command_client(app: hikari.GatewayBot | hikari.RESTBot, guilds: Sequence[int],
                   **options: Any) -> lightbulb.Client:
    """lightbulb's client for ``app`` (commands registered in ``guilds``, or globally when
    there are none), running :data:`RELEASE_HOOK` after every command; ``options``: more of
    ``lightbulb.client_from_app``'s."""
    return lightbulb.client_from_app(app, default_enabled_guilds=tuple(guilds),
                                     execution_step_order=STEP_ORDER, hooks=[RELEASE_HOOK],
                                     **options)
