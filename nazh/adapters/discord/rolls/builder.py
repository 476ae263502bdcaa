"""The roll builder (``/roll build:true``): a private message staging up to five pools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.rolls.posting import compact_format, compact_text
from nazh.adapters.discord.rolls.result import roll_components, roll_embed
from nazh.adapters.discord.runtime.controls import DIGITS, PREFIX, Codec, base36, id_of
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE, GREY, Author, InteractiveStyle
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.builder import (
    BUILDER_MAX_MODIFIER,
    DIE_CHOICES,
    BuilderAction,
    Builders,
    BuilderState,
    StagedPool,
)
from nazh.application.rolls.model import Rolled
from nazh.domain import limits
from nazh.domain.errors import RollStateError
from nazh.domain.spec import DieMode
from nazh.presentation.i18n import N_, ToReader, _

# -- custom ids ------------------------------------------------------------------------------


_MODES = {DieMode.NORMAL: "n", DieMode.ADVANTAGE: "a", DieMode.DISADVANTAGE: "d"}


_PLOTS = {None: "-", DieMode.NORMAL: "p", DieMode.ADVANTAGE: "a", DieMode.DISADVANTAGE: "d"}


_POOL_WIDTH = 5


# The whole state lives in the buttons' custom ids: it works after a restart, on any process.
@dataclass(frozen=True, slots=True)
class BuilderControl:
    """A decoded builder control: the action, the builder's owner and its state."""

    action: BuilderAction | None  # None: "roll publicly"
    owner_id: int
    state: BuilderState


ROLL_PUBLICLY = "go"


def builder_control(action: BuilderAction | None, owner_id: int, state: BuilderState) -> str:
    """The custom id of a builder control (``None``: the Roll Publicly button)."""
    name = ROLL_PUBLICLY if action is None else action.value
    return f"{PREFIX}:b:{name}:{base36(owner_id)}:{encode_state(state)}"


def encode_state(state: BuilderState) -> str:
    """E.g. ``p`` + ``1ka+05`` per pool: count, die, mode of the first die, modifier."""
    return _PLOTS[state.plot] + "".join(_encode_pool(pool) for pool in state.pools)


def decode_state(text: str) -> BuilderState | None:
    """The state encoded by :func:`encode_state`, or ``None`` if ``text`` is not one."""
    plots = {code: mode for mode, code in _PLOTS.items()}
    body = text[1:]
    if not text or text[0] not in plots or not body or len(body) % _POOL_WIDTH:
        return None
    pools = [_decode_pool(body[i:i + _POOL_WIDTH]) for i in range(0, len(body), _POOL_WIDTH)]
    if any(pool is None for pool in pools):
        return None
    state = BuilderState(tuple(p for p in pools if p is not None), plots[text[0]])
    return state if state.pool_count <= limits.MAX_POOLS else None


