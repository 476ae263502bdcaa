"""Discord rendering: embeds, buttons, modals and error replies, within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import hikari

from nazh.adapters.discord.custom_ids import RollAction, builder_control, roll_control
from nazh.application.builder import DIE_CHOICES, BuilderAction, BuilderState
from nazh.application.table import RollRecord
from nazh.domain import limits
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.presentation.chat import (
    DiscordLimits,
    clip,
    escape,
    fit_lines,
    option_label,
    result_lines,
)
from nazh.presentation.rows import (
    legend,
)

InteractiveStyle = Literal[
    hikari.ButtonStyle.PRIMARY, hikari.ButtonStyle.SECONDARY,
    hikari.ButtonStyle.SUCCESS, hikari.ButtonStyle.DANGER,
]
GOLD = hikari.Color(0xF1C40F)
BLURPLE = hikari.Color(0x5865F2)
GREEN = hikari.Color(0x2ECC71)
RED = hikari.Color(0xE74C3C)
GREY = hikari.Color(0x95A5A6)

MODAL_TITLE = "Copy or edit this roll"
MODAL_INPUT_ID = "pool"
ELLIPSIS = "…"
MARKDOWN_SPECIALS = "\\*_~`|[]"


@dataclass(frozen=True, slots=True)
class Author:
    """Who the result is shown as: display name and avatar."""

    name: str
    avatar_url: str | None = None

    @classmethod
    def of(cls, interaction: hikari.PartialInteraction) -> Author:
        """The user of an interaction, as the guild shows them."""
        member = getattr(interaction, "member", None)
        user: hikari.User = member if member is not None else interaction.user
        return cls(user.display_name or user.username, str(user.display_avatar_url))


# -- the result ------------------------------------------------------------------------------


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


def copy_modal(record: RollRecord) -> tuple[str, str, list[hikari.api.ComponentBuilder]]:
    """Title, custom id and the text input (prefilled with the roll) of the Copy modal."""
    row = hikari.impl.ModalActionRowBuilder()
    row.add_text_input(
        MODAL_INPUT_ID, "Pools (submit to roll them publicly)",
        value=record.notation, required=True, min_length=1,
        max_length=limits.MAX_INPUT_LENGTH,
        placeholder="a1d20+5, 2d6+3, p",
    )
    return MODAL_TITLE, roll_control(RollAction.MODAL, record.roll_id), [row]


# -- errors ----------------------------------------------------------------------------------


REFUSAL_BUSY = "Nazh is restarting; please try again in a few seconds."


# -- the builder -----------------------------------------------------------------------------


def builder_embed(state: BuilderState) -> hikari.Embed:
    """The builder's view: the staged roll, always visible."""
    embed = hikari.Embed(title="🛠️ Roll builder", color=BLURPLE)
    lines = [f"**Staged:** `{state.notation}`", ""]
    lines += [f"Pool {i}: `{pool.notation}`" for i, pool in enumerate(state.pools, start=1)]
    if state.plot is not None:
        lines.append(f"Plot die: `{state.plot.tag}p`")
    lines += ["", f"The controls edit pool {len(state.pools)}. Up to {limits.MAX_POOLS} pools, "
                  "the plot die included."]
    embed.description = "\n".join(lines)
    return embed


def builder_components(owner_id: int, state: BuilderState) -> list[hikari.api.ComponentBuilder]:
    """Die select; dice and modifier steps; advantage, disadvantage, plot die; pools; roll."""

    def cid(action: BuilderAction | None) -> str:
        return builder_control(action, owner_id, state)

    def button(row: hikari.impl.MessageActionRowBuilder, action: BuilderAction | None,
               label: str, style: InteractiveStyle = hikari.ButtonStyle.SECONDARY) -> None:
        disabled = action is not None and not state.can(action)
        row.add_interactive_button(style, cid(action), label=label, is_disabled=disabled)

    select_row = hikari.impl.MessageActionRowBuilder()
    menu = select_row.add_text_menu(cid(BuilderAction.SET_DIE),
                                    placeholder=f"Die of pool {len(state.pools)}: "
                                                f"d{state.current.sides}")
    for sides in DIE_CHOICES:
        menu.add_option(f"d{sides}", str(sides), is_default=sides == state.current.sides)
    steps = hikari.impl.MessageActionRowBuilder()
    button(steps, BuilderAction.DICE_MINUS, "Dice −")
    button(steps, BuilderAction.DICE_PLUS, "Dice +")
    button(steps, BuilderAction.MOD_MINUS, "Mod −")
    button(steps, BuilderAction.MOD_PLUS, "Mod +")
    modes = hikari.impl.MessageActionRowBuilder()
    on: InteractiveStyle = hikari.ButtonStyle.SUCCESS
    off: InteractiveStyle = hikari.ButtonStyle.SECONDARY
    button(modes, BuilderAction.ADVANTAGE, "Advantage",
           on if state.current.mode is DieMode.ADVANTAGE else off)
    button(modes, BuilderAction.DISADVANTAGE, "Disadvantage",
           on if state.current.mode is DieMode.DISADVANTAGE else off)
    plot_label = "Plot die: off" if state.plot is None else f"Plot die: {state.plot.tag}p"
    button(modes, BuilderAction.PLOT, plot_label, on if state.plot is not None else off)
    pools = hikari.impl.MessageActionRowBuilder()
    button(pools, BuilderAction.ADD_POOL, "Add pool")
    button(pools, BuilderAction.REMOVE_LAST, "Remove last")
    button(pools, BuilderAction.CLEAR, "Clear", hikari.ButtonStyle.DANGER)
    button(pools, None, "Roll Publicly", hikari.ButtonStyle.PRIMARY)
    return [select_row, steps, modes, pools]


def builder_sent_embed(state: BuilderState) -> hikari.Embed:
    """What the builder turns into once its roll was posted."""
    return hikari.Embed(title="✅ Roll sent", description=f"`{state.notation}`", color=GREY)
