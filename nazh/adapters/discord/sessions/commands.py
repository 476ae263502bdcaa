"""``/session``: a GM starts and ends a session of play in a channel (``start``, ``end``) and
sets the server's quiet spell (``settings``); anyone in the channel shows a session's recap
(``recap``) or takes its journal (``journal``). Ending a session posts its recap card (Details
and Journal on it answer the clicker alone).

Sessions are closed lazily after a quiet spell (see
:mod:`nazh.application.sessions.use_cases`): these commands check first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.adapters.discord.sessions.card import details_components, recap_components
from nazh.adapters.discord.sessions.controls import CODEC, SessionControl
from nazh.application.sessions.model import SessionRecord
from nazh.application.sessions.use_cases import Sessions
from nazh.domain.session import MAX_NAME_LENGTH
from nazh.presentation.chat import clip, shown
from nazh.presentation.i18n import ToTable, _
from nazh.presentation.session_card import DETAILS, quiet_text
from nazh.presentation.session_json import dumps, export
from nazh.presentation.session_markdown import journal_markdown

__all__ = ["CODEC", "SessionFeature", "loader"]

loader = lightbulb.Loader()
IN_SERVERS: dict[str, object] = {
    "integration_types": [hikari.ApplicationIntegrationType.GUILD_INSTALL,
                          hikari.ApplicationIntegrationType.USER_INSTALL],
    "contexts": [hikari.ApplicationContextType.GUILD],
}
"""Sessions are played in a server's channels (where there is a GM)."""
MARKDOWN = "text/markdown"


def session_name(record: SessionRecord) -> str:
    """``«The Shattered Plains»``, or ``the session`` when it has no name."""
    name = record.session.name
    return f"«{shown(name, 60)}»" if name else _("the session")


def stamp(at: datetime) -> str:
    """A time as Discord shows it to each reader, in their own zone."""
    return f"<t:{int(at.timestamp())}:f>"


def journal_files(record: SessionRecord) -> tuple[str, str]:
    """The names of a session's journal files (``.md``, ``.json``)."""
    day = record.session.started_at.strftime("%Y-%m-%d")
    return f"session-{day}-{record.session_id}.md", f"session-{day}-{record.session_id}.json"


def choice_label(record: SessionRecord) -> str:
    """``The Shattered Plains · 2026-03-06 19:00 UTC (open)``: a session to choose from."""
    session = record.session
    name = session.name or _("Session")
    when = session.started_at.strftime("%Y-%m-%d %H:%M UTC")
    shown = f"{name} · {when}"
    return clip(_("{session} (open)").format(session=shown) if session.open else shown, 100)


