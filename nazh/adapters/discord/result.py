"""The roll result message, shared by /roll, the Copy form and the builder: an embed with one
row per pool and the buttons that amend or copy the roll."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.custom_ids import RollAction, roll_control
from nazh.adapters.discord.embeds import BLURPLE, GOLD, GREEN, RED, Author
from nazh.adapters.discord.responder import Responder
from nazh.application.table import Roller, RollRecord
from nazh.domain import limits
from nazh.domain.results import RollResult
from nazh.presentation.chat import (
    DiscordLimits,
    clip,
    escape,
    fit_lines,
    option_label,
    result_lines,
)
from nazh.presentation.rows import legend


def roller_of(interaction: hikari.PartialInteraction) -> Roller:
    """Who is rolling, and where."""
    return Roller(interaction.user.id, interaction.channel.id, interaction.guild_id)


async def post(responder: Responder, interaction: hikari.PartialInteraction, record: RollRecord,
               *, ephemeral: bool) -> None:
    """Answer with the result and its buttons."""
    await responder.message(embed=roll_embed(record, Author.of(interaction)),
                            components=roll_components(record), ephemeral=ephemeral)


def roll_embed(record: RollRecord, author: Author) -> hikari.Embed:
    """The result message: one row per pool, Total | Pool | Rolls, marks, DC, legend."""
    result = record.result
    title = "🎲 " + (escape(record.label) if record.label else "Roll")
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE), color=_color(result))
    embed.set_author(name=clip(author.name, DiscordLimits.EMBED_AUTHOR), icon=author.avatar_url)
    embed.description = fit_lines(result_lines(result), DiscordLimits.EMBED_DESCRIPTION)
    footer = " · ".join([*legend(result), f"roll {record.roll_id}"])
    embed.set_footer(clip(footer, DiscordLimits.EMBED_FOOTER))
    return embed


def _color(result: RollResult) -> hikari.Color:
    if result.plot_bonus:
        return GOLD
    verdicts = [pool.success for pool in result.pools if pool.success is not None]
    if verdicts and not result.pending:
        return GREEN if all(verdicts) else RED
    return BLURPLE


def roll_components(record: RollRecord) -> list[hikari.api.ComponentBuilder]:
    """Keep-face buttons while the plot die is pending; Add Plot Die (when there is none and
    there is room for it) and Copy Command."""
    row = hikari.impl.MessageActionRowBuilder()
    result = record.result
    if result.pending:
        for index, option in enumerate(result.plot_options()):
            row.add_interactive_button(
                hikari.ButtonStyle.PRIMARY,
                roll_control(RollAction.KEEP_FACE, record.roll_id, index),
                label=clip(option_label(option), DiscordLimits.BUTTON_LABEL),
            )
    if result.plot is None and result.spec.pool_count < limits.MAX_POOLS:
        row.add_interactive_button(
            hikari.ButtonStyle.SECONDARY, roll_control(RollAction.ADD_PLOT, record.roll_id),
            label="Add Plot Die", emoji="🎭",
        )
    row.add_interactive_button(
        hikari.ButtonStyle.SECONDARY, roll_control(RollAction.COPY, record.roll_id),
        label="Copy Command", emoji="📋",
    )
    return [row]
