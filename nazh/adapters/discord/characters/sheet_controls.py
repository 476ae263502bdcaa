"""The controls under a sheet: resource buttons (owner and GMs) and ``/character delete``'s."""

from __future__ import annotations

from typing import Self

import hikari

from nazh.adapters.discord.characters.controls import (
    DELETE_KIND,
    DETAILS_KIND,
    SHEET_KIND,
    CharacterControl,
    DetailsControl,
    SheetControl,
)
from nazh.adapters.discord.characters.sheet import (
    named,
    sheet_components,
    sheet_embed,
    unshared_embed,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.characters.access import Act
from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.service import Characters
from nazh.application.settings.server import Member
from nazh.presentation.i18n import ToReader, _


class SheetControls:
    """The characters' controls (:mod:`.controls`)."""

    def __init__(self, characters: Characters, wrapper: InteractionWrapper) -> None:
        self._characters = characters
        self._edits = SheetEdits(characters)
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The controls, from the characters' use cases."""
        return cls(deps.characters, deps.wrapper)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: CharacterControl) -> None:
        """A sheet's resource button, its Details, or a deletion's confirmation."""
        if isinstance(control, DetailsControl):
            async with self._wrapper.answering(interaction, Answering(
                    f"component:{DETAILS_KIND}", "component", ephemeral=True)) as responder:
                record = await self._characters.get(member_of(interaction),
                                                    control.character_id, Act.SEE)
                await responder.message(embed=sheet_embed(
                    record, await self._characters.audit(record), details=True),
                    ephemeral=True)
            return
        kind = SHEET_KIND if isinstance(control, SheetControl) else DELETE_KIND
        async with self._wrapper.answering(interaction, Answering(
                f"component:{kind}", "component", DEFER_UPDATE)) as responder:
            if isinstance(control, SheetControl):
                await self._adjust(responder, interaction, control)
            else:
                record = await self._characters.delete_confirmed(
                    member_of(interaction), control.character_id, control.version)
                with ToReader():  # the confirmation only the presser saw
                    said = _("Deleted **{name}**.").format(name=named(record.name))
                await responder.update(said, components=[])

    async def _adjust(self, responder: Responder, interaction: hikari.ComponentInteraction,
                      control: SheetControl) -> None:
        member = member_of(interaction)
        public = not interaction.message.flags & hikari.MessageFlag.EPHEMERAL
        with ToReader(not public):  # a private sheet is its presser's; a shared one the table's
            await self._adjusted(responder, member, control, public)

    async def _adjusted(self, responder: Responder, member: Member, control: SheetControl,
                        public: bool) -> None:
        record = await self._characters.get(member, control.character_id, Act.SEE)
        if public and not record.shared:
            await responder.update(embed=unshared_embed(record), components=[])
            return
        changed = await self._edits.adjust(member, control.character_id,
                                                control.resource, control.by)
        record = changed.record
        if public and not record.shared:
            await responder.update(embed=unshared_embed(record), components=[])
            return
        await responder.update(embed=sheet_embed(record, await self._characters.audit(record)),
                               components=sheet_components(record))
