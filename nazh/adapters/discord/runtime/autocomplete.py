"""What autocomplete offers: the choices matching what was typed, another option's value."""

from __future__ import annotations

import lightbulb

from nazh.adapters.discord.runtime.responder import Choice
from nazh.presentation.chat import DiscordLimits, clip


def matching(choices: list[Choice], typed: str) -> list[Choice]:
    """The choices with what was typed (those starting with it first), within Discord's limits."""
    wanted = typed.strip().casefold()
    found = [c for c in choices if wanted in c[0].casefold() or wanted in c[1].casefold()]
    found.sort(key=lambda c: not (c[0].casefold().startswith(wanted)
                                  or c[1].casefold().startswith(wanted)))
    return [(clip(label, DiscordLimits.CHOICE_VALUE), value[:DiscordLimits.CHOICE_VALUE])
            for label, value in found[:DiscordLimits.CHOICES]]


def typed_in(ctx: lightbulb.AutocompleteContext[str], option: str) -> str | None:
    """What the interaction holds in another ``option`` (``None``: nothing)."""
    found = ctx.get_option(option)
    value = None if found is None else found.value
    return value if isinstance(value, str) and value.strip() else None
