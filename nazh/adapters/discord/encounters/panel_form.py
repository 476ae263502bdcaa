"""What the GM panel's forms share (Damage or heal, Give a condition): a select of the
combatants, then the chosen one's form, both a GM's, each answered to its presser alone."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Self

import hikari

from nazh.adapters.discord.encounters.controls import an_id
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.wording import chosen_value
from nazh.adapters.discord.runtime.controls import Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Components, Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.domain.encounter.errors import EncounterError
from nazh.presentation.i18n import N_, ToReader

FORM_TITLE_LIMIT = 45  # Discord's, for a modal's title
FOR_THE_GMS = N_("the GM panel is for the GMs")


@dataclass(frozen=True, slots=True)
class PanelFormControl:
    """A GM panel form's select of the combatants, or (``combatant`` given) that one's form."""

    encounter_id: str
    combatant: str | None = None


def panel_codec(select_kind: str, form_kind: str) -> Codec:
    """The codec of a GM panel form: ``nz1:<select_kind>:<encounter id>``, the select of the
    combatants, then ``nz1:<form_kind>:<encounter id>:<combatant>``, that one's form."""
    def decode(parts: list[str]) -> PanelFormControl | None:
        _prefix, kind, encounter_id, *rest = parts
        if not an_id(encounter_id):
            return None
        if kind == select_kind and not rest:
            return PanelFormControl(encounter_id)
        name = ":".join(rest)  # a combatant's name may hold a colon
        return PanelFormControl(encounter_id, name) if kind == form_kind and name else None

    return Codec(frozenset({select_kind, form_kind}), decode, forms=True)


Form = tuple[str, str, Components]
"""A form as a modal opens it: its title, its custom id and its fields."""


class PanelForms(ABC):
    """A GM panel's form on a combatant: whom (a GM's choice), then the form sent."""

    NAME: ClassVar[str]
    """The interactions' name in the logs and metrics (``encounter-health``)."""
    REFUSAL: ClassVar[str]
    """Why a member who is no GM is refused (the domain's words, translated where shown)."""

    def __init__(self, uses: EncounterUseCases, wrapper: InteractionWrapper,
                 card: LiveCard) -> None:
        self._uses = uses
        self._wrapper = wrapper
        self._card = card

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The controls, on the bot's live card."""
        return cls(deps.encounters, deps.wrapper, LiveCard.build(deps))

    async def on_control(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                         control: PanelFormControl) -> None:
        """The combatant chosen (its form opened), or the form sent."""
        if isinstance(interaction, hikari.ModalInteraction):
            async with self._wrapper.answering(interaction, Answering(
                    f"modal:{self.NAME}", "modal", ephemeral=True)) as responder:
                await self._card.live(interaction, control.encounter_id, prompt=True)
                await self._submitted(interaction, responder, control.combatant or "")
            return
        async with self._wrapper.answering(interaction, Answering(
                f"component:{self.NAME}", "component", ephemeral=True)) as responder:
            await self._card.live(interaction, control.encounter_id, prompt=True)
            if not await self._uses.changes.is_gm(member_of(interaction)):
                raise EncounterError(self.REFUSAL, hint=FOR_THE_GMS)
            name = chosen_value(interaction)
            with ToReader():  # the form only the presser sees
                await responder.modal(*await self._form(interaction, control.encounter_id,
                                                        name))

    @abstractmethod
    async def _form(self, interaction: hikari.ComponentInteraction, encounter_id: str,
                    name: str) -> Form:
        """The form of ``name`` (in the presser's language)."""

    @abstractmethod
    async def _submitted(self, interaction: hikari.ModalInteraction, responder: Responder,
                         name: str) -> None:
        """The form sent about ``name``: its change made and told."""
