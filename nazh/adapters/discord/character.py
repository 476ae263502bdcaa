"""``/character new|show|list|use|set|weapon|skill|share|rest|delete|export|import``: the
table's Cosmere characters, and the controls under a sheet.

Who sees and changes what is the one rule of :mod:`nazh.application.characters.access`: the
sheet shows its owner and the GMs, and the table too when the owner shares it (in a server:
outside servers a sheet is its maker's alone, never shared). So ``show`` (and the answers of
``set``, ``weapon``, ``skill`` and ``rest``) is a public message only for a shared sheet and is
ephemeral otherwise; listing, choosing, sharing, deleting, exporting and importing answer only
the asker. The sheet's buttons move health, focus and investiture for its
owner and the GMs; anyone else is told so, privately, and nothing changes. A custom id is data
(it may be forged): an unknown character, one of another server and one the clicker may not see
are all "no longer kept". Deleting asks first: an ephemeral Delete button whose id carries the
character's version, so it deletes only the sheet the asker saw.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

import hikari
import lightbulb

from nazh.adapters.discord.attachments import AttachmentReader
from nazh.adapters.discord.choices import chosen, one_of
from nazh.adapters.discord.embeds import BLURPLE
from nazh.adapters.discord.reach import EVERYWHERE
from nazh.adapters.discord.reports import kept_message, report, send_kept
from nazh.adapters.discord.responder import Choice, Responder
from nazh.adapters.discord.result import post, roller_of, tell_gm_channel
from nazh.adapters.discord.settings import member_of
from nazh.adapters.discord.sheet import (
    DELETE_KIND,
    SHEET_KIND,
    SHEET_SUGGESTIONS,
    CharacterControl,
    SheetControl,
    Suggest,
    choice_label,
    delete_control,
    export_name,
    import_embed,
    list_embed,
    matching,
    named,
    sheet_choices,
    sheet_components,
    sheet_embed,
    unshared_embed,
)
from nazh.adapters.discord.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.characters.access import Act, allowed
from nazh.application.characters.fields import AUTO
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.service import Changed, Characters
from nazh.application.characters.transfer import (
    IMPORT_SIZE_HINT,
    MAX_IMPORT_BYTES,
    export,
    read_import,
)
from nazh.application.rolls.character_rolls import CharacterRolls
from nazh.application.rolls.model import RollRequest
from nazh.application.saved.shelves import ImportLine, ImportRefusedError
from nazh.application.settings.server import GuildSettings
from nazh.domain.character import (
    MAX_LEVEL,
    MAX_NAME_LENGTH,
    MAX_RANKS,
    MAX_TEXT_LENGTH,
    MIN_LEVEL,
    MIN_RANKS,
    Attribute,
    Character,
    Kind,
    Resource,
    Weapon,
)
from nazh.domain.errors import NazhError
from nazh.presentation.character import (
    changes_lines,
    derived_changes,
    kind_text,
    pool_text,
)
from nazh.presentation.chat import DiscordLimits, clip, escape, fit_lines

loader = lightbulb.Loader()

DAMAGE_TYPES = ("energy", "impact", "keen", "spirit", "vital")
"""The damage types of the Cosmere RPG (``/character weapon type``)."""


class Rest(Enum):
    """``/character rest kind``."""

    SHORT = "short"
    LONG = "long"


RECOVERED = (Resource.HEALTH, Resource.FOCUS)
"""What a short rest's points may go to first (``/character rest first``)."""


# -- the feature -------------------------------------------------------------------------------


