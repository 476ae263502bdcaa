"""``/odds``: the exact odds of a roll with a chart; with ``defense`` and ``damage``, attacks'."""

from __future__ import annotations

from dataclasses import replace
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.choices import (
    chosen,
    complication_option,
    opportunity_option,
    ranges_of,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE, GOLD
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.odds.use_cases import ShowOdds
from nazh.domain import limits
from nazh.domain.attack import MIN_DEFENSE
from nazh.domain.attack_odds import AttackOdds, AttackTerms, DamageOdds, attack_terms
from nazh.domain.encounter.combatant import MAX_DEFLECT, MAX_HEALTH
from nazh.domain.encounter.damage import DamageType
from nazh.domain.odds import RollOdds
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE, Ranges, ranges_for
from nazh.domain.target_odds import MIN_HEALTH, NO_TARGET, Target
from nazh.presentation.chat import DiscordLimits, clip, pool_line
from nazh.presentation.i18n import _
from nazh.presentation.odds_text import (
    chart_words,
    fraction_percent,
    shown_notes,
    shown_target,
    shown_target_notes,
)

loader = lightbulb.Loader()

CHART_NAME = "odds.png"


class OddsFeature:
    """Computes the odds and their chart (off the event loop) and answers."""

    def __init__(self, show_odds: ShowOdds, wrapper: InteractionWrapper) -> None:
        self._show_odds = show_odds
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the odds use case."""
        return cls(deps.show_odds, deps.wrapper)

    async def odds(self, interaction: hikari.CommandInteraction,  # noqa: PLR0913 - /odds's options
                   pool: str, add_plot: bool, dc: int | None, defense: int | None = None,
                   damage: str | None = None, target: Target = NO_TARGET,
                   faces: tuple[int, int] = (HIGHEST_FACE, LOWEST_FACE)) -> None:
        """``/odds pool [add_plot] [dc] [opportunity] [complication] [defense damage [deflect]
        [pierce] [type] [health]]`` (``faces``: the Opportunity and Complication ranges)."""
        answering = Answering("odds", "command", notation=pool)
        async with self._wrapper.answering(interaction, answering) as responder:
            ranges = ranges_for(*faces)  # checked as /roll checks them
            terms = attack_terms(defense, damage, dc, target)
            if terms is None:
                await self._odds(responder, interaction, pool, add_plot, dc, ranges)
            else:
                await self._attack(responder, interaction, pool, add_plot,
                                   replace(terms, ranges=ranges))

    async def _odds(self, responder: Responder,
                    interaction: hikari.CommandInteraction, pool: str, add_plot: bool,
                    dc: int | None, ranges: Ranges) -> None:
        answer = await self._show_odds(pool, interaction.user.id, add_plot=add_plot, dc=dc,
                                       channel_id=interaction.channel_id,
                                       guild_id=member_of(interaction).guild_id, ranges=ranges,
                                       words=chart_words())
        embed = odds_embed(answer.odds)
        embed.set_image(hikari.Bytes(answer.chart, CHART_NAME, mimetype="image/png"))
        await responder.message(embed=embed)

    async def _attack(self, responder: Responder, interaction: hikari.CommandInteraction,
                      pool: str, add_plot: bool, terms: AttackTerms) -> None:
        answer = await self._show_odds.attack(pool, interaction.user.id, terms,
                                              add_plot=add_plot,
                                              channel_id=interaction.channel_id,
                                              guild_id=member_of(interaction).guild_id,
                                              words=chart_words())
        assert answer.attack is not None  # the worker answers an attack with its odds
        embed = attack_embed(answer.attack)
        embed.set_image(hikari.Bytes(answer.chart, CHART_NAME, mimetype="image/png"))
        await responder.message(embed=embed)


def odds_embed(odds: RollOdds) -> hikari.Embed:
    """Per pool: mean, range, P(total >= DC); the roll's P(Opportunity) and P(Complication)."""
    title = "🎯 " + (_("Odds of {notation} vs DC {dc}") if odds.dc else _("Odds of {notation}")
                     ).format(notation=odds.spec.notation, dc=odds.dc)
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE),
                         color=GOLD if odds.spec.plot else BLURPLE)
    story = _("At least one Opportunity: {opportunity}; at least one Complication: "
              "{complication}.").format(opportunity=fraction_percent(odds.p_opportunity),
                                        complication=fraction_percent(odds.p_complication))
    lines = [story] + [f"*{note}*" for note in shown_notes(odds)]
    embed.description = clip("\n".join(lines), DiscordLimits.EMBED_DESCRIPTION)
    for pool in odds.pools[:DiscordLimits.EMBED_FIELDS]:
        name = pool.spec.notation + (" " + _("(+ plot die)") if pool.plot_bonus else "")
        embed.add_field(clip(name, DiscordLimits.EMBED_FIELD_NAME),
                        clip(pool_line(odds, pool), DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer(_("Exact probabilities, rounded · the chart shows each pool's totals"))
    return embed


def attack_embed(attack: AttackOdds) -> hikari.Embed:
    """P(hit), P(hit with an Opportunity), expected damage; totals, damage of hit, graze, crit."""
    spec, test = attack.spec, attack.test
    title = "🎯 " + _("Attack odds of {notation} vs defense {defense}").format(
        notation=spec.test.notation, defense=spec.defense)
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE),
                         color=GOLD if spec.test.plot else BLURPLE)
    lines = [_("Hit **{hit}** · with an Opportunity (critical possible) **{critical}** · miss "
               "{miss}").format(hit=fraction_percent(attack.p_hit),
                                critical=fraction_percent(attack.p_critical),
                                miss=fraction_percent(attack.p_miss)),
             _("Expected damage **{damage}** per attack (each hit with an Opportunity made "
               "critical), **{grazing}** grazing every miss").format(
                 damage=f"{float(attack.expected_damage):.2f}",
                 grazing=f"{float(attack.expected_damage_grazing):.2f}")]
    lines += target_lines(attack)
    lines += [f"*{note}*" for note in shown_notes(test)]
    embed.description = clip("\n".join(lines), DiscordLimits.EMBED_DESCRIPTION)
    pool = test.pools[0]
    modifier = _("the test's modifier") if spec.modifier_from_test else _("its own modifier")
    fields = [
        (_("Test {notation}").format(notation=pool.spec.notation)
         + (" " + _("(+ plot die)") if pool.plot_bonus else ""), pool_line(test, pool)),
        (_("Hit: {notation} ({modifier})").format(notation=spec.damage.notation,
                                                   modifier=modifier),
         damage_line(attack.hit)),
        (_("Graze: {dice} (the dice alone)").format(
            dice=f"{spec.damage.count}d{spec.damage.sides}"), damage_line(attack.graze)),
        (_("Critical hit: every damage die at its maximum"), damage_line(attack.critical)),
    ]
    for name, value in fields:
        embed.add_field(clip(name, DiscordLimits.EMBED_FIELD_NAME),
                        clip(value, DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer(_("Exact probabilities, rounded · the chart shows the test's totals, "
                       "hits marked"))
    return embed


def target_lines(attack: AttackOdds) -> list[str]:
    """Against a target: the damage after deflect, the chance to drop it, why deflect takes all."""
    against = attack.against
    target = against.target
    if not target.given:
        return []
    lines = [_("Against {target}: expected damage **{damage}** per attack after deflect, "
               "**{grazing}** grazing every miss").format(
                   target=shown_target(target), damage=f"{float(against.expected_damage):.2f}",
                   grazing=f"{float(against.expected_damage_grazing):.2f}")]
    if against.chance_to_drop is not None and against.chance_to_drop_grazing is not None:
        lines.append(_("Drops it ({health} health to 0) in one attack: **{chance}**, "
                       "**{grazing}** grazing every miss").format(
                           health=target.health,
                           chance=fraction_percent(against.chance_to_drop),
                           grazing=fraction_percent(against.chance_to_drop_grazing)))
    return lines + [f"*{note}*" for note in shown_target_notes(target)]


def damage_line(damage: DamageOdds) -> str:
    """``mean **8.50** · range 6–11`` (``always **11**`` for a single value)."""
    if damage.minimum == damage.maximum:
        return _("always **{value}**").format(value=damage.minimum)
    return (_("mean **{mean}**").format(mean=f"{float(damage.mean):.2f}") + " · "
            + _("range {low}–{high}").format(low=damage.minimum, high=damage.maximum))


@loader.command
class Odds(lightbulb.SlashCommand, name="odds",
           description="Exact odds of a roll (every total, P(total ≥ DC)) or of an attack, "
                       "with a chart",
           **EVERYWHERE, localize=True):
    """``/odds pool:a1d20+5 dc:15``, or an attack: ``defense:15 damage:2d6 deflect:2 health:12``."""

    pool = lightbulb.string("pool", "Pools separated by commas, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH, localize=True)
    add_plot = lightbulb.boolean("add_plot", "Include the plot die", default=False, localize=True)
    dc = lightbulb.integer("dc", "Difficulty class", default=None, min_value=limits.MIN_DC,
                           max_value=limits.MAX_DC, localize=True)
    opportunity = opportunity_option()
    complication = complication_option()
    defense = lightbulb.integer("defense", "An attack: the target's defense (with damage; the "
                                "pool is the test, one d20)", default=None,
                                min_value=MIN_DEFENSE, max_value=limits.MAX_DC, localize=True)
    damage = lightbulb.string("damage", "An attack: the damage dice, e.g. 2d6 (the test's "
                              "modifier added) or 2d6+3", default=None, min_length=1,
                              max_length=limits.MAX_INPUT_LENGTH, localize=True)
    deflect = lightbulb.integer("deflect", "An attack: the target's deflect, taken off each "
                                "hit's damage (energy, impact, keen)", default=None,
                                min_value=0, max_value=MAX_DEFLECT, localize=True)
    pierce = lightbulb.boolean("pierce", "An attack: the weapon has Pierce (ignores deflect)",
                               default=False, localize=True)
    type = lightbulb.string("type", "An attack: the damage's type (spirit and vital ignore "
                            "deflect)", default=None,
                            choices=[lightbulb.Choice(kind.value, kind.value, localize=True)
                                     for kind in DamageType], localize=True)
    health = lightbulb.integer("health", "An attack: the target's health, for the chance to "
                               "drop it in one attack", default=None, min_value=MIN_HEALTH,
                               max_value=MAX_HEALTH, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: OddsFeature) -> None:
        """Show the odds."""
        kind = None if self.type is None else chosen("type", self.type, DamageType)
        target = Target(self.deflect, self.pierce, kind, self.health)
        await feature.odds(ctx.interaction, self.pool, self.add_plot, self.dc, self.defense,
                           self.damage, target, ranges_of(self.opportunity, self.complication))
