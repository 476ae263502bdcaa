"""``/encounter log``'s Whole log button: every kept change with who made it, to the presser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.presentation.chat import DiscordLimits, fit_lines
from nazh.presentation.encounter_state import sight
from nazh.presentation.encounter_text import log_line, short_log
from nazh.presentation.i18n import _

LOG_KIND = "elg"
WHOLE_LOG = f"{PREFIX}:{LOG_KIND}:all"


@dataclass(frozen=True, slots=True)
class WholeLog:
    """The Whole log button (it names nothing: the presser's channel and sight decide)."""


CODEC = Codec(frozenset({LOG_KIND}), lambda parts: WholeLog() if parts[2:] == ["all"] else None)
"""``nz1:elg:all``."""


class LogView:
    """The encounter's log: a glance (``/encounter log``), and the whole of it on a button."""

    def __init__(self, uses: EncounterUseCases, wrapper: InteractionWrapper) -> None:
        self._uses = uses
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The view, from the encounter's use cases."""
        return cls(deps.encounters, deps.wrapper)

    async def glance(self, interaction: hikari.PartialInteraction, responder: Responder) -> None:
        """The newest changes under their round and phase, and the Whole log button."""
        lines, more = await self._lines(interaction, whole=False)
        await responder.message(fit_lines(lines, DiscordLimits.CONTENT), ephemeral=True,
                                components=whole_log_button() if more else ())

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: WholeLog) -> None:
        """Whole log: every kept change, who made it, to the presser alone."""
        async with self._wrapper.answering(interaction, Answering(
                "component:encounter-log", "component", ephemeral=True)) as responder:
            lines, _ = await self._lines(interaction, whole=True)
            await responder.message(fit_lines(lines, DiscordLimits.CONTENT), ephemeral=True)

    async def _lines(self, interaction: hikari.PartialInteraction, *,
                     whole: bool) -> tuple[list[str], bool]:
        gm = await self._uses.changes.is_gm(member_of(interaction))
        record, entries = await self._uses.lifecycle.log(interaction.channel_id)
        seen = sight(record, gm_view=gm)
        if whole:
            return [log_line(e, seen) for e in entries], False
        return short_log(entries, seen), bool(entries)  # the whole log also says who did each


def whole_log_button() -> list[hikari.api.ComponentBuilder]:
    """The Whole log button (on the asker's own, ephemeral, answer)."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, WHOLE_LOG, label=_("Whole log"),
                               emoji="📜")
    return [row]
