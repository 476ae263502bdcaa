"""Answering every command that rolls: settings read once, the roll, its result, the GM's copy."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import hikari

from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.rolls.access import Reader
from nazh.application.rolls.amending import raises_stakes, reader_of
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest
from nazh.application.settings.server import AnswerFormat, GuildSettings
from nazh.domain.evolve import evolved

log = logging.getLogger(__name__)

Rolling = Callable[[RollRequest], Awaitable[RollRecord | Rolled]]
"""A use case making the roll a request asks for (with what it changed on a sheet, or not)."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """How a result is drawn: with Reroll (the server's allow-reroll), in one line where the
    roll can be (its answer-format), for its one reader (a private result's: offered only what
    they may do), its roller adding the plot die (``stakes``: players-raise-stakes)."""

    reroll: bool = False
    compact: bool = False
    reader: Reader | None = None
    stakes: bool = False


PLAIN = Drawing()
"""A card, without Reroll, for whoever sees it."""


class ResultPoster(Protocol):
    """How a roll's result is shown: the answer, and a secret roll's post in the GM channel."""

    async def post(self, responder: Responder, interaction: hikari.PartialInteraction,
                   rolled: Rolled, *, ephemeral: bool, drawing: Drawing = PLAIN) -> None:
        """Answer with the result, its sheet changes and notes, drawn as ``drawing`` says
        (:func:`...rolls.posting.post`)."""

    async def tell_gm_channel(self, interaction: hikari.PartialInteraction, rolled: Rolled,
                              channel: int) -> None:
        """Post a secret roll's result in the server's GM ``channel``."""

    def components(self, rolled: Rolled, drawing: Drawing = PLAIN, *,
                   panel: int | None = None) -> list[hikari.api.ComponentBuilder]:
        """The controls of a roll's result as the roll and its offers stand, drawn as
        ``drawing`` says (``panel``: the GM's panel of the shared result of that message)."""
        ...

    async def redraw(self, responder: Responder, interaction: hikari.ComponentInteraction,
                     rolled: Rolled, drawing: Drawing = PLAIN) -> None:
        """The clicked result drawn again as ``rolled`` stands (its text and its controls), in
        the form it was posted in."""


@dataclass(frozen=True, slots=True)
class RollAnswers:
    """Answers the commands that roll (the servers' settings read once per roll)."""

    settings: GuildSettings
    results: ResultPoster

    async def answer_roll(self, responder: Responder, interaction: hikari.PartialInteraction,
                          request: RollRequest, roll: Rolling, *, reroll: bool = True,
                          private: bool = False) -> None:
        """Read the settings, ``roll``, post the result (``private``: the roller's), a GM copy."""
        # the server as Nazh reaches it: where it is only user-installed, the defaults
        member = member_of(interaction)
        server = await self.settings.of(member.guild_id)
        rolled = await roll(evolved(request, server=server))
        made = rolled if isinstance(rolled, Rolled) else Rolled(rolled)
        record = made.record
        ephemeral = private or record.private
        await self.results.post(responder, interaction, made, ephemeral=ephemeral,
                                drawing=Drawing(
                                    reroll=reroll and server.allow_reroll,
                                    compact=server.answer_format is AnswerFormat.COMPACT,
                                    reader=reader_of(server, member) if ephemeral else None,
                                    stakes=raises_stakes(server, member.guild_id)))
        if record.hidden and server.gm_channel_id is not None:
            await self.results.tell_gm_channel(interaction, made, server.gm_channel_id)

    async def drawing_of(self, guild_id: int | None, *, reroll: bool = True) -> Drawing:
        """How a shared result is drawn in a server (its allow-reroll, its players-raise-stakes;
        ``reroll`` false: never with Reroll)."""
        server = await self.settings.of(guild_id)
        return Drawing(reroll=reroll and server.allow_reroll,
                       stakes=raises_stakes(server, guild_id))

    async def clicked_drawing(self, interaction: hikari.ComponentInteraction) -> Drawing:
        """How the clicked result is drawn again: for its one reader if only they see it."""
        member = member_of(interaction)
        server = await self.settings.of(member.guild_id)
        private = bool(interaction.message.flags & hikari.MessageFlag.EPHEMERAL)
        return Drawing(reroll=server.allow_reroll,
                       reader=reader_of(server, member) if private else None,
                       stakes=raises_stakes(server, member.guild_id))

    async def redraw(self, responder: Responder, interaction: hikari.ComponentInteraction,
                     rolled: Rolled) -> None:
        """The clicked result drawn again as ``rolled`` stands; a private one offers its one
        reader only what they may do, as when it was posted."""
        await self.results.redraw(responder, interaction, rolled,
                                  await self.clicked_drawing(interaction))

    async def buttons_redrawn(self, interaction: hikari.ComponentInteraction,
                              rolled: Rolled) -> None:
        """The clicked shared result's buttons drawn again as ``rolled`` offers, the click
        answered by another message (a failure is only logged: the click was answered)."""
        # a result only its reader sees cannot be edited: its button then says it is done
        if interaction.message.flags & hikari.MessageFlag.EPHEMERAL:
            return
        components = self.results.components(
            rolled, await self.drawing_of(rolled.record.roller.guild_id))
        try:
            await interaction.app.rest.edit_message(interaction.channel_id,
                                                    interaction.message.id,
                                                    components=components)
        except hikari.HTTPError as error:
            log.warning("could not draw the buttons of roll %s again: %s",
                        rolled.record.roll_id, getattr(error, "message", error))
