"""The card's controls (My turn, GM), the private panels they open (their buttons and
Conditions select), and the ephemeral selects a press asks."""

from __future__ import annotations

from typing import Self

import hikari

from nazh.adapters.discord.encounters.card import (
    Components,
    card_components,
    choose_components,
    panel_components,
    target_components,
)
from nazh.adapters.discord.encounters.controls import (
    GM_PANEL_KIND,
    TURN_PANEL_KIND,
    CardControl,
    ChooseControl,
    ConditionsControl,
    ConditionTargetControl,
    EncounterControl,
    ReactionControl,
    ReloadControl,
)
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.reactions import ReactionControls, ReactionTools
from nazh.adapters.discord.encounters.wording import (
    chosen_value,
    conditions_said,
    named,
    now_said,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.encounters.access import NotAllowedError, may_act_for
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import ChooseCombatantError, TurnAct
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.settings.server import Member
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.presentation.encounter_card import GM, GM_VIEW, MINE, NEXT
from nazh.presentation.encounter_panels import act_wording, gm_panel, turn_panel
from nazh.presentation.fight_words import condition_word
from nazh.presentation.i18n import N_, ToReader, _

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
        """A card's control, a panel's or a prompt's, refused alike once its card is not live."""
        # a panel and a prompt are private messages, alive while their encounter is the channel's
        private = bool(interaction.message.flags & hikari.MessageFlag.EPHEMERAL)
        prompt = (not isinstance(control, CardControl | ConditionsControl)
                  or (isinstance(control, CardControl) and control.panel is not None)
                  or (isinstance(control, ConditionsControl) and private))
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
            elif isinstance(control, ReloadControl):
                await self._reloaded(interaction, responder, control)
            else:
                await self._condition_target(interaction, responder, control)

    async def _card_click(self, interaction: hikari.ComponentInteraction,
                          responder: Responder, control: CardControl,
                          record: EncounterRecord) -> None:
        member = member_of(interaction)
        if control.action in (MINE, GM, GM_VIEW):
            await self._opened(responder, control.action, member, record)
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
            with ToReader():
                said = _("you may {act} for {names}: choose one").format(
                    act=act_wording(choose.act), names=", ".join(choose.names))
            await responder.message(said, ephemeral=True, components=choose_components(
                record.encounter_id, choose.act, choose.names))
            return
        if control.panel is None:  # a card drawn before the panels: its own buttons
            await self._card.clicked(interaction, responder, changed)
            return
        # the panel shows the change at once; the card is edited for everyone
        said = "✓ " + now_said(changed.record)
        if control.action != NEXT:
            who = next((e.combatant for e in changed.events if e.combatant), None)
            wording = act_wording(TurnAct(control.action))
            said = f"{named(who)}: {wording} ✓" if who else f"{wording[:1].upper()}{wording[1:]} ✓"
        await responder.update_card(await self._panel(control.panel, member, changed.record,
                                                      said))
        await self._card.changed(interaction, changed)

    async def _opened(self, responder: Responder, action: str, member: Member,
                      record: EncounterRecord) -> None:
        """My turn, GM or GM view pressed: its private panel (or view) shown to the presser."""
        gm = await self._uses.changes.is_gm(member)
        if action == GM_VIEW and not gm:
            raise EncounterError(N_("the GM view is for the GMs"))
        if action == GM and not gm:
            raise NotAllowedError(N_("only a GM (the server's gm-role, or Manage Server while "
                                     "none is set) may use the GM panel"),
                                  hint=N_("My turn holds your own acts"))
        with ToReader():  # a panel (or a GM's own view) is only the presser's
            if action == GM_VIEW:
                view = card_components(record, self._card.now(), gm_view=True)
            else:
                panel = TURN_PANEL_KIND if action == MINE else GM_PANEL_KIND
                view = await self._panel(panel, member, record)
        await responder.card(view, ephemeral=True)

    async def _panel(self, panel: str, member: Member, record: EncounterRecord,
                     said: str | None = None) -> Components:
        """The panel ``panel`` of ``member`` as ``record`` stands."""
        if panel == GM_PANEL_KIND:
            return panel_components(record, panel, gm_panel(record), said)
        gm = await self._uses.changes.is_gm(member)
        reloads = await self._uses.reloads.of(member, record)
        return panel_components(record, panel, turn_panel(record, member.user_id, gm=gm,
                                                          reloads=reloads), said)

    async def _reloaded(self, interaction: hikari.ComponentInteraction, responder: Responder,
                        control: ReloadControl) -> None:
        """My turn's Reload: the weapon full, its combatant's action spent, the panel redrawn."""
        member = member_of(interaction)
        reloaded = await self._uses.reloads.reload(member, interaction.channel_id,
                                                   control.character_id, control.index,
                                                   once=str(interaction.id))
        weapon = reloaded.before.weapons[control.index]
        who = reloaded.changed.record.name if reloaded.spent is None \
            else reloaded.spent.combatant
        with ToReader():  # the panel is the presser's alone
            if reloaded.changed.changes:
                said = f"{named(who)}: " + _("{weapon} reloaded ({before} → {after})").format(
                    weapon=weapon.name, before=weapon.shots, after=weapon.capacity) + " ✓"
            else:  # reloaded meanwhile (/character reload, another press)
                said = _("{weapon} is already full: nothing to reload").format(
                    weapon=weapon.name)
            record = await self._uses.changes.current(interaction.channel_id)
            await responder.update_card(await self._panel(TURN_PANEL_KIND, member, record,
                                                          said))

    async def _chosen(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      control: ChooseControl) -> None:
        name = chosen_value(interaction)
        if control.act.value in PROMPTED:
            await self._reactions.clicked(interaction, responder, control.act, name=name)
            return
        changed = await self._uses.turns.take(member_of(interaction), interaction.channel_id,
                                              control.act, name)
        await responder.update(f"{named(name)}: {act_wording(control.act)} ✓", components=[])
        await self._card.changed(interaction, changed)

    async def _condition_menu(self, interaction: hikari.ComponentInteraction,
                              responder: Responder, record: EncounterRecord) -> None:
        condition = ConditionName.named(chosen_value(interaction))
        if condition is ConditionName.ENHANCED:
            raise EncounterError(N_("Enhanced needs an attribute and a value: use /encounter "
                                    "condition"))
        member = member_of(interaction)
        gm = await self._uses.changes.is_gm(member)
        names = [c.name for c in record.encounter.combatants
                 if may_act_for(c, member.user_id, gm) and condition not in c.immunities]
        if not names:
            raise EncounterError(N_("you have no combatant in this encounter to give a "
                                    "condition"))
        said = (_("Who takes {condition} (value 1: /encounter condition sets another)?")
                if condition.valued else _("Who takes {condition}?"))
        await responder.message(said.format(condition=condition_word(condition)),
                                ephemeral=True,
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
