"""``/settings show|set|reset``: a server's own settings for Nazh (Manage Server to change)."""

from __future__ import annotations

from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.choices import chosen, one_of
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.settings.language import AUTO, ENDONYMS, Language, language_of
from nazh.application.settings.server import (
    MAX_HISTORY_DAYS,
    SETTING_NAMES,
    AnswerFormat,
    GuildSettings,
    ServerSettings,
    SettingChange,
    Visibility,
)
from nazh.presentation.chat import DiscordLimits, fit_lines
from nazh.presentation.i18n import _

loader = lightbulb.Loader()

FIELDS = {name: field for field, name in SETTING_NAMES.items()}
"""Each setting's command name -> its field."""
OFFERED = ("gm-role", "gm-channel", "default-visibility", "allow-reroll", "history-days",
           "anchor-channel", "players-raise-stakes", "language", "channel-languages",
           "answer-format")
"""The settings the command changes."""
RESETTABLE = [name for name in FIELDS if name in OFFERED]
"""The settings ``/settings reset`` puts back, in the order they are listed."""


class SettingsFeature:
    """Show and change a server's settings."""

    def __init__(self, settings: GuildSettings, wrapper: InteractionWrapper) -> None:
        self._settings = settings
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the servers' settings."""
        return cls(deps.settings, deps.wrapper)

    async def show(self, interaction: hikari.CommandInteraction) -> None:
        """``/settings show``: every setting (defaults where unset) and the latest changes."""
        answering = Answering("settings", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._show(responder, interaction, None)

    async def change(self, interaction: hikari.CommandInteraction,
                     values: dict[str, object]) -> None:
        """``/settings set ...`` / ``/settings reset setting``."""
        answering = Answering("settings", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._change(responder, interaction, values)

    async def channel_language(self, interaction: hikari.CommandInteraction, channel_id: int,
                               language: Language | None) -> None:
        """``/settings channel-language``: a channel's own language (``None``: the server's)."""
        answering = Answering("settings", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            before = (await self._settings.of(member.guild_id)).channel_languages
            after = (await self._settings.set_channel_language(
                member, channel_id, language)).channel_languages
            note = (_("Changed {settings}.").format(settings="`channel-languages`")
                    if before != after else _("Nothing changed: those are the current values."))
            await self._show(responder, interaction, note)

    async def _change(self, responder: Responder, interaction: hikari.CommandInteraction,
                      values: dict[str, object]) -> None:
        member = member_of(interaction)
        before = await self._settings.of(member.guild_id)
        after = await self._settings.change(member, **values)
        changed = [SETTING_NAMES[field] for field in values
                   if getattr(before, field) != getattr(after, field)]
        note = (_("Changed {settings}.").format(settings=", ".join(f"`{name}`" for name in changed))
                if changed else _("Nothing changed: those are the current values."))
        await self._show(responder, interaction, note)

    async def _show(self, responder: Responder, interaction: hikari.CommandInteraction,
                    note: str | None) -> None:
        member = member_of(interaction)
        if member.guild_id is None:
            await responder.message(
                _("Settings belong to a server. Here (a direct message, or a server where Nazh "
                  "is only installed by its users) the defaults apply:"),
                embed=settings_embed(await self._settings.of(None), [],
                                     self._settings.max_history_days, in_server=False,
                                     guild_locale=None),
                ephemeral=True)
            return
        current = await self._settings.of(member.guild_id)
        changes = await self._settings.changes(member)
        await responder.message(note or hikari.UNDEFINED,
                                embed=settings_embed(current, changes,
                                                     self._settings.max_history_days,
                                                     guild_locale=interaction.guild_locale),
                                ephemeral=True)


def settings_embed(settings: ServerSettings, changes: list[SettingChange], max_days: int, *,
                   in_server: bool = True, guild_locale: str | None = None) -> hikari.Embed:
    """The settings, what each means, and the latest changes."""
    gm = (f"<@&{settings.gm_role_id}>" if settings.gm_role_id is not None
          else _("members with Manage Server"))
    lines = [
        f"**gm-role**: {gm}",
        "**gm-channel**: " + (_("{channel} (secret rolls' results are posted there)").format(
            channel=f"<#{settings.gm_channel_id}>") if settings.gm_channel_id
            else _("unset (GMs see secret rolls with a Show me button)")),
        f"**default-visibility**: {settings.default_visibility.value}",
        "**allow-reroll**: " + (_("on") if settings.allow_reroll else _("off")),
        "**history-days**: " + (f"{settings.history_days}" if settings.history_days
                                else _("unset (/history reaches back {days} days)").format(
                                    days=max_days)),
        "**anchor-channel**: " + (_("{channel} (the signed checkpoints of this server's rolls "
                                    "are posted there)").format(
            channel=f"<#{settings.anchor_channel_id}>") if settings.anchor_channel_id
            else _("unset (checkpoints are not posted in this server)")),
        "**language**: " + language_line(settings.language, guild_locale),
        "**channel-languages**: " + (", ".join(
            f"<#{channel}> {ENDONYMS[language]}"
            for channel, language in settings.channel_languages)
            or _("unset (every channel speaks the server's language)")),
        "**players-raise-stakes**: "
        + (_("on") if settings.players_raise_stakes else _("off")) + " "
        + (_("(a house rule: a roller may add the plot die to their posted roll)")
           if settings.players_raise_stakes
           else _("(only a GM adds the plot die to a posted roll)")),
        "**answer-format**: " + (
            _("compact (each roll answered in one line)")
            if settings.answer_format is AnswerFormat.COMPACT
            else _("full (each roll answered with its card)")),
    ]
    embed = hikari.Embed(title="⚙️ " + (_("Nazh settings") if in_server
                                       else _("Nazh settings (defaults)")),
                         description="\n".join(lines), color=BLURPLE)
    if changes:
        embed.add_field(_("Latest changes"), fit_lines(
            # named by the /settings set option the GM types, as the list above names it
            [f"<t:{int(change.at.timestamp())}:R> <@{change.user_id}> **{change.setting}**: "
             f"{_audited(change.setting, change.old)} → {_audited(change.setting, change.new)}"
             for change in changes],
            DiscordLimits.EMBED_FIELD_VALUE))
    if in_server:
        embed.set_footer(_("Change with /settings set (Manage Server) · /settings reset "
                           "setting"))
    return embed


MENTIONED = {"gm-role": "<@&{id}>", "gm-channel": "<#{id}>", "anchor-channel": "<#{id}>"}
"""The settings kept as a Discord id: shown as the role or channel it names, never the id."""


def _audited(setting: str, value: str) -> str:
    """A value of the audit trail as a GM reads it (a role or channel mentioned, not its id)."""
    mention = MENTIONED.get(setting)
    return mention.format(id=value) if mention and value.isascii() and value.isdigit() \
        else value


def language_line(language: Language | None, guild_locale: str | None) -> str:
    """The ``language`` setting as ``/settings show`` tells it."""
    if language is not None:
        return ENDONYMS[language]
    spoken = language_of(guild_locale)
    return (_("auto (the server's locale: {language})").format(language=ENDONYMS[spoken])
            if spoken is not None else _("auto (the server's locale, else English)"))


# -- the commands ----------------------------------------------------------------------------

settings_group = lightbulb.Group(
    "settings", "Nazh's settings for this server",
    default_member_permissions=hikari.Permissions.MANAGE_GUILD, **EVERYWHERE, localize=True)


@settings_group.register
class Show(lightbulb.SlashCommand, name="show",
           description="Show this server's Nazh settings and their latest changes", localize=True):
    """``/settings show``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SettingsFeature) -> None:
        """Show them."""
        await feature.show(ctx.interaction)


VISIBILITY_CHOICES = [lightbulb.Choice(v.value, v.value, localize=True) for v in Visibility]
FORMAT_CHOICES = [lightbulb.Choice(f.value, f.value, localize=True) for f in AnswerFormat]
LANGUAGE_CHOICES = [lightbulb.Choice(AUTO, AUTO, localize=True)] + [
    lightbulb.Choice(ENDONYMS[language], language.value, localize=True) for language in Language]
LANGUAGES = [AUTO, *(language.value for language in Language)]
"""The ``language`` options' values (``auto``: the server's locale; a channel's: the server's)."""


def language_chosen(value: str) -> Language | None:
    """The language a ``language`` option asks for (``None``: auto)."""
    chosen_value = one_of("language", value, LANGUAGES)
    return None if chosen_value == AUTO else Language(chosen_value)


@settings_group.register
class Set(lightbulb.SlashCommand, name="set",
          description="Change this server's Nazh settings (needs Manage Server)", localize=True):
    """``/settings set``: any of the server's settings, each an option."""

    gm_role = lightbulb.role("gm-role", "Who counts as GM (unset: Manage Server holders)",
                             default=None, localize=True)
    gm_channel = lightbulb.channel("gm-channel", "Where GMs are shown secret rolls",
                                   default=None, channel_types=[hikari.ChannelType.GUILD_TEXT],
                                   localize=True)
    default_visibility = lightbulb.string("default-visibility",
                                          "Who sees a /roll without visibility",
                                          choices=VISIBILITY_CHOICES, default=None, localize=True)
    allow_reroll = lightbulb.boolean("allow-reroll", "Offer Reroll on results (talents, "
                                     "house rules)", default=None, localize=True)
    history_days = lightbulb.integer("history-days", "How far back /history reaches",
                                     min_value=1, max_value=MAX_HISTORY_DAYS, default=None,
                                     localize=True)
    anchor_channel = lightbulb.channel("anchor-channel", "Where the signed checkpoints of this "
                                       "server's rolls are posted", default=None,
                                       channel_types=[hikari.ChannelType.GUILD_TEXT], localize=True)
    language = lightbulb.string("language", "The language of the table's cards (auto: the "
                                "server's locale)", choices=LANGUAGE_CHOICES, default=None,
                                localize=True)
    players_raise_stakes = lightbulb.boolean(
        "players-raise-stakes", "House rule: a roller may add the plot die to their posted "
        "roll (else only a GM)", default=None, localize=True)
    answer_format = lightbulb.string("answer-format", "How rolls are answered: full cards, or "
                                     "one line each (busy channels)", choices=FORMAT_CHOICES,
                                     default=None, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SettingsFeature) -> None:
        """Change the given ones."""
        values: dict[str, object] = {}
        if self.gm_role is not None:
            values["gm_role_id"] = int(self.gm_role.id)
        if self.gm_channel is not None:
            values["gm_channel_id"] = int(self.gm_channel.id)
        if self.default_visibility is not None:
            values["default_visibility"] = chosen("default-visibility",
                                                  self.default_visibility, Visibility)
        if self.allow_reroll is not None:
            values["allow_reroll"] = bool(self.allow_reroll)
        if self.history_days is not None:
            values["history_days"] = int(self.history_days)
        if self.anchor_channel is not None:
            values["anchor_channel_id"] = int(self.anchor_channel.id)
        if self.players_raise_stakes is not None:
            values["players_raise_stakes"] = bool(self.players_raise_stakes)
        if self.language is not None:
            values["language"] = language_chosen(self.language)
        if self.answer_format is not None:
            values["answer_format"] = chosen("answer-format", self.answer_format, AnswerFormat)
        await feature.change(ctx.interaction, values)


@settings_group.register
class ChannelLanguage(lightbulb.SlashCommand, name="channel-language",
                      description="A channel's own language for the table's cards (needs "
                                  "Manage Server)", localize=True):
    """``/settings channel-language language [channel]``."""

    language = lightbulb.string("language", "The channel's language (auto: the server's)",
                                choices=LANGUAGE_CHOICES, localize=True)
    channel = lightbulb.channel("channel", "Which channel (default: this one)", default=None,
                                channel_types=[hikari.ChannelType.GUILD_TEXT], localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SettingsFeature) -> None:
        """Set it."""
        channel_id = int(self.channel.id) if self.channel is not None else int(ctx.channel_id)
        await feature.channel_language(ctx.interaction, channel_id,
                                       language_chosen(self.language))


@settings_group.register
class Reset(lightbulb.SlashCommand, name="reset",
            description="Put one of this server's Nazh settings back to its default",
            localize=True):
    """``/settings reset setting``."""

    setting = lightbulb.string("setting", "The setting", choices=[
        lightbulb.Choice(name, name, localize=True) for name in RESETTABLE], localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SettingsFeature) -> None:
        """Reset it."""
        field = FIELDS[one_of("setting", self.setting, RESETTABLE)]
        await feature.change(ctx.interaction, {field: getattr(ServerSettings(), field)})


loader.command(settings_group)
