"""The roll result message, shared by /roll, the Copy form and the builder: an embed with one
row per pool and the buttons that amend or copy the roll."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.custom_ids import RollAction, roll_control
from nazh.adapters.discord.embeds import BLURPLE, GOLD, GREEN, RED, Author
from nazh.adapters.discord.responder import Responder
from nazh.application.server_settings import Visibility
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
    """Answer with the result and its buttons; a secret roll with its public line (the
    commitment, Show me and Reveal) and, to the roller alone, the result (``gm``) or word that
    only the GMs see it (``blind``)."""
    author = Author.of(interaction)
    if record.secret is None or record.secret.revealed:
        await responder.message(embed=roll_embed(record, author),
                                components=roll_components(record),
                                ephemeral=ephemeral or record.private)
        return
    await responder.message(embed=secret_embed(record, author),
                            components=secret_components(record))
    if record.secret.visibility is Visibility.GM:
        await responder.message("Your secret roll (you and the GMs see it):",
                                embed=roll_embed(record, author), ephemeral=True)
    else:
        await responder.message(
            f"Your blind roll is made: only the GMs see its result. Its commitment is "
            f"`{record.secret.shown}`; when it is revealed, /verify {record.roll_id} shows it "
            "matches.", ephemeral=True)


def secret_embed(record: RollRecord, author: Author) -> hikari.Embed:
    """The public line of a secret roll: who rolled, and the commitment."""
    assert record.secret is not None
    kind = "secret" if record.secret.visibility is Visibility.GM else "blind"
    title = "🕶️ " + (escape(record.label) if record.label else f"A {kind} roll")
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE), color=BLURPLE)
    embed.set_author(name=clip(author.name, DiscordLimits.EMBED_AUTHOR), icon=author.avatar_url)
    who = "the roller and the GMs see" if kind == "secret" else "only the GMs see"
    embed.description = (f"<@{record.roller.user_id}> made a {kind} roll: {who} the result "
                         f"until it is revealed.\nCommitment `{record.secret.shown}`")
    embed.set_footer(f"roll {record.roll_id} · /verify checks the commitment once revealed")
    return embed


def secret_components(record: RollRecord) -> list[hikari.api.ComponentBuilder]:
    """Show me (the result, ephemeral, to whoever may see it) and Reveal."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               roll_control(RollAction.SHOW, record.roll_id),
                               label="Show me", emoji="👁️")
    row.add_interactive_button(hikari.ButtonStyle.PRIMARY,
                               roll_control(RollAction.REVEAL, record.roll_id),
                               label="Reveal", emoji="🔓")
    return [row]


def roll_embed(record: RollRecord, author: Author) -> hikari.Embed:
    """The result message: one row per pool, Total | Pool | Rolls, marks, DC, legend."""
    result = record.result
    title = "🎲 " + (escape(record.label) if record.label else "Roll")
    embed = hikari.Embed(title=clip(title, DiscordLimits.EMBED_TITLE), color=_color(result))
    embed.set_author(name=clip(author.name, DiscordLimits.EMBED_AUTHOR), icon=author.avatar_url)
    lines = result_lines(result)
    if record.secret is not None and record.secret.revealed:
        lines = [*lines, f"🔓 revealed by <@{record.secret.revealed_by}> · commitment "
                         f"`{record.secret.shown}`"]
    embed.description = fit_lines(lines, DiscordLimits.EMBED_DESCRIPTION)
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
