"""/history (with its page buttons), /verify, /save and /saved."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.custom_ids import HistoryControl, decode
from nazh.adapters.discord.log_views import (
    history_components,
    history_embed,
    saved_embed,
    verify_embed,
)
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.runner import InteractionRunner, Work
from nazh.application.history import RollLogQueries
from nazh.application.saved_rolls import SavedRolls
from nazh.domain.results import RollResult

DEFAULT_PAGE_SIZE = 10


class LogHandlers:
    """The roll log's commands."""

    def __init__(self, queries: RollLogQueries, saved: SavedRolls,
                 runner: InteractionRunner) -> None:
        self._queries = queries
        self._saved = saved
        self._runner = runner

    async def history(self, interaction: hikari.CommandInteraction, user_id: int | None,
                      limit: int | None) -> None:
        """``/history [user] [limit]``: the channel's recent rolls, to the asker only."""
        responder = Responder(interaction)
        size = limit or DEFAULT_PAGE_SIZE

        async def work() -> RollResult | None:
            await self._show_page(responder, interaction, HistoryControl(user_id, size, 0),
                                  first=True)
            return None

        await self._command(responder, interaction, work, "history", ephemeral=True)

    async def on_component(self, event: hikari.ComponentInteractionCreateEvent) -> None:
        """The Newer / Older buttons of a history page."""
        interaction = event.interaction
        control = decode(interaction.custom_id)
        if not isinstance(control, HistoryControl):
            return
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            await self._show_page(responder, interaction, control, first=False)
            return None

        await self._runner.run(responder, interaction, work, notation=None,
                               defer_as=hikari.ResponseType.DEFERRED_MESSAGE_UPDATE,
                               command="component:history", kind="component", source=None)

    async def _show_page(self, responder: Responder, interaction: hikari.PartialInteraction,
                         control: HistoryControl, *, first: bool) -> None:
        page = await self._queries.page(interaction.channel.id, interaction.user.id,
                                        user_id=control.user_id, size=control.size,
                                        page=control.page)
        embed = history_embed(page, control.user_id)
        components = history_components(page, control.user_id, control.size)
        if first:
            await responder.message(embed=embed, components=components, ephemeral=True)
        else:
            await responder.update(embed=embed, components=components)

    async def verify(self, interaction: hikari.CommandInteraction, roll_id: str) -> None:
        """``/verify roll_id``: the roll, its amendments and its chain's state."""
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            verification = await self._queries.verify(roll_id, interaction.user.id)
            private = verification.trail[0].entry.private
            await responder.message(embed=verify_embed(verification), ephemeral=private)
            return None

        await self._command(responder, interaction, work, "verify")

    async def save(self, interaction: hikari.CommandInteraction, name: str, pool: str) -> None:
        """``/save name pool``: validated like /roll, then kept under the name."""
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            saved = await self._saved.save(interaction.user.id, name, pool)
            await responder.message(
                f"Saved `@{saved.name}` = `{saved.notation}`. Roll it with "
                f"`/roll pool:@{saved.name}`.", ephemeral=True)
            return None

        await self._command(responder, interaction, work, "save", notation=pool,
                            ephemeral=True)

    async def saved(self, interaction: hikari.CommandInteraction, delete: str | None) -> None:
        """``/saved [delete]``: list the user's saved rolls, or delete one."""
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            if delete:
                await self._saved.delete(interaction.user.id, delete)
            rolls = await self._saved.list(interaction.user.id)
            note = f"Deleted `@{delete.strip().lstrip('@').lower()}`." if delete else None
            await responder.message(note or hikari.UNDEFINED, embed=saved_embed(rolls),
                                    ephemeral=True)
            return None

        await self._command(responder, interaction, work, "saved", ephemeral=True)

    async def saved_names(self, user_id: int) -> list[str]:
        """The user's saved roll names (for autocomplete)."""
        return [roll.name for roll in await self._saved.list(user_id)]

    async def _command(self, responder: Responder, interaction: hikari.CommandInteraction,
                       work: Work, command: str, *, notation: str | None = None,
                       ephemeral: bool = False) -> None:
        await self._runner.run(responder, interaction, work,
                               notation=notation,
                               defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                               command=command, kind="command", source=None,
                               ephemeral=ephemeral)
