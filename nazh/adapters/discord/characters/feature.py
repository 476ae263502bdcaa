"""``/character ...``: the table's Cosmere characters, and the controls under a sheet."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Self

import hikari

from nazh.adapters.discord.characters.controls import (
    delete_control,
)
from nazh.adapters.discord.characters.import_form import import_modal, import_sheets
from nazh.adapters.discord.characters.options import Rest, WeaponOptions
from nazh.adapters.discord.characters.sheet import (
    SHEET_SUGGESTIONS,
    Suggest,
    choice_label,
    export_name,
    list_embed,
    named,
    sheet_choices,
    sheet_components,
    sheet_embed,
)
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.responder import Choice, Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.characters.access import Act, allowed
from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.ports import ActionSpent, FightActions
from nazh.application.characters.reloading import Reloading
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Changed, Characters
from nazh.application.characters.transfer import (
    IMPORT_SIZE_HINT,
    MAX_IMPORT_BYTES,
    export,
)
from nazh.application.rolls.model import RollRequest
from nazh.application.settings.server import Member
from nazh.domain.character import (
    Attribute,
    Character,
    Kind,
    Resource,
)
from nazh.domain.errors import NazhError
from nazh.presentation.character import (
    changes_lines,
    derived_changes,
    kind_text,
    pool_text,
)
from nazh.presentation.chat import DiscordLimits, clip, escape, fit_lines
from nazh.presentation.i18n import ToReader, ToTable, _, ngettext
from nazh.presentation.sheet_words import resource_word

GIVE_RANKS = "give the skill's ranks (0-5), or remove:true to remove it"
TENDED_ON_LONG_REST = "tended-by: is for a short rest (Tend to Others)"
LONG_REST_HINT = "a long rest recovers all health and focus by itself"

# -- the feature -------------------------------------------------------------------------------


# Who sees and changes what is characters.access's one rule: a sheet shows its owner and the GMs,
# and the table when shared (in a server only). So show (and set, weapon, skill, rest) is public
# only for a shared sheet; the rest answers the asker alone. A custom id may be forged: unknown,
# another server's or unseen characters are all "no longer kept". Delete asks first, its button
# carrying the version the asker saw.
class CharacterFeature:
    """Characters' commands, autocomplete and sheet controls."""

    def __init__(self, characters: Characters, character_rolls: CharacterRolls,
                 wrapper: InteractionWrapper, attachments: AttachmentReader,
                 answers: RollAnswers, fights: FightActions) -> None:
        self._characters = characters
        self._edits = SheetEdits(characters)
        self._reloading = Reloading(characters, fights)
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._attachments = attachments
        self._answers = answers

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the characters' use cases and the character rolls."""
        return cls(deps.characters, deps.character_rolls, deps.wrapper, deps.attachments,
                   deps.answers, deps.encounters.sheet_actions)

    # -- made and shown ----------------------------------------------------------------------

    async def new(self, interaction: hikari.CommandInteraction, name: str, kind: Kind,
                  level: int, attributes: dict[Attribute, int], shared: bool) -> None:
        """``/character new``: make it, and show its sheet."""
        async with self._wrapper.answering(interaction, Answering(
                "character new", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            record = await self._characters.new(member, name, kind, level=level,
                                                attributes=attributes, shared=shared)
            active = await self._characters.active_id(member) == record.character_id
            with ToTable(record.shared):  # the note is the shared sheet's
                note = (_("Made **{name}**, your active character here.") if active
                        else _("Made **{name}**.")).format(name=named(record.name))
            await self._post_sheet(responder, record, note)

    async def show(self, interaction: hikari.CommandInteraction, name: str | None) -> None:
        """``/character show [name]``: the sheet, public when it is shared."""
        async with self._wrapper.answering(interaction, Answering(
                "character show", "command", ephemeral=True)) as responder:
            record = await self._characters.find(member_of(interaction), name, Act.SEE)
            await self._post_sheet(responder, record)

    async def _post_sheet(self, responder: Responder, record: CharacterRecord,
                          note: str | None = None) -> None:
        audit = await self._characters.audit(record)
        with ToTable(record.shared):  # a shared sheet is the table's card
            embed, components = sheet_embed(record, audit), sheet_components(record)
        await responder.message(note or hikari.UNDEFINED, embed=embed, components=components,
                                ephemeral=not record.shared)

    async def listing(self, interaction: hikari.CommandInteraction) -> None:
        """``/character list``: what the user may see here, the active one marked."""
        async with self._wrapper.answering(interaction, Answering(
                "character list", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            records = await self._characters.visible(member)
            active = await self._characters.active_id(member)
            await responder.message(embed=list_embed(records, member.user_id, active),
                                    ephemeral=True)

    async def use(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/character use name``: make one's own character the active one here."""
        async with self._wrapper.answering(interaction, Answering(
                "character use", "command", ephemeral=True)) as responder:
            record = await self._characters.use(member_of(interaction), name)
            await responder.message(_("**{name}** is your active character here (commands "
                                      "without a character use it).").format(
                                          name=named(record.name)), ephemeral=True)

    # -- changed -----------------------------------------------------------------------------

    async def set(self, interaction: hikari.CommandInteraction, name: str | None,
                  field: str, value: str) -> None:
        """``/character set field value [character]``: one field, checked."""
        await self._edited(interaction, "character set", name,
                           lambda member: self._edits.set(member, name, field, value))

    async def weapon(self, interaction: hikari.CommandInteraction, name: str | None,
                     weapon: WeaponOptions) -> None:
        """``/character weapon``: add or replace a weapon, or remove it."""
        def edit(member: Member) -> Awaitable[Changed]:
            if weapon.remove:
                return self._edits.disarm(member, name, weapon.name)
            return self._edits.arm(member, name, weapon.weapon())
        await self._edited(interaction, "character weapon", name, edit)

    async def reload(self, interaction: hikari.CommandInteraction, name: str | None,
                     weapon: str) -> None:
        """``/character reload weapon [character]``: a Loaded weapon's ammunition full, the
        action it costs spent when the character is fighting in the channel."""
        async with self._wrapper.answering(interaction, Answering(
                "character reload", "command", ephemeral=True)) as responder:
            reloaded = await self._reloading.reload(member_of(interaction), name, weapon,
                                                    channel_id=interaction.channel_id,
                                                    once=str(interaction.id))
            await _answer_changed(responder, reloaded.before, reloaded.changed,
                                  spent=reloaded.spent)

    async def skill(self, interaction: hikari.CommandInteraction, name: str | None,
                    skill: str, attribute: Attribute | None, ranks: int | None,
                    remove: bool) -> None:
        """``/character skill``: a skill's ranks (a custom skill added), or one removed."""
        def edit(member: Member) -> Awaitable[Changed]:
            if remove:
                return self._edits.forget(member, name, skill)
            if ranks is None:
                raise NazhError(GIVE_RANKS)
            return self._edits.train(member, name, skill, attribute, ranks)
        await self._edited(interaction, "character skill", name, edit)

    async def _edited(self, interaction: hikari.CommandInteraction, command: str,
                      name: str | None, edit: Callable[[Member], Awaitable[Changed]]) -> None:
        """``command``'s edit of the sheet, answered with what it changed."""
        async with self._wrapper.answering(interaction, Answering(
                command, "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            await _answer_changed(responder, before.sheet, await edit(member))

    async def rest(self, interaction: hikari.CommandInteraction, kind: Rest,
                   name: str | None, first: Resource = Resource.HEALTH,
                   tended_by: str | None = None, focus: int | None = None) -> None:
        """``/character rest kind [character] [first] [tended-by] [focus]``."""
        if kind is Rest.SHORT:
            await self.rest_short(interaction, name, first, tended_by, focus)
            return
        async with self._wrapper.answering(interaction, Answering(
                "character rest", "command", ephemeral=True)) as responder:
            if tended_by is not None:
                raise NazhError(TENDED_ON_LONG_REST, hint=LONG_REST_HINT)
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            changed = await self._edits.rest_long(member, name)
            await _answer_changed(responder, before.sheet, changed, long_rest=True)

    async def rest_short(self, interaction: hikari.CommandInteraction, name: str | None,
                         first: Resource, tended_by: str | None = None,
                         focus: int | None = None) -> None:
        """A short rest: the recovery die rolled with the character, recovering ``first`` first."""
        async with self._wrapper.answering(interaction, Answering(
                "character rest", "command")) as responder:
            member = member_of(interaction)
            await self._answers.answer_roll(
                responder, interaction,
                RollRequest("", roller_of(interaction), received=responder.received),
                lambda request: self._rolls.short_rest(member, request, character=name,
                                                       first=first, tended_by=tended_by,
                                                       focus=focus),
                reroll=False)

    async def share(self, interaction: hikari.CommandInteraction, name: str | None,
                    shared: bool) -> None:
        """``/character share shared [character]``: the owner shows the table the sheet, or not."""
        async with self._wrapper.answering(interaction, Answering(
                "character share", "command", ephemeral=True)) as responder:
            record = await self._characters.share(member_of(interaction), name, shared)
            said = (_("**{name}**'s sheet is shared: the table sees it (/character show posts "
                      "it for everyone).") if record.shared
                    else _("**{name}**'s sheet is no longer shared: only you and the GMs see "
                           "it."))
            await responder.message(said.format(name=named(record.name)), ephemeral=True)

    async def delete(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/character delete name``: asks first, with a Delete button."""
        async with self._wrapper.answering(interaction, Answering(
                "character delete", "command", ephemeral=True)) as responder:
            record = await self._characters.find(member_of(interaction), name, Act.CHANGE)
            row = hikari.impl.MessageActionRowBuilder()
            row.add_interactive_button(
                hikari.ButtonStyle.DANGER, delete_control(record.character_id, record.version),
                label=clip(_("Delete {name}").format(name=record.name),
                           DiscordLimits.BUTTON_LABEL))
            await responder.message(
                _("Delete **{name}** ({kind}) and its history of changes? This cannot be undone "
                  "(/character export keeps a copy). Dismiss this message to keep it.").format(
                      name=named(record.name), kind=kind_text(record.sheet)),
                components=[row], ephemeral=True)


    # -- files ---------------------------------------------------------------------------------

    async def export(self, interaction: hikari.CommandInteraction, name: str | None) -> None:
        """``/character export [name]``: the sheet as a versioned JSON file, to the asker."""
        async with self._wrapper.answering(interaction, Answering(
                "character export", "command", ephemeral=True)) as responder:
            record = await self._characters.find(member_of(interaction), name, Act.SEE)
            filename = export_name(record.name)
            data = export(record)
            await responder.message(_("**{name}**, as `{file}`: import it with /character "
                                      "import.").format(name=named(record.name),
                                                        file=filename), ephemeral=True)
            await responder.file(data, filename, ephemeral=True)

    async def import_(self, interaction: hikari.CommandInteraction,
                      file: hikari.Attachment | None) -> None:
        """``/character import [file]``: a Nazh export or a Foundry VTT actor, all or none;
        without a file, the form to attach it."""
        if file is None:
            async with self._wrapper.answering(interaction, Answering(
                    "character import", "command", ephemeral=True)) as responder:
                with ToReader():  # the form only the presser sees
                    await responder.modal(*import_modal())
            return
        async with self._wrapper.answering(interaction, Answering(
                "character import", "command", ephemeral=True)) as responder:
            data = await self._attachments.read(file, MAX_IMPORT_BYTES, hint=IMPORT_SIZE_HINT)
            await import_sheets(self._characters, responder, member_of(interaction), data,
                                file.filename)

    # -- autocomplete ----------------------------------------------------------------------------

    async def suggest(self, interaction: hikari.AutocompleteInteraction, which: Suggest,
                      typed: str, character: str | None) -> None:
        """Autocomplete: only what the user may see (or change), within Discord's limits."""
        async with self._wrapper.suggesting(interaction) as responder:
            try:
                choices = await self._suggestions(interaction, which, character)
            except NazhError:
                choices = []
            await responder.choices(matching(choices, typed))

    async def _suggestions(self, interaction: hikari.AutocompleteInteraction, which: Suggest,
                           character: str | None) -> list[Choice]:
        member = member_of(interaction)
        if which in SHEET_SUGGESTIONS:
            record = await self._characters.find(member, character, Act.CHANGE)
            return sheet_choices(record.sheet, which)
        gm = await self._characters.is_gm(member)
        records = await self._characters.visible(member, gm=gm)
        active = await self._characters.active_id(member)
        if which is Suggest.OWN:
            records = [r for r in records if r.owner_id == member.user_id]
        elif which is Suggest.CHANGEABLE:
            records = [r for r in records if allowed(r, member.user_id, gm, Act.CHANGE)]
        return [(choice_label(r, member.user_id, active), r.name) for r in records]


async def _answer_changed(responder: Responder, before: Character, changed: Changed, *,
                          long_rest: bool = False, spent: ActionSpent | None = None) -> None:
    """What changed (old -> new) and the derived values it moved; as visible as the sheet."""
    record = changed.record
    if not changed.changes:
        await responder.message(_("Nothing changed: **{name}** already has that.").format(
            name=named(record.name)), ephemeral=True)
        return
    with ToTable(record.shared):  # as visible as the sheet: a shared one's, the table's
        embed = _changed_embed(before, changed, long_rest, spent)
    await responder.message(embed=embed, ephemeral=not record.shared)


def _changed_embed(before: Character, changed: Changed, long_rest: bool,
                   spent: ActionSpent | None = None) -> hikari.Embed:
    """What changed (old -> new), the action it spent in a fight, the derived values it moved,
    and the pools now."""
    record = changed.record
    title = (_("Long rest: {name}") if long_rest else _("Changed: {name}")).format(
        name=named(record.name))
    embed = hikari.Embed(title=clip(f"✏️ {title}", DiscordLimits.EMBED_TITLE), color=BLURPLE)
    lines = changes_lines(changed.changes, escape)
    if spent is not None:
        lines.append("🎯 " + ngettext(
            "{name} spent an action to reload: {left} left this turn",
            "{name} spent an action to reload: {left} left this turn",
            spent.left).format(name=f"**{named(spent.combatant)}**", left=spent.left))
    embed.description = fit_lines(lines, DiscordLimits.EMBED_DESCRIPTION // 2)
    moved = derived_changes(before, record.sheet, escape)
    if moved:
        embed.add_field(_("Derived"), fit_lines(moved,
                                                DiscordLimits.EMBED_FIELD_VALUE))
    embed.add_field(_("Now"), fit_lines([
        " · ".join(f"{resource_word(r)} {pool_text(record.sheet, r)}" for r in Resource)],
        DiscordLimits.EMBED_FIELD_VALUE))
    # a sheet's version is the store's, not the player's: the footer says where the sheet is
    embed.set_footer(_("/character show shows the sheet"))
    return embed
