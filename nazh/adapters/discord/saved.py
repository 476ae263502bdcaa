"""``/save`` and ``/saved``: a player's named rolls (rolled with ``/roll pool:@name``)."""

from __future__ import annotations

import hikari
import lightbulb

from nazh.adapters.discord.embeds import BLURPLE
from nazh.adapters.discord.reach import EVERYWHERE
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.wrapper import Handling, InteractionWrapper
from nazh.application.saved_rolls import MAX_NAME_LENGTH, MAX_SAVED_PER_USER, SavedRoll, SavedRolls
from nazh.domain import limits
from nazh.presentation.chat import DiscordLimits, clip, fit_lines

loader = lightbulb.Loader()


class SavedFeature:
    """Save, list and delete named rolls."""

    def __init__(self, saved: SavedRolls, wrapper: InteractionWrapper) -> None:
        self._saved = saved
        self._wrapper = wrapper

    async def save(self, interaction: hikari.CommandInteraction, name: str, pool: str) -> None:
        """``/save name pool``: validated like /roll, then kept under the name."""
        how = Handling("save", "command", ephemeral=True, notation=pool)
        await self._wrapper.run(interaction, how, self._save, interaction, name, pool)

    async def _save(self, responder: Responder, interaction: hikari.CommandInteraction,
                    name: str, pool: str) -> None:
        saved = await self._saved.save(interaction.user.id, name, pool)
        await responder.message(
            f"Saved `@{saved.name}` = `{saved.notation}`. Roll it with "
            f"`/roll pool:@{saved.name}`.", ephemeral=True)

    async def listing(self, interaction: hikari.CommandInteraction, delete: str | None) -> None:
        """``/saved [delete]``: list the user's saved rolls, or delete one."""
        how = Handling("saved", "command", ephemeral=True)
        await self._wrapper.run(interaction, how, self._listing, interaction, delete)

    async def _listing(self, responder: Responder, interaction: hikari.CommandInteraction,
                       delete: str | None) -> None:
        if delete:
            await self._saved.delete(interaction.user.id, delete)
        rolls = await self._saved.list(interaction.user.id)
        note = f"Deleted `@{delete.strip().lstrip('@').lower()}`." if delete else None
        await responder.message(note or hikari.UNDEFINED, embed=saved_embed(rolls),
                                ephemeral=True)

    async def suggest(self, interaction: hikari.AutocompleteInteraction, typed: str) -> None:
        """Autocomplete: the user's saved roll names that start with what was typed."""
        prefix = typed.lstrip("@").lower()
        names = [r.name for r in await self._saved.list(interaction.user.id)
                 if r.name.startswith(prefix)]
        await self._wrapper.responder(interaction).choices(
            [(name, name) for name in names[:DiscordLimits.CHOICES]])


def saved_embed(rolls: list[SavedRoll]) -> hikari.Embed:
    """The user's saved rolls."""
    embed = hikari.Embed(title="💾 Your saved rolls", color=BLURPLE)
    lines = [f"`@{r.name}` → `{clip(r.notation, 120)}`" for r in rolls]
    embed.description = fit_lines(lines or ["None yet: save one with /save name pool."],
                                  DiscordLimits.EMBED_DESCRIPTION)
    embed.set_footer(f"{len(rolls)}/{MAX_SAVED_PER_USER} · roll one with /roll pool:@name · "
                     "delete with /saved delete:name")
    return embed


async def suggest_saved(ctx: lightbulb.AutocompleteContext[str],
                        feature: SavedFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of a saved roll's name."""
    await feature.suggest(ctx.interaction, str(ctx.focused.value or ""))


@loader.command
class Save(lightbulb.SlashCommand, name="save",
           description="Save a roll under a name, then roll it with /roll pool:@name",
           **EVERYWHERE):
    """``/save name pool``."""

    name_ = lightbulb.string("name", "1-32 letters, digits, - or _", min_length=1,
                             max_length=MAX_NAME_LENGTH + 1)
    pool = lightbulb.string("pool", "The pools, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Save the roll."""
        await feature.save(ctx.interaction, self.name_, self.pool)


@loader.command
class Saved(lightbulb.SlashCommand, name="saved",
            description="List your saved rolls, or delete one",
            **EVERYWHERE):
    """``/saved [delete]``."""

    delete = lightbulb.string("delete", "The name of a saved roll to delete", default=None,
                              max_length=MAX_NAME_LENGTH + 1, autocomplete=suggest_saved)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """List (or delete) saved rolls."""
        await feature.listing(ctx.interaction, self.delete)
