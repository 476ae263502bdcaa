"""``/save`` and ``/saved ...``: named rolls on a player's, a channel's or a server's shelf."""

from __future__ import annotations

from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.choices import chosen
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.reports import kept_message, report, send_kept
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.saved.shelves import (
    IMPORT_SIZE_HINT,
    MAX_IMPORT_BYTES,
    MAX_NAME_LENGTH,
    MAX_SAVED_PER_USER,
    ImportLine,
    ImportRefusedError,
    SavedRoll,
    SavedRolls,
    Scope,
)
from nazh.domain import limits
from nazh.presentation.chat import DiscordLimits, clip, fit_lines, shown
from nazh.presentation.i18n import N_, _

loader = lightbulb.Loader()

EXPORT_NAME = "nazh-saved-rolls.json"
MAX_SHOWN_NAME = 40
"""How much of an entry's name an import's report shows."""
MAX_SHOWN_PROBLEM = 400
"""How much of what is wrong with an entry an import's report shows."""
SCOPE_LABELS = {Scope.ME: "yours", Scope.CHANNEL: "this channel's",
                Scope.SERVER: "this server's"}
SHELF_MARKS = {Scope.ME: N_("me"), Scope.CHANNEL: N_("channel"), Scope.SERVER: N_("server")}
"""A saved roll's shelf as its autocomplete label names it: as the ``scope`` option's choice
reads in the reader's language."""


