"""The roll builder (``/roll build:true``): a private message whose buttons stage up to five
pools, then roll them publicly. Its whole state lives in its buttons' custom ids, so it works
after a restart and on any process."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.custom_ids import BuilderControl, builder_control
from nazh.adapters.discord.embeds import BLURPLE, GREY, Author, InteractiveStyle
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.result import roll_components, roll_embed, roller_of
from nazh.adapters.discord.wrapper import DEFER_UPDATE, Handling, InteractionWrapper
from nazh.application.rolls.builder import DIE_CHOICES, BuilderAction, Builders, BuilderState
from nazh.domain import limits
from nazh.domain.spec import DieMode


class BuilderFeature:
    """Opens builders and handles their controls."""

    def __init__(self, builders: Builders, wrapper: InteractionWrapper) -> None:
        self._builders = builders
        self._wrapper = wrapper

    async def open(self, interaction: hikari.CommandInteraction, pool: str, *,
                   add_plot: bool) -> None:
        """Open a builder, prefilled with ``pool`` when it can be staged."""
        how = Handling("roll", "command", ephemeral=True, notation=pool)
        await self._wrapper.run(interaction, how, self._open, interaction, pool, add_plot)

    async def _open(self, responder: Responder, interaction: hikari.CommandInteraction,
                    pool: str, add_plot: bool) -> None:
        state = await self._builders.open(pool, interaction.user.id, add_plot=add_plot,
                                          channel_id=interaction.channel_id,
                                          guild_id=interaction.guild_id)
        await responder.message(embed=builder_embed(state),
                                components=builder_components(interaction.user.id, state),
                                ephemeral=True)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: BuilderControl) -> None:
        """A builder control was pressed (or its die chosen)."""
        name = "go" if control.action is None else control.action.value
        how = Handling(f"component:{name}", "component", DEFER_UPDATE)
        await self._wrapper.run(interaction, how, self._pressed, interaction, control)

    async def _pressed(self, responder: Responder, interaction: hikari.ComponentInteraction,
                       control: BuilderControl) -> None:
        if control.action is None:
            record = await self._builders.roll(control.owner_id, roller_of(interaction),
                                               control.state, received=responder.received)
            await responder.update(embed=builder_sent_embed(control.state), components=[])
            await responder.followup(embed=roll_embed(record, Author.of(interaction)),
                                     components=roll_components(record))
            return
        value = selected_number(interaction) if control.action is BuilderAction.SET_DIE else None
        state = self._builders.press(control.owner_id, interaction.user.id, control.state,
                                     control.action, value)
        await responder.update(embed=builder_embed(state),
                               components=builder_components(control.owner_id, state))


def selected_number(interaction: hikari.ComponentInteraction) -> int | None:
    """The number chosen in a select menu, if it is one."""
    values = interaction.values
    if values and values[0].isascii() and values[0].isdigit():
        return int(values[0])
    return None


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
