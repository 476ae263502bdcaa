"""``/stats``: are the dice fair, and how is my luck? Aggregates tested against the exact odds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.choices import chosen, one_of
from nazh.adapters.discord.runtime.controls import (
    PREFIX,
    Codec,
    base36,
    id_of,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE, GOLD
from nazh.adapters.discord.runtime.members import member_of
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
from nazh.domain.errors import NazhError
from nazh.presentation.chat import DiscordLimits, clip, shown
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.stats_text import (
    plain_die_line,
    plain_luck_line,
    plain_natural_line,
    plain_plot_line,
    pool_line,
)

loader = lightbulb.Loader()

CHART_NAME = "stats.png"
SCOPES = ("me", "channel", "server")
PERIOD_NAMES = {Period.SESSION: N_("this session"), Period.WEEK: N_("the last 7 days"),
                Period.MONTH: N_("the last 30 days"), Period.ALL: N_("all time")}
DETAILS_KIND = "sd"
ROLLERS_DETAILS = "only the roller sees the details of their private rolls"
MAX_NAME_SHOWN = 32
"""How much of a member's name a title shows."""


@dataclass(frozen=True, slots=True)
class StatsDetails:
    """The Details button of a /stats answer: whose rolls (a roller, a channel, the server)."""

    period: Period
    user_id: int | None = None
    channel_id: int | None = None
    private: bool = False  # the roller's private rolls too (only on their own answer)


def details_control(scope: StatsScope, period: Period) -> str:
    """``nz1:sd:<period>:<u|c|s><id>[p]``."""
    if scope.user_id is not None:
        whose = f"u{base36(scope.user_id)}" + ("p" if len(scope.visibilities) > 1 else "")
    elif scope.channel_id is not None:
        whose = f"c{base36(scope.channel_id)}"
    else:
        whose = "s"
    return f"{PREFIX}:{DETAILS_KIND}:{period.value}:{whose}"


def _decode(parts: list[str]) -> StatsDetails | None:
    if len(parts) != 4 or parts[2] not in {p.value for p in Period}:
        return None
    period, whose = Period(parts[2]), parts[3]
    if whose == "s":
        return StatsDetails(period)
    private = whose.endswith("p") and whose[0] == "u"
    number = whose[1:-1] if private else whose[1:]
    value = id_of(number)
    if whose[0] not in "uc" or value is None:
        return None
    if whose[0] == "u":
        return StatsDetails(period, user_id=value, private=private)
    return StatsDetails(period, channel_id=value)


CODEC = Codec(frozenset({DETAILS_KIND}), _decode)
"""The Details button of a /stats answer."""


class StatsFeature:
    """Builds the report for the asker's scope and answers with an embed and a chart."""

    def __init__(self, stats: DiceStats, chart: Callable[[DieFairness, str, str], bytes],
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
            title = _("{die}: how often each face came up").format(die=die.die)
            caption = _("face · red line: a fair die's {fair}%")
            chart = await asyncio.to_thread(self._chart, die, title, caption)
            embed.set_image(hikari.Bytes(chart, CHART_NAME, mimetype="image/png"))
        await responder.message(embed=embed, ephemeral=not public,
                                components=details_components(asked, period) if report.rolls
                                else ())

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: StatsDetails) -> None:
        """Details: the rest of the report, to the presser alone."""
        answering = Answering("component:stats-details", "component", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            if control.private and control.user_id != interaction.user.id:
                raise NazhError(ROLLERS_DETAILS)
            visibilities = (PUBLIC, PRIVATE) if control.private else (PUBLIC,)
            # the server as Nazh reaches it: where it is only user-installed, none (0)
            scope = StatsScope(member_of(interaction).guild_id or 0,
                               channel_id=control.channel_id,
                               user_id=control.user_id, visibilities=visibilities,
                               ).reached_by(interaction.user.id, interaction.channel_id)
            report = await self._stats.report(scope, control.period)
            await responder.message(embed=details_embed(report), ephemeral=True)


def details_components(scope: StatsScope, period: Period) -> list[hikari.api.ComponentBuilder]:
    """The Details button (it answers whoever presses it, privately)."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, details_control(scope, period),
                               label=_("Details"), emoji="🔎")
    return [row]


def scope_of(interaction: hikari.CommandInteraction, scope: str, user: hikari.User | None,
             public: bool) -> tuple[StatsScope, str]:
    """Which rolls, and their name (private ones only in the asker's own stats, unless shared)."""
    # the server as Nazh reaches it: where it is only user-installed, its rolls are out of reach
    server = member_of(interaction).guild_id
    guild = server or 0
    own = (PUBLIC, PRIVATE) if private_counted(own=True, published=public) else (PUBLIC,)
    if user is not None and user.id != interaction.user.id:
        asked = StatsScope(guild, user_id=user.id).reached_by(interaction.user.id,
                                                              interaction.channel_id)
        name = shown(user.username, MAX_NAME_SHOWN)
        if asked.channel_id is not None:
            return asked, _("{name}'s rolls in this channel").format(name=name)
        return asked, _("{name}'s rolls").format(name=name)
    if scope == "channel":
        return StatsScope(guild, channel_id=interaction.channel_id), _("this channel")
    if scope == "server" and server is not None:
        return StatsScope(guild), _("this server")
    return StatsScope(guild, user_id=interaction.user.id, visibilities=own), _("your rolls")


def stats_embed(report: StatsReport, whose: str) -> hikari.Embed:
    """The short report: rolls counted, the d20 in plain words, its naturals (Details: more)."""
    title = "📊 " + _("Dice stats: {whose}, {period}").format(
        whose=whose, period=_(PERIOD_NAMES[report.period]))
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE),
                         color=GOLD if report.failing else BLURPLE)
    if not report.rolls:
        embed.description = _("No rolls counted yet.")
        return embed
    lines = [ngettext("**{n} roll** counted.", "**{n} rolls** counted.", report.rolls).format(
        n=f"{report.rolls:,}")]
    d20 = report.die("d20")
    if d20 is not None:
        lines += [plain_die_line(report, d20)]
        lines += [line for line in (plain_natural_line(report),) if line]
    if report.failing:
        lines.append("⚠️ " + _("{dice}: the dice do not look fair").format(
            dice=", ".join(report.failing)))
    embed.description = clip("\n".join(lines), DiscordLimits.EMBED_DESCRIPTION)
    embed.set_footer(_("Against the exact odds of fair dice · Details: luck and the other "
                       "dice"))
    return embed


def details_embed(report: StatsReport) -> hikari.Embed:
    """The rest: the luckiest and unluckiest rolls by roller, the other dice, plot die, pool."""
    embed = hikari.Embed(title="🔎 " + _("Dice stats: details"), color=BLURPLE)
    lines = [plain_die_line(report, die) for die in report.dice if die.die != "d20"]
    lines += [line for line in (plain_plot_line(report), pool_line(report)) if line]
    embed.description = clip("\n".join(lines) or _("No other dice rolled."),
                             DiscordLimits.EMBED_DESCRIPTION)
    if report.luckiest:
        embed.add_field("🍀 " + _("Luckiest"), clip("\n".join(plain_luck_line(luck) for luck in
                                                      report.luckiest),
                                            DiscordLimits.EMBED_FIELD_VALUE))
        embed.add_field("🌧️ " + _("Unluckiest"), clip("\n".join(plain_luck_line(luck) for luck in
                                                        report.unluckiest),
                                              DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer(_("Luck: how a roll's total compares with every total its dice could "
                       "make"))
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
