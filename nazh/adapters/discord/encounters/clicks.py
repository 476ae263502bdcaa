"""The card's controls: buttons, the Conditions select, and the ephemeral selects a click asks."""

from __future__ import annotations

from typing import Self

import hikari

from nazh.adapters.discord.encounters.card import (
    card_components,
    choose_components,
    target_components,
)
from nazh.adapters.discord.encounters.controls import (
    GM_VIEW,
    NEXT,
    CardControl,
    ChooseControl,
    ConditionsControl,
    ConditionTargetControl,
    EncounterControl,
    ReactionControl,
)
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.reactions import ReactionControls, ReactionTools
from nazh.adapters.discord.encounters.wording import chosen_value, conditions_said, named
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.encounters.access import may_act_for
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import ChooseCombatantError, TurnAct
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError

PROMPTED = frozenset(a.value for a in (TurnAct.AID, TurnAct.STRIKE, TurnAct.EXTRA,
                                       TurnAct.RECOVER))
"""The card's buttons whose act asks more, or rolls (:mod:`.reactions`)."""


class EncounterControls:
    """The encounters' controls (:mod:`.controls`): the card's buttons and selects."""

    def __init__(self, uses: EncounterUseCases, wrapper: InteractionWrapper, card: LiveCard,
                 tools: ReactionTools | None = None) -> None:
        self._uses = uses
        self._wrapper = wrapper
        self._card = card
        self._reactions = ReactionControls(uses, tools, card.changed)

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The controls, on the bot's live card; the reactions roll with the characters."""
        return cls(deps.encounters, deps.wrapper, LiveCard.build(deps),
                   ReactionTools(deps.characters, deps.character_rolls, deps.answers))

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: EncounterControl) -> None:
        """A card's control or a prompt's select, refused alike once its card is not live, first."""
        prompt = not isinstance(control, CardControl | ConditionsControl)
        answering = Answering("component:encounter", "component", DEFER_UPDATE,
                              ephemeral=prompt)
        async with self._wrapper.answering(interaction, answering) as responder:
            record = await self._card.live(interaction, control.encounter_id, prompt=prompt)
            if isinstance(control, CardControl):
                await self._card_click(interaction, responder, control, record)
            elif isinstance(control, ChooseControl):
                await self._chosen(interaction, responder, control)
            elif isinstance(control, ConditionsControl):
                await self._condition_menu(interaction, responder, record)
            elif isinstance(control, ReactionControl):
                await self._reactions.chosen(interaction, responder, control)
            else:
                await self._condition_target(interaction, responder, control)

    async def _card_click(self, interaction: hikari.ComponentInteraction,
                          responder: Responder, control: CardControl,
                          record: EncounterRecord) -> None:
        member = member_of(interaction)
        if control.action == GM_VIEW:
            if not await self._uses.changes.is_gm(member):
                raise EncounterError("the GM view is for the GMs")
            await responder.card(card_components(record, self._card.now(), gm_view=True),
                                 ephemeral=True)
            return
        try:
            if control.action in PROMPTED:
                await self._reactions.clicked(interaction, responder, TurnAct(control.action),
                                              version=control.version)
                return
            # the encounter read to check the card is the one the change starts from
            if control.action == NEXT:
                changed = await self._uses.turns.next(member, interaction.channel_id,
                                                      control.moment, read=record)
            else:
                changed = await self._uses.turns.take(
                    member, interaction.channel_id, TurnAct(control.action),
                    seen_version=control.version, read=record)
        except ChooseCombatantError as choose:
            await responder.message(choose.reason, ephemeral=True, components=choose_components(
                record.encounter_id, choose.act, choose.names))
            return
        await self._card.clicked(interaction, responder, changed)

    async def _chosen(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      control: ChooseControl) -> None:
        name = chosen_value(interaction)
        if control.act.value in PROMPTED:
            await self._reactions.clicked(interaction, responder, control.act, name=name)
            return
        changed = await self._uses.turns.take(member_of(interaction), interaction.channel_id,
                                              control.act, name)
        await responder.update(f"{named(name)}: {control.act.wording} ✓", components=[])
        await self._card.changed(interaction, changed)

    async def _condition_menu(self, interaction: hikari.ComponentInteraction,
                              responder: Responder, record: EncounterRecord) -> None:
        condition = ConditionName.named(chosen_value(interaction))
        if condition is ConditionName.ENHANCED:
            raise EncounterError("Enhanced needs an attribute and a value: use /encounter "
                                 "condition")
        member = member_of(interaction)
        gm = await self._uses.changes.is_gm(member)
        names = [c.name for c in record.encounter.combatants
                 if may_act_for(c, member.user_id, gm) and condition not in c.immunities]
        if not names:
            raise EncounterError("you have no combatant in this encounter to give a condition")
        value = " (value 1: /encounter condition sets another)" if condition.valued else ""
        await responder.message(f"Who takes {condition.title}{value}?", ephemeral=True,
                                components=target_components(record.encounter_id, condition,
                                                             names))

    async def _condition_target(self, interaction: hikari.ComponentInteraction,
                                responder: Responder, control: ConditionTargetControl) -> None:
        name = chosen_value(interaction)
        affliction = Affliction(control.condition, 1 if control.condition.valued else 0)
        changed = await self._uses.turns.condition(member_of(interaction),
                                                   interaction.channel_id, name, affliction)
        await responder.update(conditions_said(changed.events), components=[])
        await self._card.changed(interaction, changed)