class SavedFeature:
    """Save, list, delete, rename, export and import named rolls."""

    def __init__(self, saved: SavedRolls, wrapper: InteractionWrapper,
                 attachments: AttachmentReader | None = None) -> None:
        self._saved = saved
        self._wrapper = wrapper
        self._attachments = attachments or AttachmentReader()

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the saved rolls and the attachment reader."""
        return cls(deps.saved, deps.wrapper, deps.attachments)

    async def save(self, interaction: hikari.CommandInteraction, name: str, pool: str,
                   scope: Scope = Scope.ME) -> None:
        """``/save name pool [scope]``: validated like /roll, then kept under the name."""
        answering = Answering("save", "command", ephemeral=True, notation=pool)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._save(responder, interaction, name, pool, scope)

    async def _save(self, responder: Responder, interaction: hikari.CommandInteraction,
                    name: str, pool: str, scope: Scope) -> None:
        saved = await self._saved.save_to(member_of(interaction), interaction.channel_id,
                                          scope, name, pool)
        where = "" if scope is Scope.ME else f" on {SCOPE_LABELS[scope]} shelf"
        await responder.message(
            f"Saved `@{saved.name}` = `{saved.notation}`{where}. Roll it with "
            f"`/roll pool:@{saved.name}`.", ephemeral=True)

    async def listing(self, interaction: hikari.CommandInteraction, delete: str | None = None,
                      scope: Scope = Scope.ME) -> None:
        """``/saved list`` (or ``/saved delete name [scope]``)."""
        answering = Answering("saved", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._listing(responder, interaction, delete, scope)

    async def _listing(self, responder: Responder, interaction: hikari.CommandInteraction,
                       delete: str | None, scope: Scope) -> None:
        if delete:
            await self._saved.delete_from(member_of(interaction), interaction.channel_id,
                                          scope, delete)
        rolls = await self._visible(interaction)
        note = f"Deleted `@{delete.strip().lstrip('@').lower()}`." if delete else None
        await responder.message(note or hikari.UNDEFINED, embed=saved_embed(rolls),
                                ephemeral=True)

    async def rename(self, interaction: hikari.CommandInteraction, name: str, new_name: str,
                     scope: Scope) -> None:
        """``/saved rename name new-name [scope]``."""
        answering = Answering("saved", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._rename(responder, interaction, name, new_name, scope)

    async def _rename(self, responder: Responder, interaction: hikari.CommandInteraction,
                      name: str, new_name: str, scope: Scope) -> None:
        renamed = await self._saved.rename(member_of(interaction), interaction.channel_id,
                                           scope, name, new_name)
        await responder.message(f"Renamed `@{name.strip().lstrip('@').lower()}` to "
                                f"`@{renamed.name}`.",
                                embed=saved_embed(await self._visible(interaction)),
                                ephemeral=True)

    async def export(self, interaction: hikari.CommandInteraction) -> None:
        """``/saved export``: a JSON file of every saved roll the player may use here."""
        answering = Answering("saved", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._export(responder, interaction)

    async def _export(self, responder: Responder, interaction: hikari.CommandInteraction) -> None:
        data = await self._saved.export(interaction.user.id, interaction.channel_id,
                                        _guild(interaction))
        count = len(await self._visible(interaction))
        await responder.message(f"Your saved rolls here ({count}), as `{EXPORT_NAME}`: "
                                "import it with /saved import.", ephemeral=True)
        await responder.file(data, EXPORT_NAME, ephemeral=True)

    async def import_(self, interaction: hikari.CommandInteraction,
                      file: hikari.Attachment, scope: Scope) -> None:
        """``/saved import file [scope]``: all entries or none, with a report."""
        answering = Answering("saved", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._import(responder, interaction, file, scope)

    async def _import(self, responder: Responder, interaction: hikari.CommandInteraction,
                      file: hikari.Attachment, scope: Scope) -> None:
        data = await self._attachments.read(file, MAX_IMPORT_BYTES, hint=IMPORT_SIZE_HINT)
        try:
            plan = await self._saved.plan_import(member_of(interaction), interaction.channel_id,
                                                 scope, data, file.filename)
        except ImportRefusedError as refused:
            answer = report(f"Nothing was imported: {refused.reason}.",
                            import_embed(refused.lines))
            await responder.message(answer.content, embed=answer.embed, ephemeral=True)
            return
        what = f"{len(plan.rolls)} saved roll(s)"
        answer = report(f"Imported {what} onto {SCOPE_LABELS[scope]} shelf.",
                        import_embed(list(plan.lines)))
        await self._saved.keep_import(plan)
        await send_kept(responder, answer,
                        kept_message(what, [f"@{roll.name}" for roll in plan.rolls]))

    async def suggest(self, interaction: hikari.AutocompleteInteraction, typed: str) -> None:
        """Autocomplete: the saved names visible here starting with what was typed, and shelf."""
        prefix = typed.lstrip("@").lower()
        rolls = [r for r in await self._visible(interaction) if r.name.startswith(prefix)]
        async with self._wrapper.suggesting(interaction) as responder:
            await responder.choices([(f"{r.name} ({_(SHELF_MARKS[r.where.scope])})", r.name)
                                     for r in rolls[:DiscordLimits.CHOICES]])

    async def _visible(self, interaction: hikari.PartialInteraction) -> list[SavedRoll]:
        return await self._saved.visible(interaction.user.id, interaction.channel_id,
                                         _guild(interaction))


def _guild(interaction: hikari.PartialInteraction) -> int | None:
    return member_of(interaction).guild_id


def saved_embed(rolls: list[SavedRoll]) -> hikari.Embed:
    """The saved rolls the player may use here, with their shelf."""
    embed = hikari.Embed(title="💾 Saved rolls", color=BLURPLE)
    marks = {Scope.ME: "", Scope.CHANNEL: " · channel", Scope.SERVER: " · server"}
    lines = [f"`@{r.name}` → `{clip(r.notation, 120)}`{marks[r.where.scope]}" for r in rolls]
    embed.description = fit_lines(lines or ["None yet: save one with /save name pool."],
                                  DiscordLimits.EMBED_DESCRIPTION)
    mine = sum(1 for r in rolls if r.where.scope is Scope.ME)
    embed.set_footer(f"yours {mine}/{MAX_SAVED_PER_USER} · a name resolves: yours, the "
                     "channel's, the server's · roll one with /roll pool:@name")
    return embed


def import_embed(lines: list[ImportLine]) -> hikari.Embed:
    """One line per imported entry, saved or what is wrong with it (file texts as ``shown``)."""
    embed = hikari.Embed(title="📥 Import", color=BLURPLE)
    embed.description = fit_lines(
        [f"❌ `{shown(line.name, MAX_SHOWN_NAME, code=True)}`: "
         f"{shown(line.problem, MAX_SHOWN_PROBLEM)}" if line.problem
         else f"✅ `@{shown(line.name, MAX_SHOWN_NAME, code=True)}`" for line in lines]
        or ["The file has no saved rolls."], DiscordLimits.EMBED_DESCRIPTION)
    return embed


async def suggest_saved(ctx: lightbulb.AutocompleteContext[str],
                        feature: SavedFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of a saved roll's name."""
    await feature.suggest(ctx.interaction, str(ctx.focused.value or ""))


