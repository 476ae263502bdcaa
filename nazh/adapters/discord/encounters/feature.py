"""``/encounter``: the channel's encounter started, shown, moved on, ended and told."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from enum import Enum
from typing import Self

import hikari

from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.log_view import LogView
from nazh.adapters.discord.encounters.wording import now_said, on_off
from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.characters.service import Characters
from nazh.application.encounters.lifecycle import Settings
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.errors import NazhError
from nazh.presentation.chat import DiscordLimits, fit_lines
from nazh.presentation.encounter_json import dumps, export
from nazh.presentation.encounter_text import encounter_title, summary_lines
from nazh.presentation.i18n import N_, ToTable, _


class Suggest(Enum):
    """What an option's autocomplete offers."""

    COMBATANT = "combatant"
    CHARACTER = "character"
    OWN = "own"


def answering(wrapper: InteractionWrapper, interaction: hikari.PartialInteraction,
              command: str, *, ephemeral: bool = True
              ) -> AbstractAsyncContextManager[Responder]:
    """How ``/encounter command`` is answered (privately unless said otherwise)."""
    return wrapper.answering(interaction, Answering(
        f"encounter {command}", "command", ephemeral=ephemeral))


class EncounterFeature:
    """The encounter's own commands, and the autocomplete of the ``/encounter`` options."""

    def __init__(self, uses: EncounterUseCases, characters: Characters,
                 wrapper: InteractionWrapper, card: LiveCard) -> None:
        self._uses = uses
        self._characters = characters
        self._wrapper = wrapper
        self._card = card

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the encounter's and characters' use cases, on the bot's live card."""
        return cls(deps.encounters, deps.characters, deps.wrapper, LiveCard.build(deps))

    async def close(self) -> None:
        """Send the cards' waiting edits (before the bot stops)."""
        await self._card.close()

    async def start(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter start``: the encounter opened, its card posted."""
        async with answering(self._wrapper, interaction, "start") as responder:
            member = member_of(interaction)
            record = await self._uses.lifecycle.start(member, interaction.channel_id, name)
            await self._card.post(interaction, member, record)
            await responder.message(
                _("{name} has started: its card is below. Add combatants with /encounter add; "
                  "players join with /encounter join.").format(
                    name=encounter_title(record.encounter.name)),
                ephemeral=True)

    async def show(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter show``: the card posted again at the bottom; the old one takes no clicks."""
        async with answering(self._wrapper, interaction, "show") as responder:
            member = member_of(interaction)
            record = await self._uses.changes.current(interaction.channel_id)
            old = record.card_message_id
            await self._card.post(interaction, member, record)
            if old is not None:
                await self._card.moved(interaction, record, old)
            await responder.message(_("The card is below."), ephemeral=True)

    async def next(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter next``: the current phase ends."""
        async with answering(self._wrapper, interaction, "next") as responder:
            changed = await self._uses.turns.next(member_of(interaction), interaction.channel_id)
            await self._card.told(interaction, responder, changed, now_said(changed.record))

    async def settings(self, interaction: hikari.CommandInteraction, asked: Settings) -> None:
        """``/encounter settings``."""
        async with answering(self._wrapper, interaction, "settings") as responder:
            if asked == Settings():
                raise EncounterError(N_("give a setting to change: keep-speed, show-health or "
                                        "ping"))
            changed = await self._uses.lifecycle.settings(member_of(interaction),
                                                          interaction.channel_id, asked)
            record = changed.record
            lines = [_("New rounds keep last round's speeds: {value}").format(
                         value=f"**{on_off(record.encounter.keep_speed)}**"),
                     _("Everyone sees the enemies' health: {value}").format(
                         value=f"**{on_off(record.show_health)}**"),
                     _("A ping when your phase starts: {value}").format(
                         value=f"**{on_off(interaction.user.id in record.pings)}**")]
            await self._card.told(interaction, responder, changed, "\n".join(lines))

    async def end(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter end``: ended; its summary said once, on the card (without one: posted)."""
        async with answering(self._wrapper, interaction, "end") as responder:
            ended = await self._uses.lifecycle.end(member_of(interaction),
                                                   interaction.channel_id)
            message_id = ended.record.card_message_id
            if message_id is not None and await self._card.ended(interaction, message_id,
                                                                 ended.summary):
                await responder.message(_("Ended: the card above shows the summary."),
                                        ephemeral=True)
                return
            with ToTable():  # the summary is the table's
                summary = fit_lines(summary_lines(ended.summary), DiscordLimits.CONTENT)
            await responder.message(summary, ephemeral=False)

    async def log(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter log``: the newest changes at a glance (players' hidden parts left out)."""
        async with answering(self._wrapper, interaction, "log") as responder:
            await LogView(self._uses, self._wrapper).glance(interaction, responder)

    async def export(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter export``: ``nazh-encounter`` JSON (players' hidden parts left out)."""
        async with answering(self._wrapper, interaction, "export") as responder:
            member = member_of(interaction)
            gm = await self._uses.changes.is_gm(member)
            record, entries = await self._uses.lifecycle.exported(interaction.channel_id)
            data = dumps(export(record, entries, for_gm=gm)).encode()
            await responder.message(_("The encounter, as JSON (format {format}, version 1):")
                                    .format(format="`nazh-encounter`"), ephemeral=True)
            await responder.file(data, f"encounter-{record.encounter_id}.json", ephemeral=True)

    async def listed(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter list``: the server's open encounters."""
        async with answering(self._wrapper, interaction, "list") as responder:
            found = await self._uses.lifecycle.listed(member_of(interaction))
            lines = [f"<#{f.record.channel_id}> {encounter_title(f.record.encounter.name)} · "
                     + _("round {n}").format(n=f.record.encounter.round)
                     + (" · " + _("**stale** (anyone may end it)") if f.stale else "")
                     for f in found]
            await responder.message(fit_lines(lines or [_("No open encounter in this server.")],
                                              DiscordLimits.CONTENT), ephemeral=True)

    async def suggest(self, interaction: hikari.AutocompleteInteraction, which: Suggest,
                      typed: str) -> None:
        """Autocomplete: the encounter's combatants, or characters."""
        member = member_of(interaction)
        choices: list[tuple[str, str]] = []
        try:
            if which is Suggest.COMBATANT:
                record = await self._uses.changes.current(interaction.channel_id)
                choices = [(c.name, c.name) for c in record.encounter.combatants]
            else:
                gm = which is Suggest.CHARACTER and await self._characters.is_gm(member)
                choices = [(r.name, r.name) for r in await self._characters.visible(member)
                           if (gm and (r.adversary or r.owner_id != member.user_id))
                           or (r.owner_id == member.user_id and not r.adversary)]
        except NazhError:
            choices = []
        await self._wrapper.responder(interaction).choices(matching(choices, typed))