class SessionFeature:
    """The sessions' commands and their recap card's buttons."""

    def __init__(self, sessions: Sessions, wrapper: InteractionWrapper) -> None:
        self._sessions = sessions
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the sessions' use cases."""
        return cls(deps.sessions, deps.wrapper)

    async def start(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/session start [name]``: a new session in the channel (a GM), said to all."""
        async with self._wrapper.answering(interaction, Answering(
                "session start", "command")) as responder:
            member = member_of(interaction)
            started = await self._sessions.start(member, name)
            quiet = await self._sessions.quiet_of(member.guild_id)
            lines = ["🎬 " + _("**Session {name} started** by {gm}. It ends with /session end, "
                               "or after {quiet} without a roll.").format(
                name=session_name(started.record), gm=f"<@{member.user_id}>",
                quiet=quiet_text(quiet))]
            if started.lapsed is not None:
                lines.append(self._lapsed(started.lapsed))
            await responder.message("\n".join(lines))

    @staticmethod
    def _lapsed(record: SessionRecord) -> str:
        ended = record.session.ended_at or record.session.started_at
        return _("The last one, {name}, had ended after a quiet spell at {time}: /session "
                 "recap shows it.").format(name=session_name(record), time=stamp(ended))

    async def end(self, interaction: hikari.CommandInteraction) -> None:
        """``/session end``: the channel's session ended (a GM), its recap card posted."""
        async with self._wrapper.answering(interaction, Answering(
                "session end", "command")) as responder:
            member = member_of(interaction)
            ended = await self._sessions.end(member)
            recap = await self._sessions.recap(member, ended.session_id)
            await responder.card(recap_components(recap))

    async def recap(self, interaction: hikari.CommandInteraction, which: str | None) -> None:
        """``/session recap [session]``: a session's recap card, for the channel."""
        async with self._wrapper.answering(interaction, Answering(
                "session recap", "command")) as responder:
            recap = await self._sessions.recap(member_of(interaction), which)
            await responder.card(recap_components(recap))

    async def journal(self, interaction: hikari.CommandInteraction, which: str | None) -> None:
        """``/session journal [session]``: its journal as Markdown and JSON, to the asker."""
        async with self._wrapper.answering(interaction, Answering(
                "session journal", "command", ephemeral=True)) as responder:
            await self._journal(responder, interaction, which)

    async def _journal(self, responder: Responder, interaction: hikari.PartialInteraction,
                       which: str | None) -> None:
        journal = await self._sessions.journal(member_of(interaction), which)
        record = journal.recap.session
        head = journal.head
        checked = "" if head is None else " " + _(
            "It was made from the channel's roll log up to record #{seq}: {verify} shows that "
            "record and its hash ({hash}).").format(
                seq=head.seq, verify=f"`/verify roll_id:{head.roll_id}`",
                hash=f"`{head.hash[:16]}…`")
        await responder.message("📜 " + _("The journal of {name}, in Markdown for a wiki and as "
                                          "JSON.").format(name=session_name(record)) + checked,
                                ephemeral=True)
        markdown, data = journal_files(record)
        with ToTable():  # a document for the campaign's wiki: in the table's language
            text = journal_markdown(journal)
        await responder.file(text.encode(), markdown, ephemeral=True, mimetype=MARKDOWN)
        await responder.file(dumps(export(journal)).encode(), data, ephemeral=True)

    async def settings(self, interaction: hikari.CommandInteraction,
                       quiet: str | None) -> None:
        """``/session settings [quiet]``: the server's quiet spell, shown or set (a GM)."""
        async with self._wrapper.answering(interaction, Answering(
                "session settings", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            if quiet is None:
                now = await self._sessions.quiet_of(member.guild_id)
                await responder.message(_("Nazh closes a session after {quiet} without a "
                                          "roll or a change (a GM sets it with quiet:).")
                                        .format(quiet=quiet_text(now)), ephemeral=True)
                return
            kept = await self._sessions.set_quiet(member, quiet)
            await responder.message(_("Nazh now closes a session after {quiet} without a "
                                      "roll or a change.").format(quiet=quiet_text(kept)),
                                    ephemeral=True)

    async def suggest(self, interaction: hikari.AutocompleteInteraction, typed: str) -> None:
        """Autocomplete of ``session``: the channel's latest sessions."""
        listed = await self._sessions.listed(member_of(interaction))
        async with self._wrapper.suggesting(interaction) as responder:
            choices = [(choice_label(record), record.session_id) for record in listed]
            await responder.choices(matching(choices, typed))

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: SessionControl) -> None:
        """Details or Journal on a recap card: answered to the clicker alone."""
        async with self._wrapper.answering(interaction, Answering(
                f"component:session-{control.action}", "component",
                ephemeral=True)) as responder:
            if control.action == DETAILS:
                recap = await self._sessions.recap(member_of(interaction), control.session_id)
                await responder.card(details_components(recap), ephemeral=True)
                return
            await self._journal(responder, interaction, control.session_id)


async def suggest_sessions(ctx: lightbulb.AutocompleteContext[str],
                           feature: SessionFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``session``."""
    await feature.suggest(ctx.interaction, str(ctx.focused.value or ""))


def session_option() -> str | None:
    """The ``session`` option (the channel's latest, by default)."""
    return lightbulb.string("session", "Which session (default: the open one, else the "
                            "latest)", default=None, max_length=MAX_NAME_LENGTH,
                            autocomplete=suggest_sessions, localize=True)


session_group = lightbulb.Group("session", "Sessions of play: their recap and journal",
                                **IN_SERVERS, localize=True)  # type: ignore[arg-type]


@session_group.register
class Start(lightbulb.SlashCommand, name="start",
            description="Start a session of play in this channel (a GM)", localize=True):
    """``/session start [name]``."""

    name = lightbulb.string("name", "The session's name (e.g. The Shattered Plains)",
                            default="", max_length=MAX_NAME_LENGTH, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SessionFeature) -> None:
        """Start it."""
        await feature.start(ctx.interaction, self.name)


@session_group.register
class End(lightbulb.SlashCommand, name="end",
          description="End this channel's session and post its recap (a GM)", localize=True):
    """``/session end``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SessionFeature) -> None:
        """End it."""
        await feature.end(ctx.interaction)


@session_group.register
class Recap(lightbulb.SlashCommand, name="recap",
            description="A session's recap: the fights, and each player's rolls", localize=True):
    """``/session recap [session]``."""

    session = session_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SessionFeature) -> None:
        """Show it."""
        await feature.recap(ctx.interaction, self.session)


@session_group.register
class Journal(lightbulb.SlashCommand, name="journal",
              description="A session's journal: Markdown for a wiki, and JSON", localize=True):
    """``/session journal [session]``."""

    session = session_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SessionFeature) -> None:
        """Send it."""
        await feature.journal(ctx.interaction, self.session)


@session_group.register
class Settings(lightbulb.SlashCommand, name="settings",
               description="The quiet spell after which Nazh ends a session (a GM sets it)",
               localize=True):
    """``/session settings [quiet:3h]``."""

    quiet = lightbulb.string("quiet", "1 minute to 1 day without a roll, e.g. 90m, 3h, 1d",
                             default=None, max_length=20, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: SessionFeature) -> None:
        """Show or set it."""
        await feature.settings(ctx.interaction, self.quiet)


loader.command(session_group)
