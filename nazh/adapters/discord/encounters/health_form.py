"""The GM panel's damage and healing: a select of the combatants, then a form of the amount
(``nz1:ech:<encounter id>``, then ``nz1:ecf:<encounter id>:<combatant>``), as ``/encounter
damage`` and ``/encounter heal`` do by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.encounters.controls import (
    FORM_KIND,
    TARGET_KIND,
    amount_form,
    an_id,
)
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.wording import chosen_value, damage_said, healed_said
from nazh.adapters.discord.runtime.controls import Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.domain.encounter.damage import MAX_DAMAGE
from nazh.domain.encounter.errors import EncounterError
from nazh.presentation.chat import clip
from nazh.presentation.i18n import N_, _

AMOUNT_INPUT = "amount"
FORM_TITLE_LIMIT = 45  # Discord's, for a modal's title


@dataclass(frozen=True, slots=True)
class HealthControl:
    """The select of whom to damage or heal, or (``combatant`` given) its amount's form."""

    encounter_id: str
    combatant: str | None = None


def _decode(parts: list[str]) -> HealthControl | None:
    _, kind, encounter_id, *rest = parts
    if not an_id(encounter_id):
        return None
    if kind == TARGET_KIND and not rest:
        return HealthControl(encounter_id)
    name = ":".join(rest)
    return HealthControl(encounter_id, name) if kind == FORM_KIND and name else None


CODEC = Codec(frozenset({TARGET_KIND, FORM_KIND}), _decode, forms=True)
"""The GM panel's damage and healing."""


def parsed_amount(text: str) -> tuple[int, bool]:
    """The amount typed (``6``: damage; ``+4``: healing) and whether it heals."""
    typed = text.strip()
    heals = typed.startswith("+")
    digits = typed.removeprefix("+").removeprefix("-").strip()
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_DAMAGE:
        raise EncounterError(_("type an amount from 1 to {most}: 6 deals 6 damage, +6 heals 6")
                             .format(most=MAX_DAMAGE))
    return int(digits), heals


class HealthForms:
    """The GM panel's Damage or heal: whom, then how much (a GM, as the commands)."""

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
                         control: HealthControl) -> None:
        """The combatant chosen (its form opened), or the form sent (the change applied)."""
        if isinstance(interaction, hikari.ModalInteraction):
            await self._submitted(interaction, control)
            return
        async with self._wrapper.answering(interaction, Answering(
                "component:encounter-health", "component", ephemeral=True)) as responder:
            await self._card.live(interaction, control.encounter_id, prompt=True)
            if not await self._uses.changes.is_gm(member_of(interaction)):
                raise EncounterError(N_("damage and healing by hand are a GM's"),
                                     hint=N_("the GM panel is for the GMs"))
            name = chosen_value(interaction)
            row = hikari.impl.ModalActionRowBuilder()
            row.add_text_input(AMOUNT_INPUT, _("Damage (6), or healing with a + (+6)"),
                               required=True, min_length=1, max_length=5,
                               placeholder=_("e.g. 6 or +4"))
            await responder.modal(clip(_("Damage or heal {name}").format(name=name),
                                       FORM_TITLE_LIMIT),
                                  amount_form(control.encounter_id, name), [row])

    async def _submitted(self, interaction: hikari.ModalInteraction,
                         control: HealthControl) -> None:
        async with self._wrapper.answering(interaction, Answering(
                "modal:encounter-health", "modal", ephemeral=True)) as responder:
            await self._card.live(interaction, control.encounter_id, prompt=True)
            name = control.combatant or ""
            amount, heals = parsed_amount(_typed(interaction))
            member = member_of(interaction)
            if heals:
                changed = await self._uses.health.heal(member, interaction.channel_id, name,
                                                       amount)
                await self._card.told(interaction, responder, changed,
                                      healed_said(changed, name))
                return
            damaged = await self._uses.health.damage(member, interaction.channel_id, name,
                                                     amount)
            await self._card.told(interaction, responder, damaged.changed,
                                  damage_said(damaged))


def _typed(interaction: hikari.ModalInteraction) -> str:
    for row in interaction.components:
        for field in row:
            if field.custom_id == AMOUNT_INPUT:
                return str(field.value)
    raise EncounterError(N_("type an amount"))
