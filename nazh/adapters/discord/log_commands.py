"""The roll log's slash commands: /history, /verify, /save, /saved."""

from __future__ import annotations

import hikari
import lightbulb

from nazh.adapters.discord.log_handlers import LogHandlers
from nazh.application.history import MAX_PAGE_SIZE
from nazh.application.saved_rolls import MAX_NAME_LENGTH
from nazh.domain import limits

loader = lightbulb.Loader()


async def suggest_saved(
    ctx: lightbulb.AutocompleteContext[str], handlers: LogHandlers = lightbulb.di.INJECTED
) -> None:
    """Autocomplete: the user's saved roll names that start with what was typed."""
    typed = str(ctx.focused.value or "").lstrip("@").lower()
    names = [n for n in await handlers.saved_names(ctx.interaction.user.id) if n.startswith(typed)]
    await ctx.respond([(name, name) for name in names[:25]])


@loader.command
class History(lightbulb.SlashCommand, name="history",
              description="This channel's recent rolls (only you see the list)"):
    """``/history [user] [limit]``."""

    user = lightbulb.user("user", "Only this player's rolls", default=None)
    limit = lightbulb.integer("limit", "Rolls per page (1-25, default 10)", default=None,
                              min_value=1, max_value=MAX_PAGE_SIZE)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: LogHandlers) -> None:
        """Hand over."""
        user: hikari.User | None = self.user
        await handlers.history(ctx.interaction, user.id if user else None, self.limit)


@loader.command
class Verify(lightbulb.SlashCommand, name="verify",
             description="Show a roll, its amendments and whether its log chain is intact"):
    """``/verify roll_id``."""

    roll_id = lightbulb.string("roll_id", "The roll id from the result's footer",
                               min_length=1, max_length=40)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: LogHandlers) -> None:
        """Hand over."""
        await handlers.verify(ctx.interaction, self.roll_id)


@loader.command
class Save(lightbulb.SlashCommand, name="save",
           description="Save a roll under a name, then roll it with /roll pool:@name"):
    """``/save name pool``."""

    name_ = lightbulb.string("name", "1-32 letters, digits, - or _", min_length=1,
                             max_length=MAX_NAME_LENGTH + 1)
    pool = lightbulb.string("pool", "The pools, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: LogHandlers) -> None:
        """Hand over."""
        await handlers.save(ctx.interaction, self.name_, self.pool)


@loader.command
class Saved(lightbulb.SlashCommand, name="saved",
            description="List your saved rolls, or delete one"):
    """``/saved [delete]``."""

    delete = lightbulb.string("delete", "The name of a saved roll to delete", default=None,
                              max_length=MAX_NAME_LENGTH + 1, autocomplete=suggest_saved)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, handlers: LogHandlers) -> None:
        """Hand over."""
        await handlers.saved(ctx.interaction, self.delete)