class CharacterFeature:
    """Characters' commands, autocomplete and sheet controls."""

    def __init__(self, characters: Characters, character_rolls: CharacterRolls,
                 wrapper: InteractionWrapper, attachments: AttachmentReader,
                 settings: GuildSettings) -> None:
        self._characters = characters
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._attachments = attachments
        self._settings = settings

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
            note = f"Made **{named(record.name)}**" + (
                ", your active character here." if active else ".")
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
        await responder.message(note or hikari.UNDEFINED, embed=sheet_embed(record, audit),
                                components=sheet_components(record),
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
            await responder.message(f"**{named(record.name)}** is your active character here "
                                    "(commands without a character use it).", ephemeral=True)

    # -- changed -----------------------------------------------------------------------------

    async def set(self, interaction: hikari.CommandInteraction, name: str | None,
                  field: str, value: str) -> None:
        """``/character set field value [character]``: one field, checked."""
        async with self._wrapper.answering(interaction, Answering(
                "character set", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            changed = await self._characters.set(member, name, field, value)
            await self._changed(responder, before.sheet, changed)

    async def weapon(self, interaction: hikari.CommandInteraction, name: str | None,
                     weapon: WeaponOptions) -> None:
        """``/character weapon``: add or replace a weapon, or remove it."""
        async with self._wrapper.answering(interaction, Answering(
                "character weapon", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            if weapon.remove:
                changed = await self._characters.disarm(member, name, weapon.name)
            else:
                changed = await self._characters.arm(member, name, weapon.weapon())
            await self._changed(responder, before.sheet, changed)

    async def skill(self, interaction: hikari.CommandInteraction, name: str | None,
                    skill: str, attribute: Attribute | None, ranks: int | None,
                    remove: bool) -> None:
        """``/character skill``: a skill's ranks (a custom skill added), or one removed."""
        async with self._wrapper.answering(interaction, Answering(
                "character skill", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            if remove:
                changed = await self._characters.forget(member, name, skill)
            elif ranks is None:
                raise NazhError("give the skill's ranks (0-5), or remove:true to remove it")
            else:
                changed = await self._characters.train(member, name, skill, attribute, ranks)
            await self._changed(responder, before.sheet, changed)

    async def rest(self, interaction: hikari.CommandInteraction, kind: Rest,
                   name: str | None, first: Resource = Resource.HEALTH) -> None:
        """``/character rest kind [character] [first]``."""
        if kind is Rest.SHORT:
            await self.rest_short(interaction, name, first)
            return
        async with self._wrapper.answering(interaction, Answering(
                "character rest", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            before = await self._characters.find(member, name, Act.CHANGE)
            changed = await self._characters.rest_long(member, name)
            await self._changed(responder, before.sheet, changed, "Long rest")

    async def rest_short(self, interaction: hikari.CommandInteraction, name: str | None,
                         first: Resource) -> None:
        """A short rest: the recovery die rolled with the character (a roll of the server's
        default visibility, in the chain) and its points recovered, ``first`` then the other,
        said on the roll's result."""
        async with self._wrapper.answering(interaction, Answering(
                "character rest", "command")) as responder:
            server = await self._settings.of(interaction.guild_id)
            rolled = await self._rolls.short_rest(
                member_of(interaction), RollRequest("", roller_of(interaction),
                                                    received=responder.received,
                                                    server=server),
                character=name, first=first)
            record = rolled.record
            await post(responder, interaction, record, ephemeral=record.private,
                       sheet=rolled.sheet)
            if record.hidden and server.gm_channel_id is not None:
                await tell_gm_channel(interaction, record, server.gm_channel_id, rolled.sheet)

    async def _changed(self, responder: Responder, before: Character, changed: Changed,
                       what: str = "Changed") -> None:
        """What changed (old -> new) and the derived values it moved; as visible as the
        sheet."""
        record = changed.record
        if not changed.changes:
            await responder.message(f"Nothing changed: **{named(record.name)}** already has "
                                    "that.", ephemeral=True)
            return
        embed = hikari.Embed(title=clip(f"✏️ {what}: {named(record.name)}",
                                         DiscordLimits.EMBED_TITLE),
                             color=BLURPLE)
        embed.description = fit_lines([escape(line) for line in changes_lines(changed.changes)],
                                      DiscordLimits.EMBED_DESCRIPTION // 2)
        moved = derived_changes(before, record.sheet)
        if moved:
            embed.add_field("Derived", fit_lines([escape(line) for line in moved],
                                                 DiscordLimits.EMBED_FIELD_VALUE))
        embed.add_field("Now", fit_lines([
            " · ".join(f"{r.title} {pool_text(record.sheet, r)}" for r in Resource)],
            DiscordLimits.EMBED_FIELD_VALUE))
        embed.set_footer(f"{record.character_id} · version {record.version} · "
                         "/character show shows the sheet")
        await responder.message(embed=embed, ephemeral=not record.shared)

    async def share(self, interaction: hikari.CommandInteraction, name: str | None,
                    shared: bool) -> None:
        """``/character share shared [character]``: the owner shows the sheet to the table,
        or stops."""
        async with self._wrapper.answering(interaction, Answering(
                "character share", "command", ephemeral=True)) as responder:
            record = await self._characters.share(member_of(interaction), name, shared)
            said = ("is shared: the table sees it (/character show posts it for everyone)"
                    if record.shared else "is no longer shared: only you and the GMs see it")
            await responder.message(f"**{named(record.name)}**'s sheet {said}.",
                                    ephemeral=True)

    async def delete(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/character delete name``: asks first, with a Delete button."""
        async with self._wrapper.answering(interaction, Answering(
                "character delete", "command", ephemeral=True)) as responder:
            record = await self._characters.find(member_of(interaction), name, Act.CHANGE)
            row = hikari.impl.MessageActionRowBuilder()
            row.add_interactive_button(
                hikari.ButtonStyle.DANGER, delete_control(record.character_id, record.version),
                label=clip(f"Delete {record.name}", DiscordLimits.BUTTON_LABEL))
            await responder.message(
                f"Delete **{named(record.name)}** ({kind_text(record.sheet)}) and its history "
                "of changes? This cannot be undone (/character export keeps a copy). Dismiss "
                "this message to keep it.", components=[row], ephemeral=True)

    # -- files ---------------------------------------------------------------------------------

    async def export(self, interaction: hikari.CommandInteraction, name: str | None) -> None:
        """``/character export [name]``: the sheet as a versioned JSON file, to the asker (the
        file is made before the message announcing it is sent)."""
        async with self._wrapper.answering(interaction, Answering(
                "character export", "command", ephemeral=True)) as responder:
            record = await self._characters.find(member_of(interaction), name, Act.SEE)
            filename = export_name(record.name)
            data = export(record)
            await responder.message(f"**{named(record.name)}**, as "
                                    f"`{filename}`: import it with /character import.",
                                    ephemeral=True)
            await responder.interaction.execute(
                attachment=hikari.Bytes(data, filename, mimetype="application/json"),
                flags=hikari.MessageFlag.EPHEMERAL)

    async def import_(self, interaction: hikari.CommandInteraction,
                      file: hikari.Attachment) -> None:
        """``/character import file``: a Nazh export or a Foundry VTT actor, all or none. The
        report is built (and checked) before anything is kept."""
        async with self._wrapper.answering(interaction, Answering(
                "character import", "command", ephemeral=True)) as responder:
            data = await self._attachments.read(file, MAX_IMPORT_BYTES, hint=IMPORT_SIZE_HINT)
            try:
                imported = read_import(data, file.filename)
            except ImportRefusedError as refused:
                answer = report(f"Nothing was imported: {escape(refused.reason)}.",
                                import_embed(refused.lines, ()))
                await responder.message(answer.content, embed=answer.embed, ephemeral=True)
                return
            source = "a Foundry VTT export" if imported.source == "foundry" else "a Nazh export"
            names = [sheet.name for sheet in imported.sheets]
            answer = report(f"Imported {len(names)} character(s) from {source}.",
                            import_embed([ImportLine(name) for name in names], imported.skipped))
            await self._characters.keep(member_of(interaction), imported.sheets)
            await send_kept(responder, answer,
                            kept_message(f"{len(names)} character(s)", names))

    # -- controls --------------------------------------------------------------------------------

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: CharacterControl) -> None:
        """A sheet's resource button, or a deletion's confirmation."""
        kind = SHEET_KIND if isinstance(control, SheetControl) else DELETE_KIND
        async with self._wrapper.answering(interaction, Answering(
                f"component:{kind}", "component", DEFER_UPDATE)) as responder:
            if isinstance(control, SheetControl):
                await self._adjust(responder, interaction, control)
            else:
                record = await self._characters.delete_confirmed(
                    member_of(interaction), control.character_id, control.version)
                await responder.update(f"Deleted **{named(record.name)}**.", components=[])

    async def _adjust(self, responder: Responder, interaction: hikari.ComponentInteraction,
                      control: SheetControl) -> None:
        member = member_of(interaction)
        public = not interaction.message.flags & hikari.MessageFlag.EPHEMERAL
        record = await self._characters.get(member, control.character_id, Act.SEE)
        if public and not record.shared:
            await responder.update(embed=unshared_embed(record), components=[])
            return
        changed = await self._characters.adjust(member, control.character_id,
                                                control.resource, control.by)
        record = changed.record
        if public and not record.shared:
            await responder.update(embed=unshared_embed(record), components=[])
            return
        await responder.update(embed=sheet_embed(record, await self._characters.audit(record)),
                               components=sheet_components(record))

    # -- autocomplete ----------------------------------------------------------------------------

    async def suggest(self, interaction: hikari.AutocompleteInteraction, which: Suggest,
                      typed: str, character: str | None) -> None:
        """Autocomplete: only what the user may see (or change), at most 25, each name at most
        100 characters; nothing when the character option names none of theirs."""
        try:
            choices = await self._suggestions(interaction, which, character)
        except NazhError:
            choices = []
        await self._wrapper.responder(interaction).choices(matching(choices, typed))

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


# -- options -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeaponOptions:
    """The options of ``/character weapon``."""

    name: str
    skill: str | None = None
    damage: str | None = None
    damage_type: str | None = None
    traits: str | None = None
    can_graze: bool = True
    remove: bool = False

    def weapon(self) -> Weapon:
        """The weapon to add.

        Raises:
            NazhError: its skill or damage is missing.
        """
        if not self.skill or not self.damage:
            raise NazhError("a weapon needs its skill and its damage (e.g. skill:heavy-weaponry "
                            "damage:1d8), or remove:true to remove it")
        traits = tuple(" ".join(t.split()) for t in (self.traits or "").split(","))
        return Weapon(" ".join(self.name.split()), self.skill.strip(),
                      "".join(self.damage.split()), self.damage_type,
                      self.can_graze, tuple(t for t in traits if t))


# -- the commands ----------------------------------------------------------------------------


def _suggester(which: Suggest) -> Callable[..., Awaitable[None]]:
    async def suggest(ctx: lightbulb.AutocompleteContext[str],
                      feature: CharacterFeature = lightbulb.di.INJECTED) -> None:
        character = next((option.value for option in ctx.options
                          if option.name == "character" and not option.is_focused), None)
        await feature.suggest(ctx.interaction, which, str(ctx.focused.value or ""),
                              str(character) if character else None)
    return suggest


def character_option() -> str | None:
    """The ``character`` option: which character (default: your active one)."""
    return lightbulb.string("character", "Which character (default: your active one)",
                            default=None, max_length=MAX_NAME_LENGTH,
                            autocomplete=_suggester(Suggest.CHANGEABLE))


ATTRIBUTE_CHOICES = [lightbulb.Choice(a.name.lower(), a.name.lower()) for a in Attribute]
ATTRIBUTE_NAMES = [a.name.lower() for a in Attribute]

character_group = lightbulb.Group("character", "Your Cosmere characters (and a GM's adversaries)",
                                  **EVERYWHERE)


def _score(attribute: Attribute) -> int:
    return lightbulb.integer(attribute.name.lower(), f"{attribute.title} (0-10)", default=0,
                             min_value=0, max_value=10)


@character_group.register
class New(lightbulb.SlashCommand, name="new",
          description="Make a character (a GM: an adversary)"):
    """``/character new name [kind] [level] [strength] ... [presence] [shared]``."""

    name_ = lightbulb.string("name", "Its name (1-64 characters)", min_length=1,
                             max_length=MAX_NAME_LENGTH)
    kind = lightbulb.string("kind", "character (yours) or adversary (GMs)", default="character",
                            choices=[lightbulb.Choice(k.value, k.value) for k in Kind])
    level = lightbulb.integer("level", "Level (1-30)", default=1, min_value=MIN_LEVEL,
                              max_value=MAX_LEVEL)
    strength = _score(Attribute.STRENGTH)
    speed = _score(Attribute.SPEED)
    intellect = _score(Attribute.INTELLECT)
    willpower = _score(Attribute.WILLPOWER)
    awareness = _score(Attribute.AWARENESS)
    presence = _score(Attribute.PRESENCE)
    shared = lightbulb.boolean("shared", "Show the sheet to the table, in a server (default: "
                               "only you and the GMs)", default=False)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Make it."""
        kind = chosen("kind", self.kind, Kind)
        scores = dict(zip(Attribute, (self.strength, self.speed, self.intellect, self.willpower,
                                      self.awareness, self.presence), strict=True))
        await feature.new(ctx.interaction, self.name_, kind, self.level, scores,
                          bool(self.shared))


@character_group.register
class Show(lightbulb.SlashCommand, name="show",
           description="A character's sheet (public when it is shared)"):
    """``/character show [name]``."""

    name_ = lightbulb.string("name", "Which character (default: your active one)",
                             default=None, max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.VISIBLE))

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Show it."""
        await feature.show(ctx.interaction, self.name_)


@character_group.register
class List(lightbulb.SlashCommand, name="list",
           description="The characters you can see here"):
    """``/character list``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """List them."""
        await feature.listing(ctx.interaction)


@character_group.register
class Use(lightbulb.SlashCommand, name="use",
          description="Make one of your characters your active one here"):
    """``/character use name``."""

    name_ = lightbulb.string("name", "Your character", max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.OWN))

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Use it."""
        await feature.use(ctx.interaction, self.name_)


@character_group.register
class Set(lightbulb.SlashCommand, name="set",
          description="Change one field of a character (checked)"):
    """``/character set field value [character]``."""

    field = lightbulb.string("field", "e.g. level, strength, insight, health, focus-max",
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.FIELD))
    value = lightbulb.string("value", f"The new value (a maximum or defense: {AUTO} derives "
                             "it again)", max_length=1000)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Set it."""
        await feature.set(ctx.interaction, self.character, self.field, self.value)


@character_group.register
class WeaponCommand(lightbulb.SlashCommand, name="weapon",
                    description="Add or change a character's weapon, or remove it"):
    """``/character weapon name [skill] [damage] [type] [traits] [can_graze] [remove]
    [character]``."""

    name_ = lightbulb.string("name", "The weapon's name", max_length=MAX_TEXT_LENGTH,
                             autocomplete=_suggester(Suggest.WEAPON))
    skill = lightbulb.string("skill", "The skill its test uses", default=None,
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.SKILL))
    damage = lightbulb.string("damage", "Its damage dice, e.g. 1d8 or 2d6+2", default=None,
                              max_length=40)
    type_ = lightbulb.string("type", "Its damage type", default=None,
                             choices=[lightbulb.Choice(t, t) for t in DAMAGE_TYPES])
    traits = lightbulb.string("traits", "Its traits, comma-separated (e.g. deadly, two-handed)",
                              default=None, max_length=700)
    can_graze = lightbulb.boolean("can_graze", "A miss may become a graze (default true)",
                                  default=True)
    remove = lightbulb.boolean("remove", "Remove the weapon", default=False)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Arm or disarm."""
        damage_type = one_of("type", self.type_, DAMAGE_TYPES) if self.type_ else None
        await feature.weapon(ctx.interaction, self.character, WeaponOptions(
            self.name_, self.skill, self.damage, damage_type, self.traits,
            bool(self.can_graze), bool(self.remove)))


@character_group.register
class SkillCommand(lightbulb.SlashCommand, name="skill",
                   description="Set a skill's ranks, add a custom skill, or remove one"):
    """``/character skill name [attribute] [ranks] [remove] [character]``."""

    name_ = lightbulb.string("name", "The skill (a new one, e.g. a surge, is added)",
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.SKILL))
    attribute = lightbulb.string("attribute", "Its attribute (a new skill needs it)",
                                 default=None, choices=ATTRIBUTE_CHOICES)
    ranks = lightbulb.integer("ranks", "Its ranks (0-5)", default=None, min_value=MIN_RANKS,
                              max_value=MAX_RANKS)
    remove = lightbulb.boolean("remove", "Remove the custom skill", default=False)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Train or forget."""
        attribute = (Attribute.named(one_of("attribute", self.attribute, ATTRIBUTE_NAMES))
                     if self.attribute else None)
        await feature.skill(ctx.interaction, self.character, self.name_, attribute,
                            self.ranks, bool(self.remove))


@character_group.register
class Share(lightbulb.SlashCommand, name="share",
            description="Show your character's sheet to the server's table, or stop"):
    """``/character share shared [character]``."""

    shared = lightbulb.boolean("shared", "true: the table sees the sheet; false: only you "
                               "and the GMs")
    character = lightbulb.string("character", "Which of your characters (default: your "
                                 "active one)", default=None, max_length=MAX_NAME_LENGTH,
                                 autocomplete=_suggester(Suggest.OWN))

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Share it, or stop."""
        await feature.share(ctx.interaction, self.character, bool(self.shared))


@character_group.register
class RestCommand(lightbulb.SlashCommand, name="rest",
                  description="A rest: long (health and focus to their maxima) or short"):
    """``/character rest kind [character]``."""

    kind = lightbulb.string("kind", "short (roll the recovery die) or long (health and focus "
                            "to their maxima)", choices=[
                                lightbulb.Choice(r.value, r.value) for r in Rest])
    character = character_option()
    first = lightbulb.string("first", "A short rest's points go to this first, the rest to the "
                             "other (default health)", default=None, choices=[
                                 lightbulb.Choice(r.value, r.value) for r in RECOVERED])

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Rest."""
        first = (Resource.HEALTH if self.first is None
                 else Resource(one_of("first", self.first, [r.value for r in RECOVERED])))
        await feature.rest(ctx.interaction, chosen("kind", self.kind, Rest), self.character,
                           first)


@character_group.register
class Delete(lightbulb.SlashCommand, name="delete",
             description="Delete a character (asks first)"):
    """``/character delete name``."""

    name_ = lightbulb.string("name", "Which character", max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.CHANGEABLE))

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Ask to delete it."""
        await feature.delete(ctx.interaction, self.name_)


@character_group.register
class Export(lightbulb.SlashCommand, name="export",
             description="A character as a JSON file (to import here, elsewhere, later)"):
    """``/character export [name]``."""

    name_ = lightbulb.string("name", "Which character (default: your active one)",
                             default=None, max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.VISIBLE))

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Export it."""
        await feature.export(ctx.interaction, self.name_)


@character_group.register
class Import(lightbulb.SlashCommand, name="import",
             description="Import characters from /character export or a Foundry VTT actor"):
    """``/character import file``."""

    file = lightbulb.attachment("file", f"The JSON file (at most {MAX_IMPORT_BYTES // 1024} "
                                "KiB)")

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Import it."""
        await feature.import_(ctx.interaction, self.file)


loader.command(character_group)