def _encode_pool(pool: StagedPool) -> str:
    offset = pool.modifier + BUILDER_MAX_MODIFIER
    return (DIGITS[pool.count] + str(DIE_CHOICES.index(pool.sides)) + _MODES[pool.mode]
            + DIGITS[offset // 36] + DIGITS[offset % 36])


def _decode_pool(text: str) -> StagedPool | None:
    modes = {code: mode for mode, code in _MODES.items()}
    count, die, mode, high, low = tuple(text)
    if any(c not in DIGITS for c in (count, high, low)) or mode not in modes:
        return None
    if die not in DIGITS[: len(DIE_CHOICES)]:
        return None
    modifier = DIGITS.index(high) * 36 + DIGITS.index(low) - BUILDER_MAX_MODIFIER
    number = DIGITS.index(count)
    if not limits.MIN_DICE <= number <= limits.MAX_DICE or abs(modifier) > BUILDER_MAX_MODIFIER:
        return None
    return StagedPool(number, DIE_CHOICES[int(die)], modifier, modes[mode])


def _decode_builder(parts: list[str]) -> BuilderControl | None:
    if len(parts) != 3:
        return None
    name, owner, encoded = parts
    actions = {action.value: action for action in BuilderAction}
    if name != ROLL_PUBLICLY and name not in actions:
        return None
    state = decode_state(encoded)
    owner_id = id_of(owner)
    if state is None or owner_id is None:
        return None
    return BuilderControl(actions.get(name), owner_id, state)


CODEC = Codec(frozenset({"b"}), lambda parts: _decode_builder(parts[2:]))
"""The builder's controls: ``nz1:b:<action>:<owner>:<state>``."""


class BuilderFeature:
    """Opens builders and handles their controls."""

    def __init__(self, builders: Builders, wrapper: InteractionWrapper,
                 table: RollActions) -> None:
        self._builders = builders
        self._wrapper = wrapper
        self._table = table

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the builder's use cases and the rolls' (the server's settings)."""
        return cls(deps.builders, deps.wrapper, deps.table)

    async def open(self, interaction: hikari.CommandInteraction, pool: str, *,
                   add_plot: bool) -> None:
        """Open a builder, prefilled with ``pool`` when it can be staged."""
        answering = Answering("roll", "command", ephemeral=True, notation=pool)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._open(responder, interaction, pool, add_plot)

    async def _open(self, responder: Responder, interaction: hikari.CommandInteraction,
                    pool: str, add_plot: bool) -> None:
        state = await self._builders.open(pool, interaction.user.id, add_plot=add_plot,
                                          channel_id=interaction.channel_id,
                                          guild_id=member_of(interaction).guild_id)
        await responder.message(embed=builder_embed(state),
                                components=builder_components(interaction.user.id, state),
                                ephemeral=True)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: BuilderControl) -> None:
        """A builder control was pressed (or its die chosen)."""
        name = "go" if control.action is None else control.action.value
        answering = Answering(f"component:{name}", "component", DEFER_UPDATE)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._pressed(responder, interaction, control)

    async def _pressed(self, responder: Responder, interaction: hikari.ComponentInteraction,
                       control: BuilderControl) -> None:
        if control.action is None:
            record = await self._builders.roll(control.owner_id, roller_of(interaction),
                                               control.state, received=responder.received)
            with ToReader():  # the builder is its owner's; the roll it posts, the table's
                sent = builder_sent_embed(control.state)
            await responder.update(embed=sent, components=[])
            if await self._table.answers_compact(record.roller.guild_id) \
                    and compact_format(record):
                await responder.followup(compact_text(Rolled(record)),
                                         components=roll_components(record, compact=True))
                return
            await responder.followup(embed=roll_embed(record, Author.of(interaction)),
                                     components=roll_components(record))
            return
        value = chosen_die(interaction) if control.action is BuilderAction.SET_DIE else None
        state = self._builders.press(control.owner_id, interaction.user.id, control.state,
                                     control.action, value)
        with ToReader():
            embed = builder_embed(state)
            components = builder_components(control.owner_id, state)
        await responder.update(embed=embed, components=components)


def chosen_die(interaction: hikari.ComponentInteraction) -> int:
    """The sides of the die chosen in the builder's select (refused: one it does not offer)."""
    value = (interaction.values or [""])[0]
    # matched as the select's own values, never through int(): a forged '0', '٣' or 30 nines is
    # no die to stage (not silently the d20), and 5,000 digits are no crash
    sides = {str(choice): choice for choice in DIE_CHOICES}.get(value)
    if sides is None:
        raise RollStateError(N_("the builder has no die {value}"),
                             hint=N_("choose one in its list: {dice}"),
                             fields={"value": repr(value[:20]),
                                     "dice": ", ".join(f"d{choice}" for choice in DIE_CHOICES)})
    return sides


def builder_embed(state: BuilderState) -> hikari.Embed:
    """The builder's view: the staged roll, always visible."""
    embed = hikari.Embed(title="🛠️ " + _("Roll builder"), color=BLURPLE)
    lines = [_("**Staged:** {notation}").format(notation=f"`{state.notation}`"), ""]
    lines += [_("Pool {index}: {notation}").format(index=i, notation=f"`{pool.notation}`")
              for i, pool in enumerate(state.pools, start=1)]
    if state.plot is not None:
        lines.append(_("Plot die: {tag}").format(tag=f"`{state.plot.tag}p`"))
    lines += ["", _("The controls edit pool {index}. Up to {pools} pools, the plot die "
                    "included.").format(index=len(state.pools), pools=limits.MAX_POOLS)]
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
                                    placeholder=_("Die of pool {index}: {die}").format(
                                        index=len(state.pools), die=f"d{state.current.sides}"))
    for sides in DIE_CHOICES:
        menu.add_option(f"d{sides}", str(sides), is_default=sides == state.current.sides)
    steps = hikari.impl.MessageActionRowBuilder()
    button(steps, BuilderAction.DICE_MINUS, _("Dice −"))
    button(steps, BuilderAction.DICE_PLUS, _("Dice +"))
    button(steps, BuilderAction.MOD_MINUS, _("Mod −"))
    button(steps, BuilderAction.MOD_PLUS, _("Mod +"))
    modes = hikari.impl.MessageActionRowBuilder()
    on: InteractiveStyle = hikari.ButtonStyle.SUCCESS
    off: InteractiveStyle = hikari.ButtonStyle.SECONDARY
    button(modes, BuilderAction.ADVANTAGE, _("Advantage"),
           on if state.current.mode is DieMode.ADVANTAGE else off)
    button(modes, BuilderAction.DISADVANTAGE, _("Disadvantage"),
           on if state.current.mode is DieMode.DISADVANTAGE else off)
    plot_label = (_("Plot die: off") if state.plot is None
                  else _("Plot die: {tag}").format(tag=f"{state.plot.tag}p"))
    button(modes, BuilderAction.PLOT, plot_label, on if state.plot is not None else off)
    pools = hikari.impl.MessageActionRowBuilder()
    button(pools, BuilderAction.ADD_POOL, _("Add pool"))
    button(pools, BuilderAction.REMOVE_LAST, _("Remove last"))
    button(pools, BuilderAction.CLEAR, _("Clear"), hikari.ButtonStyle.DANGER)
    button(pools, None, _("Roll Publicly"), hikari.ButtonStyle.PRIMARY)
    return [select_row, steps, modes, pools]


def builder_sent_embed(state: BuilderState) -> hikari.Embed:
    """What the builder turns into once its roll was posted."""
    return hikari.Embed(title="✅ " + _("Roll sent"), description=f"`{state.notation}`",
                        color=GREY)
