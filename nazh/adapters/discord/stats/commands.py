"""``/stats``: are the dice fair, and how is my luck? Aggregates tested against the exact odds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.choices import chosen, one_of
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE, GOLD
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.rolls.access import private_counted
from nazh.application.stats.dice_stats import (
    PRIVATE,
    PUBLIC,
    DiceStats,
    DieFairness,
    Period,
    StatsReport,
    StatsScope,
)
from nazh.presentation.chat import DiscordLimits, clip
from nazh.presentation.stats_text import (
    die_line,
    luck_line,
    natural_lines,
    plot_line,
    pool_line,
)

loader = lightbulb.Loader()

CHART_NAME = "stats.png"
SCOPES = ("me", "channel", "server")
PERIOD_NAMES = {Period.SESSION: "this session", Period.WEEK: "the last 7 days",
                Period.MONTH: "the last 30 days", Period.ALL: "all time"}


class StatsFeature:
    """Builds the report for the asker's scope and answers with an embed and a chart."""

    def __init__(self, stats: DiceStats, chart: Callable[[DieFairness, str], bytes],
                 wrapper: InteractionWrapper) -> None:
        self._stats = stats
        self._chart = chart
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the dice statistics and the chart."""
        return cls(deps.stats, deps.chart, deps.wrapper)

    async def stats(self, interaction: hikari.CommandInteraction, scope: str,
                    user: hikari.User | None, period: Period, public: bool) -> None:
        """``/stats [scope] [user] [period] [public]``."""
        answering = Answering("stats", "command", ephemeral=not public)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._answer(responder, interaction, scope, user, period, public)

    async def _answer(self, responder: Responder, interaction: hikari.CommandInteraction,
                      scope: str, user: hikari.User | None, period: Period,
                      public: bool) -> None:
        asked, whose = scope_of(interaction, scope, user, public)
        report = await self._stats.report(asked, period)
        embed = stats_embed(report, whose)
        die = report.die("d20") or max(report.dice, key=lambda d: d.rolled, default=None)
        if die is not None and die.rolled:
            title = f"{die.die} faces, {whose}: {report.words(die.test)}"
            chart = await asyncio.to_thread(self._chart, die, title)
            embed.set_image(hikari.Bytes(chart, CHART_NAME, mimetype="image/png"))
        await responder.message(embed=embed, ephemeral=not public)


def scope_of(interaction: hikari.CommandInteraction, scope: str, user: hikari.User | None,
             public: bool) -> tuple[StatsScope, str]:
    """Which rolls, and their name (private ones only in the asker's own stats, unless shared)."""
    guild = interaction.guild_id or 0
    own = (PUBLIC, PRIVATE) if private_counted(own=True, published=public) else (PUBLIC,)
    if user is not None and user.id != interaction.user.id:
        return StatsScope(guild, user_id=user.id), f"{user.username}'s rolls"
    if scope == "channel":
        return StatsScope(guild, channel_id=interaction.channel_id), "this channel"
    if scope == "server" and interaction.guild_id is not None:
        return StatsScope(guild), "this server"
    return StatsScope(guild, user_id=interaction.user.id, visibilities=own), "your rolls"


def stats_embed(report: StatsReport, whose: str) -> hikari.Embed:
    """The report: rolls, the d20 against uniform, naturals, plot die, top pool, luck, others."""
    title = f"📊 Dice stats: {whose}, {PERIOD_NAMES[report.period]}"
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE),
                         color=GOLD if report.failing else BLURPLE)
    if not report.rolls:
        embed.description = "No rolls counted yet."
        return embed
    d20 = report.die("d20")
    lines = [f"**{report.rolls:,}** roll(s) counted."]
    if d20 is not None:
        lines.append(die_line(report, d20))
        lines += natural_lines(report)
    lines += [line for line in (plot_line(report), pool_line(report)) if line]
    embed.description = clip("\n".join(lines), DiscordLimits.EMBED_DESCRIPTION)
    if report.luckiest:
        embed.add_field("🍀 Luckiest", clip("\n".join(luck_line(luck) for luck in
                                                      report.luckiest),
                                            DiscordLimits.EMBED_FIELD_VALUE))
        embed.add_field("🌧️ Unluckiest", clip("\n".join(luck_line(luck) for luck in
                                                        report.unluckiest),
                                              DiscordLimits.EMBED_FIELD_VALUE))
    others = [die_line(report, die) for die in report.dice if die.die != "d20"]
    if others:
        embed.add_field("Other dice", clip("\n".join(others), DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer(f"Pearson's chi-square against fair dice, {report.family_alpha:.3g} "
                     "significance per die size · luck: percentile of the first pool's total")
    return embed


@loader.command
class Stats(lightbulb.SlashCommand, name="stats",
            description="Are the dice fair? Your (or the table's) rolls against the exact odds",
            **EVERYWHERE, localize=True):
    """``/stats [scope] [user] [period] [public]``."""

    scope = lightbulb.string("scope", "Whose rolls: yours (default), this channel's or the "
                             "server's", choices=[lightbulb.Choice(s, s, localize=True)
                                                  for s in SCOPES],
                             default="me", localize=True)
    user = lightbulb.user("user", "Another player's public rolls", default=None, localize=True)
    period = lightbulb.string("period", "Since the session began (a 6-hour break), 7 or 30 "
                              "days, or all (default)",
                              choices=[lightbulb.Choice(p.value, p.value, localize=True)
                                       for p in Period],
                              default="all", localize=True)
    public = lightbulb.boolean("public", "Show everyone (your private rolls left out)",
                               default=False, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: StatsFeature) -> None:
        """Show the stats."""
        await feature.stats(ctx.interaction, one_of("scope", self.scope, SCOPES), self.user,
                            chosen("period", self.period, Period), self.public)
