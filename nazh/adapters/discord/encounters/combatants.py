"""``/encounter add|join|remove|condition|damage|heal|undo``: combatants, changes on the card."""

from __future__ import annotations

from typing import Self

import hikari

from nazh.adapters.discord.encounters.feature import answering
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.wording import (
    added,
    conditions_said,
    damage_said,
    healed_said,
    named,
    undone_said,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.wrapper import InteractionWrapper
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.presentation.i18n import _


class CombatantCommands:
    """The commands on the encounter's combatants."""

    def __init__(self, uses: EncounterUseCases, wrapper: InteractionWrapper,
                 card: LiveCard) -> None:
        self._uses = uses
        self._wrapper = wrapper
        self._card = card

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The commands, from the encounter's use cases, on the bot's live card."""
        return cls(deps.encounters, deps.wrapper, LiveCard.build(deps))

    async def add(self, interaction: hikari.CommandInteraction, quick: QuickCombatant,
                  count: int) -> None:
        """``/encounter add name: health: ...``."""
        async with answering(self._wrapper, interaction, "add") as responder:
            changed = await self._uses.roster.add(member_of(interaction),
                                                  interaction.channel_id, quick, count)
            await self._card.told(interaction, responder, changed, added(changed.events))

    async def add_character(self, interaction: hikari.CommandInteraction, name: str,
                            side: Side | None, role: Role | None) -> None:
        """``/encounter add character:``."""
        async with answering(self._wrapper, interaction, "add") as responder:
            changed = await self._uses.roster.add_character(
                member_of(interaction), interaction.channel_id, name, side=side, role=role)
            await self._card.told(interaction, responder, changed, added(changed.events))

    async def join(self, interaction: hikari.CommandInteraction, name: str | None) -> None:
        """``/encounter join [character]``."""
        async with answering(self._wrapper, interaction, "join") as responder:
            changed = await self._uses.roster.join(member_of(interaction),
                                                   interaction.channel_id, name)
            await self._card.told(interaction, responder, changed, added(changed.events))

    async def remove(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter remove combatant``."""
        async with answering(self._wrapper, interaction, "remove") as responder:
            changed = await self._uses.roster.remove(member_of(interaction),
                                                     interaction.channel_id, name)
            gone = next((e.combatant for e in changed.events if e.combatant), name)
            await self._card.told(interaction, responder, changed,
                                  _("Removed {name}.").format(name=named(gone)))

    async def condition(self, interaction: hikari.CommandInteraction, name: str,
                        affliction: Affliction) -> None:
        """``/encounter condition``: a condition given."""
        async with answering(self._wrapper, interaction, "condition") as responder:
            changed = await self._uses.turns.condition(member_of(interaction),
                                                       interaction.channel_id, name, affliction)
            await self._card.told(interaction, responder, changed, conditions_said(changed.events))

    async def uncondition(self, interaction: hikari.CommandInteraction, name: str,
                          condition: ConditionName, attribute: Attribute | None,
                          source: str | None) -> None:
        """``/encounter condition ... remove:true``."""
        async with answering(self._wrapper, interaction, "condition") as responder:
            changed = await self._uses.turns.uncondition(
                member_of(interaction), interaction.channel_id, name, condition,
                attribute=attribute, source=source)
            await self._card.told(interaction, responder, changed, conditions_said(changed.events))

    async def damage(self, interaction: hikari.CommandInteraction, name: str, amount: int,
                     damage_type: DamageType | None, pierce: bool) -> None:
        """``/encounter damage``: the arithmetic said, the card edited."""
        async with answering(self._wrapper, interaction, "damage") as responder:
            damaged = await self._uses.health.damage(member_of(interaction),
                                                     interaction.channel_id, name, amount,
                                                     damage_type, pierce=pierce)
            await self._card.told(interaction, responder, damaged.changed,
                                  damage_said(damaged))

    async def heal(self, interaction: hikari.CommandInteraction, name: str, amount: int) -> None:
        """``/encounter heal``."""
        async with answering(self._wrapper, interaction, "heal") as responder:
            changed = await self._uses.health.heal(member_of(interaction),
                                                   interaction.channel_id, name, amount)
            await self._card.told(interaction, responder, changed, healed_said(changed, name))

    async def undo(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter undo combatant``: the latest damage or healing undone."""
        async with answering(self._wrapper, interaction, "undo") as responder:
            changed = await self._uses.health.undo(member_of(interaction),
                                                   interaction.channel_id, name)
            await self._card.told(interaction, responder, changed, undone_said(changed))
