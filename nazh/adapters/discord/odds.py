"""``/odds``: the exact odds of a roll, as a compact embed with a bar chart of each pool."""

from __future__ import annotations

import asyncio

import hikari
import lightbulb

from nazh.adapters.discord.render import BLURPLE, GOLD
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.runner import InteractionRunner
from nazh.application.odds import OddsOf
from nazh.application.ports import OddsChart
from nazh.application.saved_rolls import SavedRolls
from nazh.domain import limits
from nazh.domain.odds import RollOdds
from nazh.domain.results import RollResult
from nazh.presentation.chat import clip, pool_line
from nazh.presentation.odds_json import odds_notes
from nazh.presentation.odds_text import story_summary

CHART_NAME = "odds.png"
MAX_FIELDS = 25

loader = lightbulb.Loader()


def odds_embed(odds: RollOdds) -> hikari.Embed:
    """Per pool: mean, range, P(total >= DC); the roll's P(Opportunity) and P(Complication)."""
    title = f"🎯 Odds of {odds.spec.notation}" + (f" vs DC {odds.dc}" if odds.dc else "")
    embed = hikari.Embed(title=clip(title, 256), color=GOLD if odds.spec.plot else BLURPLE)
    lines = [story_summary(odds) + "."] + [f"*{note}*" for note in odds_notes(odds)]
    embed.description = clip("\n".join(lines), 4096)
    for pool in odds.pools[:MAX_FIELDS]:
        name = pool.spec.notation + (" (+ plot die)" if pool.plot_bonus else "")
        embed.add_field(clip(name, 256), clip(pool_line(odds, pool), 1024))
    embed.set_footer("Exact probabilities, rounded · the chart shows each pool's totals")
    return embed


class OddsHandlers:
    """Computes the odds (and the chart, off the event loop) and answers."""

    def __init__(self, odds_of: OddsOf, chart: OddsChart, runner: InteractionRunner,
                 saved: SavedRolls | None = None) -> None:
        self._odds_of = odds_of
        self._chart = chart
        self._runner = runner
        self._saved = saved

    async def odds(self, interaction: hikari.CommandInteraction, pool: str, add_plot: bool,
                   dc: int | None) -> None:
        """``/odds pool [add_plot] [dc]``."""
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            notation = pool if self._saved is None else await self._saved.resolve(
                interaction.user.id, pool)
            odds = await asyncio.to_thread(self._odds_of, notation, add_plot=add_plot, dc=dc)
            png = await asyncio.to_thread(self._chart.render, odds)
            embed = odds_embed(odds)
            embed.set_image(hikari.Bytes(png, CHART_NAME, mimetype="image/png"))
            await responder.message(embed=embed)
            return None

        await self._runner.run(responder, interaction, work, notation=pool,
                               defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                               command="odds", kind="command", source=None)


@loader.command
class Odds(lightbulb.SlashCommand, name="odds",
           description="Exact odds of a roll: every total, P(total ≥ DC), with a chart"):
    """``/odds pool:a1d20+5 add_plot:true dc:15``."""

    pool = lightbulb.string("pool", "Pools separated by commas, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH)
    add_plot = lightbulb.boolean("add_plot", "Include the plot die", default=False)
    dc = lightbulb.integer("dc", "Difficulty class", default=None, min_value=limits.MIN_DC,
                           max_value=limits.MAX_DC)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: OddsHandlers) -> None:
        """Hand over."""
        await handlers.odds(ctx.interaction, self.pool, self.add_plot, self.dc)
