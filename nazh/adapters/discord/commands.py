"""The slash commands, as lightbulb classes: each reads its options and hands over."""

from __future__ import annotations

import lightbulb

from nazh.adapters.discord.handlers import RollHandlers, RollOptions
from nazh.domain import limits

loader = lightbulb.Loader()


async def suggest_pools(
    ctx: lightbulb.AutocompleteContext[str], handlers: RollHandlers = lightbulb.di.INJECTED
) -> None:
    """Autocomplete for ``pool``: the typed roll, saved and recent rolls, common forms."""
    typed = ctx.focused.value if isinstance(ctx.focused.value, str) else ""
    suggestions = await handlers.suggest(ctx.interaction, typed)
    await ctx.respond([(roll, roll) for roll in suggestions])


@loader.command
class Roll(
    lightbulb.SlashCommand,
    name="roll",
    description="Roll up to 5 dice pools at once, e.g. a1d20+5, 2d6+3, p",
):
    """``/roll pool:a1d20+5, 2d6+3 add_plot:true dc:15 label:Stealth``."""

    pool = lightbulb.string(
        "pool", "Pools separated by commas: a1d20+5 (a/d = advantage/disadvantage), 2d6, p",
        default="1d20", min_length=1, max_length=limits.MAX_INPUT_LENGTH,
        autocomplete=suggest_pools,
    )
    add_plot = lightbulb.boolean("add_plot", "Raise the stakes: add the plot die",
                                 default=False)
    label = lightbulb.string("label", "What the roll is for, shown on the result",
                             default=None, max_length=100)
    dc = lightbulb.integer("dc", "Difficulty class: success when a test's total meets it",
                           default=None, min_value=limits.MIN_DC, max_value=limits.MAX_DC)
    private = lightbulb.boolean("private", "Only you see the result", default=False)
    build = lightbulb.boolean("build", "Open the roll builder instead of rolling",
                              default=False)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: RollHandlers) -> None:
        """Hand the options to the handlers."""
        options = RollOptions(self.pool, self.add_plot, self.label, self.dc, self.private,
                              self.build)
        await handlers.slash_roll(ctx.interaction, options)
