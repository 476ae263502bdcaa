"""``/attack``: an attack test and its damage in one roll, judged against the target's defense.

The attack is a roll with terms (:mod:`nazh.domain.attack`): its result message is the roll's,
so every roll control works on it (the plot die, advantage and disadvantage on any die, the
damage dice included), and its own controls (Hit, Graze, Critical hit, spending Opportunities
and Complications) come back through the roll feature's router.
"""

from __future__ import annotations

from dataclasses import dataclass

import hikari
import lightbulb

from nazh.adapters.discord.choices import (
    complication_option,
    opportunity_option,
    ranges_of,
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.reach import EVERYWHERE
from nazh.adapters.discord.result import post, roller_of, tell_gm_channel
from nazh.adapters.discord.wrapper import Answering, InteractionWrapper
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRequest
from nazh.application.settings.server import GuildSettings, Visibility
from nazh.domain import attack, limits
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE

loader = lightbulb.Loader()


@dataclass(frozen=True, slots=True)
class AttackOptions:
    """The options of ``/attack``."""

    damage: str
    test: str = "1d20"
    defense: int | None = None
    plot: bool = False
    label: str | None = None
    visibility: Visibility | None = None
    opportunity: int = HIGHEST_FACE
    complication: int = LOWEST_FACE


class AttackFeature:
    """Attacks: rolled, posted, and then amended like any roll."""

    def __init__(self, table: RollActions, wrapper: InteractionWrapper,
                 settings: GuildSettings) -> None:
        self._table = table
        self._wrapper = wrapper
        self._settings = settings

    async def attack(self, interaction: hikari.CommandInteraction,
                     options: AttackOptions) -> None:
        """``/attack``: check the options, roll the test and the damage together, post the
        result (and a secret one to the GM channel); the server's settings are read once."""
        private = options.visibility is Visibility.PRIVATE
        answering = Answering("attack", "command", ephemeral=private)
        async with self._wrapper.answering(interaction, answering) as responder:
            notation, terms = attack.prepare(options.test, options.damage, options.defense)
            server = await self._settings.of(interaction.guild_id)
            record = await self._table.roll(RollRequest(
                notation, roller_of(interaction), add_plot=options.plot, dc=options.defense,
                label=options.label, visibility=options.visibility,
                received=responder.received, server=server, attack=terms,
                opportunity=options.opportunity, complication=options.complication))
            await post(responder, interaction, record, ephemeral=record.private,
                       reroll=server.allow_reroll)
            if record.hidden and server.gm_channel_id is not None:
                await tell_gm_channel(interaction, record, server.gm_channel_id)


@loader.command
class Attack(
    lightbulb.SlashCommand,
    name="attack",
    description="Attack: the test against a defense, with its damage, graze and critical hit",
    **EVERYWHERE):
    """``/attack test:a1d20+5 damage:2d6 defense:14 plot:true label:Longsword
    opportunity:19``."""

    damage = lightbulb.string(
        "damage", "Damage dice, e.g. 2d6 (the test's modifier is added on a hit) or 2d6+3",
        min_length=1, max_length=limits.MAX_INPUT_LENGTH)
    test = lightbulb.string(
        "test", "The attack test: one d20 with its modifier, e.g. a1d20+5 (a/d: advantage)",
        default="1d20", min_length=1, max_length=limits.MAX_INPUT_LENGTH)
    defense = lightbulb.integer(
        "defense", "The target's defense: a hit when the test's total meets it",
        default=None, min_value=attack.MIN_DEFENSE, max_value=attack.MAX_DEFENSE)
    plot = lightbulb.boolean("plot", "Raise the stakes: roll the plot die with the test",
                             default=False)
    label = lightbulb.string("label", "What the attack is, shown on the result",
                             default=None, max_length=100)
    visibility = visibility_option()
    opportunity = opportunity_option()
    complication = complication_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, attacks: AttackFeature) -> None:
        """Attack."""
        visibility = visibility_of(self.visibility)
        await attacks.attack(ctx.interaction, AttackOptions(
            self.damage, self.test, self.defense, self.plot, self.label, visibility,
            *ranges_of(self.opportunity, self.complication)))