SCOPE_CHOICES = [lightbulb.Choice(s.value, s.value, localize=True) for s in Scope]
SCOPE_HELP = "me (yours), channel or server (GMs and Manage Server)"


@loader.command
class Save(lightbulb.SlashCommand, name="save",
           description="Save a roll under a name, then roll it with /roll pool:@name",
           **EVERYWHERE, localize=True):
    """``/save name pool [scope]``."""

    name_ = lightbulb.string("name", "1-32 letters, digits, - or _", min_length=1,
                             max_length=MAX_NAME_LENGTH + 1, localize=True)
    pool = lightbulb.string("pool", "The pools, as for /roll", min_length=1,
                            max_length=limits.MAX_INPUT_LENGTH, localize=True)
    scope = lightbulb.string("scope", SCOPE_HELP, choices=SCOPE_CHOICES, default="me",
                             localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Save the roll."""
        await feature.save(ctx.interaction, self.name_, self.pool,
                           chosen("scope", self.scope, Scope))


saved_group = lightbulb.Group("saved", "Your, this channel's and this server's saved rolls",
                              **EVERYWHERE, localize=True)


@saved_group.register
class List(lightbulb.SlashCommand, name="list",
           description="The saved rolls you can use here", localize=True):
    """``/saved list``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """List them."""
        await feature.listing(ctx.interaction)


@saved_group.register
class Delete(lightbulb.SlashCommand, name="delete", description="Delete a saved roll",
             localize=True):
    """``/saved delete name [scope]``."""

    name_ = lightbulb.string("name", "The saved roll", max_length=MAX_NAME_LENGTH + 1,
                             autocomplete=suggest_saved, localize=True)
    scope = lightbulb.string("scope", SCOPE_HELP, choices=SCOPE_CHOICES, default="me",
                             localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Delete it."""
        await feature.listing(ctx.interaction, self.name_, chosen("scope", self.scope, Scope))


@saved_group.register
class Rename(lightbulb.SlashCommand, name="rename", description="Rename a saved roll",
             localize=True):
    """``/saved rename name new-name [scope]``."""

    name_ = lightbulb.string("name", "The saved roll", max_length=MAX_NAME_LENGTH + 1,
                             autocomplete=suggest_saved, localize=True)
    new_name = lightbulb.string("new-name", "1-32 letters, digits, - or _", min_length=1,
                                max_length=MAX_NAME_LENGTH + 1, localize=True)
    scope = lightbulb.string("scope", SCOPE_HELP, choices=SCOPE_CHOICES, default="me",
                             localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Rename it."""
        await feature.rename(ctx.interaction, self.name_, self.new_name,
                             chosen("scope", self.scope, Scope))


@saved_group.register
class Export(lightbulb.SlashCommand, name="export",
             description="A JSON file of the saved rolls you can use here", localize=True):
    """``/saved export``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Export them."""
        await feature.export(ctx.interaction)


@saved_group.register
class Import(lightbulb.SlashCommand, name="import",
             description="Import saved rolls from a file /saved export made (all or none)",
             localize=True):
    """``/saved import file [scope]``."""

    file = lightbulb.attachment("file", f"The JSON file (at most {MAX_IMPORT_BYTES // 1024} KiB)",
                                localize=True)
    scope = lightbulb.string("scope", SCOPE_HELP, choices=SCOPE_CHOICES, default="me",
                             localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SavedFeature) -> None:
        """Import it."""
        await feature.import_(ctx.interaction, self.file, chosen("scope", self.scope, Scope))


loader.command(saved_group)
