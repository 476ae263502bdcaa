"""The encounter's live card: posted, edited after every change, retired."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import datetime
from functools import partial
from typing import Self

import hikari

from nazh.adapters.discord.encounters.card import (
    card_components,
    ended_components,
    moved_components,
)
from nazh.adapters.discord.runtime.card_edits import CardEdits
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.messages import ChannelMessages
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.application.encounters.changes import NotInServerError
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.settings.server import Member
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import in_phase
from nazh.domain.encounter.summary import Summary
from nazh.domain.errors import NazhError
from nazh.presentation.encounter_text import encounter_title, phase_title
from nazh.presentation.fight_words import condition_label
from nazh.presentation.i18n import N_, ToTable, _

log = logging.getLogger(__name__)


# A message of Nazh's own in the channel: a click answers by updating it; any other change asks
# CardEdits for an edit (at most one a second, flushed before shutdown). One LiveCard per bot serves
# the commands and the controls, so their edits of one card coalesce. A member who asked is pinged
# alone when a phase of theirs starts.
class LiveCard:
    """The channel's live card: its message posted, kept up to date, and a started phase's pings."""

    def __init__(self, uses: EncounterUseCases, rest: RestRef | None = None) -> None:
        self._uses = uses
        self._rest = rest or RestRef()
        self.edits = CardEdits(self._edit)

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The bot's one live card (made by the first encounter class built)."""
        return deps.shared.one(cls, partial(cls._watching, deps))

    @classmethod
    def _watching(cls, deps: Dependencies) -> Self:
        card = cls(deps.encounters, deps.rest)
        deps.encounters.rolls.watch(card.changed_by_roll)
        return card

    async def changed_by_roll(self, channel_id: int, changed: Changed) -> None:
        """A roll's change to the channel's encounter: its card edited (with a REST client)."""
        message_id = changed.record.card_message_id
        if message_id is not None:
            self.edits.schedule(channel_id, message_id, version=changed.record.version)

    async def close(self) -> None:
        """Send the cards' waiting edits (before the bot stops)."""
        await self.edits.close()

    def now(self) -> datetime:
        """The time the card shows its timers against."""
        return self._uses.changes.clock.now()

    async def post(self, interaction: hikari.PartialInteraction, member: Member,
                   record: EncounterRecord) -> None:
        """Post the card of ``record`` in the interaction's channel and keep its message id."""
        try:
            message_id = await _messages(interaction).post_card(
                interaction.channel_id, card_components(record, self.now()))
        except hikari.HTTPError:
            raise EncounterError(N_("Nazh could not post the card in this channel"),
                                 hint=N_("let Nazh send messages here, then /encounter show "
                                         "posts it")) from None
        posted = await self._uses.lifecycle.card_posted(member, interaction.channel_id,
                                                        message_id)
        self.edits.schedule(interaction.channel_id, message_id, version=posted.record.version)

    async def live(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                   encounter_id: str, *, prompt: bool = False) -> EncounterRecord:
        """The channel's encounter ``encounter_id`` if the control used is live; else refused."""
        # A card's control is live on its live card; a ``prompt``'s (an ephemeral select a control
        # asked, a panel, a panel's form) while its encounter is the channel's.
        if member_of(interaction).guild_id is None:  # as for any card: no encounter is told
            raise NotInServerError()
        record = await self._uses.changes.current(interaction.channel_id)
        message = interaction.message
        on_card = prompt or (message is not None and record.card_message_id == message.id)
        if record.encounter_id != encounter_id or not on_card:
            raise EncounterError(N_("this card is no longer the encounter's live card"),
                                 hint=N_("use the newest one (/encounter show posts it again)"))
        if prompt and (message is None or not message.flags & hikari.MessageFlag.EPHEMERAL):
            # a choice is made in the list shown to its chooser alone: one forged on a shared
            # message is refused privately, and that message is left as it is
            raise EncounterError(N_("choose in the list Nazh showed you"),
                                 hint=N_("press the card's button again"))
        return record

    async def clicked(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      changed: Changed) -> None:
        """A click's change shown by updating the card clicked (then the pings)."""
        await responder.update_card(card_components(changed.record, self.now()))
        self.edits.note_updated(interaction.channel_id, interaction.message.id,
                                version=changed.record.version)
        await self._overtaken(interaction, changed.record)
        await self._ping(interaction, changed)

    async def told(self, interaction: hikari.PartialInteraction, responder: Responder,
                   changed: Changed, text: str) -> None:
        """``text`` answered privately, then the card edited (and the pings)."""
        await responder.message(text, ephemeral=True)
        await self.changed(interaction, changed)

    async def changed(self, interaction: hikari.PartialInteraction, changed: Changed) -> None:
        """A change kept (not a repeat): the card's edit asked for, the pings sent."""
        message_id = changed.record.card_message_id
        if message_id is not None and not changed.repeated:
            self.edits.schedule(interaction.channel_id, message_id,
                                version=changed.record.version)
        await self._ping(interaction, changed)

    async def moved(self, interaction: hikari.PartialInteraction, record: EncounterRecord,
                    old: int) -> None:
        """The old card ``old`` says it has moved down (no controls left on it)."""
        await _quietly(_messages(interaction).edit_card(
            interaction.channel_id, old, moved_components(record)))

    async def ended(self, interaction: hikari.PartialInteraction, message_id: int,
                    summary: Summary) -> bool:
        """The card shows the ended encounter's summary (no controls left); whether it could."""
        try:
            await _messages(interaction).edit_card(interaction.channel_id, message_id,
                                                   ended_components(summary))
        except hikari.HTTPError as error:
            log.warning("a card's message could not be edited: %s", type(error).__name__)
            return False
        return True

    async def _overtaken(self, interaction: hikari.ComponentInteraction,
                         shown: EncounterRecord) -> None:
        """Edit the card if a change kept after the one a click's answer showed may overtake it."""
        channel_id, message_id = interaction.channel_id, interaction.message.id
        covered = shown.version  # the newest version an update or an edit asked for shows

        async def stale() -> bool:
            nonlocal covered
            try:
                newest = await self._uses.changes.current(channel_id)
            except NazhError:
                return False
            if newest.version <= covered or newest.card_message_id != message_id:
                return False
            covered = newest.version
            return True

        # Another click at once on any replica: checked now, and again an interval later (a change
        # kept a moment after this check is seen only then).
        if await stale():
            self.edits.schedule(channel_id, message_id)
        self.edits.recheck(channel_id, message_id, stale)

    async def _edit(self, channel_id: int, message_id: int) -> None:
        try:
            record = await self._uses.changes.current(channel_id)
        except NazhError:
            return
        rest = self._rest.client
        if record.card_message_id != message_id or rest is None:
            return
        await ChannelMessages(rest).edit_card(channel_id, message_id,
                                              card_components(record, self.now()))

    async def _ping(self, interaction: hikari.PartialInteraction, changed: Changed) -> None:
        record = changed.record
        await self._injuries_due(interaction, changed)
        for event in changed.events:
            if event.kind is not EventKind.PHASE_STARTED or not record.pings:
                continue
            owners = dict.fromkeys(c.owner_id for c in record.encounter.combatants
                                   if in_phase(c, event.phase) and c.owner_id in record.pings)
            with ToTable():  # a message in the channel
                text = _("your phase has started: {phase}, round {n} ({name}).").format(
                    phase=phase_title(event.phase), n=event.round,
                    name=encounter_title(record.encounter.name))
            for owner in owners:
                await _quietly(_messages(interaction).ping(interaction.channel_id, owner, text))


    async def _injuries_due(self, interaction: hikari.PartialInteraction,
                            changed: Changed) -> None:
        """Afflicted's damage at 0 health: the holder's owner is told an injury roll is due."""
        if changed.repeated:
            return
        for event in changed.events:
            if event.kind is not EventKind.INJURY_DUE or event.combatant is None:
                continue
            combatant = next((c for c in changed.record.encounter.combatants
                              if c.key == event.combatant.casefold()), None)
            if combatant is None:
                continue
            with ToTable():  # a message in the channel
                text = (_("{name} takes an injury: roll it with {command}.")
                        if event.condition is None else
                        _("{name} takes an injury from {condition}: roll it with {command}.")
                        ).format(name=f"**{combatant.name}**", command="`/injury`",
                                 condition=None if event.condition is None
                                 else condition_label(event.condition))
            await _quietly(_messages(interaction).ping(interaction.channel_id,
                                                       combatant.owner_id, text))


def _messages(interaction: hikari.PartialInteraction) -> ChannelMessages:
    return ChannelMessages(interaction.app.rest)


async def _quietly(sent: Awaitable[object]) -> None:
    try:
        await sent
    except hikari.HTTPError as error:
        log.warning("a card's message could not be sent or edited: %s", type(error).__name__)
