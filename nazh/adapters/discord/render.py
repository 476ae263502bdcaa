"""Discord rendering: embeds, buttons, modals and error replies, within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import hikari

from nazh.adapters.discord.custom_ids import RollAction, builder_control, roll_control
from nazh.application.builder import DIE_CHOICES, BuilderAction, BuilderState
from nazh.application.errors import NotYourRollError, RollNotFoundError
from nazh.application.presentation import (
    dc_line,
    legend,
    plot_face_label,
    result_rows,
)
from nazh.application.table import RollRecord
from nazh.domain import limits
from nazh.domain.errors import LimitError, NazhError, NotationError, printable
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode

InteractiveStyle = Literal[
    hikari.ButtonStyle.PRIMARY, hikari.ButtonStyle.SECONDARY,
    hikari.ButtonStyle.SUCCESS, hikari.ButtonStyle.DANGER,
]
GOLD = hikari.Color(0xF1C40F)
BLURPLE = hikari.Color(0x5865F2)
GREEN = hikari.Color(0x2ECC71)
RED = hikari.Color(0xE74C3C)
GREY = hikari.Color(0x95A5A6)

EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FOOTER_LIMIT = 2048
EMBED_AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
BUTTON_LABEL_LIMIT = 80
CONTENT_LIMIT = 2000
MODAL_TITLE = "Copy or edit this roll"
MODAL_INPUT_ID = "pool"
ELLIPSIS = "…"
MARKDOWN_SPECIALS = "\\*_~`|[]"


class DiscordMarkup:
    """Discord markdown: ``**bold**`` and ``*italic*``."""

    def strong(self, text: str) -> str:
        """Bold."""
        return f"**{text}**"

    def emphasis(self, text: str) -> str:
        """Italic."""
        return f"*{text}*"


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


def escape(text: str) -> str:
    """``text`` with Discord markdown (inline marks, masked links) escaped."""
    for char in MARKDOWN_SPECIALS:
        text = text.replace(char, "\\" + char)
    return text  # mentions are harmless: every message is sent with allowed_mentions none


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


# -- the result ------------------------------------------------------------------------------


def roll_embed(record: RollRecord, author: Author) -> hikari.Embed:
    """The result message: one row per pool, Total | Pool | Rolls, marks, DC, legend."""
    result = record.result
    title = "🎲 " + (escape(record.label) if record.label else "Roll")
    embed = hikari.Embed(title=clip(title, EMBED_TITLE_LIMIT), color=_color(result))
    embed.set_author(name=clip(author.name, EMBED_AUTHOR_LIMIT), icon=author.avatar_url)
    embed.description = fit_lines(result_lines(result), EMBED_DESCRIPTION_LIMIT)
    footer = " · ".join([*legend(result), f"roll {record.roll_id}"])
    embed.set_footer(clip(footer, EMBED_FOOTER_LIMIT))
    return embed


def result_lines(result: RollResult) -> list[str]:
    """The description's lines: the rows, the pending choice, the DC verdict."""
    markup = DiscordMarkup()
    lines = [f"{row.total} | `{row.pool}` | {row.rolls}" for row in result_rows(result, markup)]
    if result.pending and result.plot is not None:
        chooser = "the roller" if result.plot.mode is DieMode.ADVANTAGE else "the GM"
        lines.append(f"**Plot die:** {chooser} keeps one face:")
        lines += [f"• {option_label(option)}" for option in result.plot_options()]
    verdict = dc_line(result)
    if verdict:
        lines.append(f"**{verdict}**")
    return lines


def option_label(option: RollResult) -> str:
    """``Keep 2 (!!(T) +4): 27, 9``: a face and the totals it gives."""
    face = option.plot.face if option.plot and option.plot.face else 0
    totals = ", ".join(str(pool.total) for pool in option.pools)
    label = f"Keep {face} ({plot_face_label(face)})"
    return f"{label}: {totals}" if totals else label


def fit_lines(lines: list[str], limit: int) -> str:
    """Join lines, cutting whole lines (and marking it) so the text fits ``limit``."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    budget = limit - len(ELLIPSIS) - 1
    for line in lines:
        shown = line if len(line) <= budget else clip(line, budget)
        if len("\n".join([*kept, shown])) > budget:
            break
        kept.append(shown)
    return "\n".join([*kept, ELLIPSIS])


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
                label=clip(option_label(option), BUTTON_LABEL_LIMIT),
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


def error_message(error: NazhError, notation: str | None = None) -> str:
    """A friendly, specific error: what is wrong, where (with a caret) and how to fix it."""
    lines = [f"**{_heading(error)}** {escape(printable(error.summary))}"]
    if notation and error.column is not None and len(notation) <= limits.MAX_INPUT_LENGTH:
        shown = printable(notation).replace("`", "'")
        caret = len(printable(notation[: error.column - 1]))
        lines += ["```", shown, " " * caret + "^", "```"]
    elif error.column is not None:
        lines.append(f"At column {error.column}.")
    if error.hint:
        lines.append(f"Hint: {escape(error.hint)}")
    return clip("\n".join(lines), CONTENT_LIMIT)


def _heading(error: NazhError) -> str:
    if isinstance(error, NotYourRollError):
        return "Not yours."
    if isinstance(error, RollNotFoundError):
        return "Roll expired."
    if isinstance(error, NotationError | LimitError):
        return "Can't roll that."
    return "Can't do that."


APOLOGY = "Sorry, something went wrong on my side while rolling. Please try again."
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
