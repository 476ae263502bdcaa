"""``/odds``: the exact odds of a roll, as a compact embed with a bar chart of each pool."""

from __future__ import annotations

import hikari
import lightbulb

from nazh.adapters.discord.embeds import BLURPLE, GOLD
from nazh.adapters.discord.reach import EVERYWHERE
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.wrapper import Answering, InteractionWrapper
from nazh.application.odds.use_cases import ShowOdds
from nazh.domain import limits
from nazh.domain.odds import RollOdds
from nazh.presentation.chat import DiscordLimits, clip, pool_line
from nazh.presentation.odds_json import odds_notes
from nazh.presentation.odds_text import story_summary

loader = lightbulb.Loader()

CHART_NAME = "odds.png"


class OddsFeature:
    """Computes the odds and their chart (off the event loop) and answers."""

    def __init__(self, show_odds: ShowOdds, wrapper: InteractionWrapper) -> None:
        self._show_odds = show_odds
        self._wrapper = wrapper

    async def odds(self, interaction: hikari.CommandInteraction, pool: str, add_plot: bool,
                   dc: int | None) -> None:
        """``/odds pool [add_plot] [dc]``."""
        answering = Answering("odds", "command", notation=pool)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._odds(responder, interaction, pool, add_plot, dc)

    async def _odds(self, responder: Responder, interaction: hikari.CommandInteraction,
                    pool: str, add_plot: bool, dc: int | None) -> None:
        answer = await self._show_odds(pool, interaction.user.id, add_plot=add_plot, dc=dc,
                                       channel_id=interaction.channel_id,
                                       guild_id=interaction.guild_id)
        embed = odds_embed(answer.odds)
        embed.set_image(hikari.Bytes(answer.chart, CHART_NAME, mimetype="image/png"))
        await responder.message(embed=embed)


def odds_embed(odds: RollOdds) -> hikari.Embed:
    """Per pool: mean, range, P(total >= DC); the roll's P(Opportunity) and P(Complication)."""
    title = f"🎯 Odds of {odds.spec.notation}" + (f" vs DC {odds.dc}" if odds.dc else "")
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE),
                         color=GOLD if odds.spec.plot else BLURPLE)
    lines = [story_summary(odds) + "."] + [f"*{note}*" for note in odds_notes(odds)]
    embed.description = clip("\n".join(lines), DiscordLimits.EMBED_DESCRIPTION)
    for pool in odds.pools[:DiscordLimits.EMBED_FIELDS]:
        name = pool.spec.notation + (" (+ plot die)" if pool.plot_bonus else "")
        embed.add_field(clip(name, DiscordLimits.EMBED_FIELD_NAME),
                        clip(pool_line(odds, pool), DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer("Exact probabilities, rounded · the chart shows each pool's totals")
    return embed



@loader.command
class Odds(lightbulb.SlashCommand, name="odds",
           description="Exact odds of a roll: every total, P(total ≥ DC), with a chart",
           **EVERYWHERE):
    """``/odds pool:a1d20+5 add_plot:true dc:15``."""

    pool = lightbulb.string("pool", "Pools separated by commas, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH)
    add_plot = lightbulb.boolean("add_plot", "Include the plot die", default=False)
    dc = lightbulb.integer("dc", "Difficulty class", default=None, min_value=limits.MIN_DC,
                           max_value=limits.MAX_DC)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: OddsFeature) -> None:
        """Show the odds."""
        await feature.odds(ctx.interaction, self.pool, self.add_plot, self.dc)
