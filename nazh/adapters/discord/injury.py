"""``/injury``: the injury roll, its duration band with the days and its effect, at once.

The command reads its options and calls one use case (:meth:`RollActions.roll_injury`); the
result is posted like a roll's (:func:`post`: public, private, or a secret's commitment), kept
in the channel's roll log, and shown by /history and /verify.
"""

from __future__ import annotations

from dataclasses import dataclass

import hikari
import lightbulb

from nazh.adapters.discord.choices import (
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.reach import EVERYWHERE
from nazh.adapters.discord.result import post, roller_of, tell_gm_channel
from nazh.adapters.discord.wrapper import Answering, InteractionWrapper
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRequest
from nazh.application.settings.server import GuildSettings, Visibility
from nazh.domain import injury

loader = lightbulb.Loader()


@dataclass(frozen=True, slots=True)
class InjuryOptions:
    """The options of ``/injury``."""

    terms: injury.InjuryTerms
    label: str | None = None
    visibility: Visibility | None = None


class InjuryFeature:
    """Injury rolls."""

    def __init__(self, table: RollActions, wrapper: InteractionWrapper,
                 settings: GuildSettings) -> None:
        self._table = table
        self._wrapper = wrapper
        self._settings = settings

    async def injury(self, interaction: hikari.CommandInteraction,
                     options: InjuryOptions) -> None:
        """``/injury``: roll it, post it as a roll of that visibility, and tell a secret one to
        the server's GM channel; the server's settings are read once."""
        private = options.visibility is Visibility.PRIVATE
        async with self._wrapper.answering(interaction, Answering(
                "injury", "command", ephemeral=private)) as responder:
            server = await self._settings.of(interaction.guild_id)
            record = await self._table.roll_injury(options.terms, RollRequest(
                "", roller_of(interaction), label=options.label,
                visibility=options.visibility, received=responder.received, server=server))
            await post(responder, interaction, record, ephemeral=record.private)
            if record.hidden and server.gm_channel_id is not None:
                await tell_gm_channel(interaction, record, server.gm_channel_id)


@loader.command
class Injury(
    lightbulb.SlashCommand,
    name="injury",
    description="Roll an injury: d20 + deflect + modifier - 5 per injury, its duration and effect",
    **EVERYWHERE):
    """``/injury deflect:2 injuries:1 modifier:0 label:Kaladin``."""

    deflect = lightbulb.integer("deflect", "The character's deflect value (0-20)", default=0,
                                min_value=injury.MIN_DEFLECT, max_value=injury.MAX_DEFLECT)
    injuries = lightbulb.integer("injuries", "Injuries already taken: -5 each (0-10)",
                                 default=0, min_value=injury.MIN_INJURIES,
                                 max_value=injury.MAX_INJURIES)
    modifier = lightbulb.integer("modifier", "Other bonuses or penalties (-20 to 20)",
                                 default=0, min_value=injury.MIN_MODIFIER,
                                 max_value=injury.MAX_MODIFIER)
    label = lightbulb.string("label", "Who is injured, or how, shown on the result",
                             default=None, max_length=100)
    visibility = visibility_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: InjuryFeature) -> None:
        """Roll the injury."""
        visibility = visibility_of(self.visibility)
        await feature.injury(ctx.interaction, InjuryOptions(
            injury.InjuryTerms(self.deflect, self.injuries, self.modifier), self.label,
            visibility))
