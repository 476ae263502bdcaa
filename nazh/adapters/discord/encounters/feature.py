"""``/encounter``: the channel's encounter, its live card and the card's controls.

The card is a message of Nazh's own in the channel (a Components V2 message). A click answers
by updating it; every other change (a command, a choice in an ephemeral select, a roll that
spent an action) asks :class:`~nazh.adapters.discord.runtime.card_edits.CardEdits` for an
edit, at most one a second per card, sent before shutdown. A member who asked is mentioned,
alone, when a phase of theirs starts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from enum import Enum
from typing import Self

import hikari

from nazh.adapters.discord.encounters.card import (
    card_components,
    choose_components,
    ended_components,
    moved_components,
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
from nazh.adapters.discord.encounters.reactions import ReactionControls, ReactionTools
from nazh.adapters.discord.encounters.wording import (
    added,
    chosen_value,
    conditions_said,
    named,
    now_said,
    on_off,
    undone_said,
)
from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.card_edits import CardEdits
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.messages import ChannelMessages
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.characters.service import Characters
from nazh.application.encounters.access import may_act_for
from nazh.application.encounters.lifecycle import Settings
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import ChooseCombatantError, TurnAct
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.settings.server import Member
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import in_phase
from nazh.domain.errors import NazhError
from nazh.presentation.chat import DiscordLimits, fit_lines, shown
from nazh.presentation.encounter_json import dumps, export
from nazh.presentation.encounter_text import (
    encounter_title,
    log_line,
    phase_title,
    summary_lines,
)

log = logging.getLogger(__name__)
PROMPTED = frozenset(a.value for a in (TurnAct.AID, TurnAct.STRIKE, TurnAct.EXTRA,
                                       TurnAct.RECOVER))
"""The card's buttons whose act asks more, or rolls (:mod:`.reactions`)."""


class Suggest(Enum):
    """What an option's autocomplete offers."""

    COMBATANT = "combatant"
    CHARACTER = "character"
    OWN = "own"


class EncounterFeature:
    """The encounter's commands, its card and its controls."""

    def __init__(self, uses: EncounterUseCases, characters: Characters,
                 wrapper: InteractionWrapper, rest: RestRef | None = None,
                 tools: ReactionTools | None = None) -> None:
        self._uses = uses
        self._characters = characters
        self._wrapper = wrapper
        self._rest = rest or RestRef()
        self.edits = CardEdits(self._edit_card)
        self._reactions = ReactionControls(uses, tools, self._changed)

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the encounter's and the characters' use cases; a roll's change to
        an encounter edits its card."""
        feature = cls(deps.encounters, deps.characters, deps.wrapper, deps.rest,
                      ReactionTools(deps.characters, deps.character_rolls, deps.answers))
        deps.encounters.rolls.watch(feature.changed_by_roll)
        return feature

    async def changed_by_roll(self, channel_id: int, changed: Changed) -> None:
        """A roll's change to the channel's encounter (an action spent or given back,
        Determined used): its card edited (once Nazh has answered an encounter interaction
        since it started: the edit needs its REST client)."""
        message_id = changed.record.card_message_id
        if message_id is not None:
            self.edits.schedule(channel_id, message_id, version=changed.record.version)

    async def close(self) -> None:
        """Send the cards' waiting edits (before the bot stops)."""
        await self.edits.close()

    # -- the commands ----------------------------------------------------------------------

    async def start(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter start``: the encounter opened, its card posted."""
        async with self._answering(interaction, "start") as responder:
            member = member_of(interaction)
            record = await self._uses.lifecycle.start(member, interaction.channel_id, name)
            await self._post_card(interaction, member, record)
            await responder.message(
                f"{encounter_title(record.encounter.name)} has started: its card is below. "
                "Add combatants with /encounter add; players join with /encounter join.",
                ephemeral=True)

    async def show(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter show``: the card posted again at the bottom; the old one stops taking
        clicks."""
        async with self._answering(interaction, "show") as responder:
            member = member_of(interaction)
            record = await self._uses.changes.current(interaction.channel_id)
            old = record.card_message_id
            await self._post_card(interaction, member, record)
            if old is not None:
                await self._quietly(self._messages(interaction).edit_card(
                    interaction.channel_id, old, moved_components(record)))
            await responder.message("The card is below.", ephemeral=True)

    async def add(self, interaction: hikari.CommandInteraction, quick: QuickCombatant,
                  count: int) -> None:
        """``/encounter add name: health: ...``."""
        async with self._answering(interaction, "add") as responder:
            changed = await self._uses.roster.add(member_of(interaction),
                                                  interaction.channel_id, quick, count)
            await self._told(interaction, responder, changed, added(changed.events))

    async def add_character(self, interaction: hikari.CommandInteraction, name: str,
                            side: Side | None, role: Role | None) -> None:
        """``/encounter add character:``."""
        async with self._answering(interaction, "add") as responder:
            changed = await self._uses.roster.add_character(
                member_of(interaction), interaction.channel_id, name, side=side, role=role)
            await self._told(interaction, responder, changed, added(changed.events))

    async def join(self, interaction: hikari.CommandInteraction, name: str | None) -> None:
        """``/encounter join [character]``."""
        async with self._answering(interaction, "join") as responder:
            changed = await self._uses.roster.join(member_of(interaction),
                                                   interaction.channel_id, name)
            await self._told(interaction, responder, changed, added(changed.events))

    async def remove(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter remove combatant``."""
        async with self._answering(interaction, "remove") as responder:
            changed = await self._uses.roster.remove(member_of(interaction),
                                                     interaction.channel_id, name)
            gone = next((e.combatant for e in changed.events if e.combatant), name)
            await self._told(interaction, responder, changed, f"Removed {named(gone)}.")

    async def next(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter next``: the current phase ends."""
        async with self._answering(interaction, "next") as responder:
            changed = await self._uses.turns.next(member_of(interaction), interaction.channel_id)
            await self._told(interaction, responder, changed, now_said(changed.record))

    async def condition(self, interaction: hikari.CommandInteraction, name: str,
                        affliction: Affliction) -> None:
        """``/encounter condition``: a condition given."""
        async with self._answering(interaction, "condition") as responder:
            changed = await self._uses.turns.condition(member_of(interaction),
                                                       interaction.channel_id, name, affliction)
            await self._told(interaction, responder, changed, conditions_said(changed.events))

    async def uncondition(self, interaction: hikari.CommandInteraction, name: str,
                          condition: ConditionName, attribute: Attribute | None,
                          source: str | None) -> None:
        """``/encounter condition ... remove:true``."""
        async with self._answering(interaction, "condition") as responder:
            changed = await self._uses.turns.uncondition(
                member_of(interaction), interaction.channel_id, name, condition,
                attribute=attribute, source=source)
            await self._told(interaction, responder, changed, conditions_said(changed.events))

    async def damage(self, interaction: hikari.CommandInteraction, name: str, amount: int,
                     damage_type: DamageType | None, pierce: bool) -> None:
        """``/encounter damage``: the arithmetic said, the card edited."""
        async with self._answering(interaction, "damage") as responder:
            damaged = await self._uses.health.damage(member_of(interaction),
                                                     interaction.channel_id, name, amount,
                                                     damage_type, pierce=pierce)
            lines = [shown(damaged.landing.said, DiscordLimits.CONTENT // 2)]
            if any(e.kind is EventKind.DEFEATED for e in damaged.changed.events):
                lines.append(f"{named(damaged.landing.target)} is defeated.")
            lines += [f"{named(e.combatant)} falls Unconscious." for e in damaged.changed.events
                      if e.kind is EventKind.CONDITION_ADDED and e.combatant]
            await self._told(interaction, responder, damaged.changed, "\n".join(lines))

    async def heal(self, interaction: hikari.CommandInteraction, name: str, amount: int) -> None:
        """``/encounter heal``."""
        async with self._answering(interaction, "heal") as responder:
            changed = await self._uses.health.heal(member_of(interaction),
                                                   interaction.channel_id, name, amount)
            healed = changed.record.encounter.find(name)
            gained = changed.events[0].amount if changed.events else 0
            await self._told(interaction, responder, changed,
                             f"{named(healed.name)} recovers {gained} health: "
                             f"{healed.health}/{healed.health_max}.")

    async def undo(self, interaction: hikari.CommandInteraction, name: str) -> None:
        """``/encounter undo combatant``: the latest damage or healing undone."""
        async with self._answering(interaction, "undo") as responder:
            changed = await self._uses.health.undo(member_of(interaction),
                                                   interaction.channel_id, name)
            await self._told(interaction, responder, changed, undone_said(changed))

    async def settings(self, interaction: hikari.CommandInteraction, asked: Settings) -> None:
        """``/encounter settings``."""
        async with self._answering(interaction, "settings") as responder:
            if asked == Settings():
                raise EncounterError("give a setting to change: keep-speed, show-health or "
                                     "ping")
            changed = await self._uses.lifecycle.settings(member_of(interaction),
                                                          interaction.channel_id, asked)
            record = changed.record
            lines = [f"**keep-speed**: {on_off(record.encounter.keep_speed)}",
                     f"**show-health**: {on_off(record.show_health)}",
                     f"**ping** (you): {on_off(interaction.user.id in record.pings)}"]
            await self._told(interaction, responder, changed, "\n".join(lines))

    async def end(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter end``: ended, its summary posted and shown on the card."""
        async with self._answering(interaction, "end", ephemeral=False) as responder:
            ended = await self._uses.lifecycle.end(member_of(interaction),
                                                   interaction.channel_id)
            message_id = ended.record.card_message_id
            if message_id is not None:
                await self._quietly(self._messages(interaction).edit_card(
                    interaction.channel_id, message_id, ended_components(ended.summary)))
            await responder.message(fit_lines(summary_lines(ended.summary),
                                              DiscordLimits.CONTENT))

    async def log(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter log``: the latest changes, newest first."""
        async with self._answering(interaction, "log") as responder:
            entries = await self._uses.lifecycle.log(interaction.channel_id)
            await responder.message(fit_lines([log_line(e) for e in entries],
                                              DiscordLimits.CONTENT), ephemeral=True)

    async def export(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter export``: the encounter as ``nazh-encounter`` JSON (what the card hides
        from a player left out of theirs)."""
        async with self._answering(interaction, "export") as responder:
            member = member_of(interaction)
            gm = await self._uses.changes.is_gm(member)
            record, entries = await self._uses.lifecycle.exported(interaction.channel_id)
            data = dumps(export(record, entries, for_gm=gm)).encode()
            await responder.message("The encounter, as JSON (format `nazh-encounter`, "
                                    "version 1):", ephemeral=True)
            await responder.file(data, f"encounter-{record.encounter_id}.json", ephemeral=True)

    async def listed(self, interaction: hikari.CommandInteraction) -> None:
        """``/encounter list``: the server's open encounters."""
        async with self._answering(interaction, "list") as responder:
            found = await self._uses.lifecycle.listed(member_of(interaction))
            lines = [f"<#{f.record.channel_id}> {encounter_title(f.record.encounter.name)} · "
                     f"round {f.record.encounter.round}"
                     + (" · **stale** (anyone may end it)" if f.stale else "") for f in found]
            await responder.message(fit_lines(lines or ["No open encounter in this server."],
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

    # -- the controls ----------------------------------------------------------------------

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: EncounterControl) -> None:
        """A card's button or select, or an ephemeral select a click asked."""
        ephemeral = not isinstance(control, CardControl | ConditionsControl)
        answering = Answering("component:encounter", "component", DEFER_UPDATE,
                              ephemeral=ephemeral)
        async with self._wrapper.answering(interaction, answering) as responder:
            if isinstance(control, CardControl):
                await self._card_click(interaction, responder, control)
            elif isinstance(control, ChooseControl):
                await self._chosen(interaction, responder, control)
            elif isinstance(control, ConditionsControl):
                await self._condition_menu(interaction, responder)
            elif isinstance(control, ReactionControl):
                await self._reactions.chosen(interaction, responder, control)
            else:
                await self._condition_target(interaction, responder, control)

    async def _card_click(self, interaction: hikari.ComponentInteraction,
                          responder: Responder, control: CardControl) -> None:
        member = member_of(interaction)
        record = await self._live(interaction, control.encounter_id)
        if control.action == GM_VIEW:
            if not await self._uses.changes.is_gm(member):
                raise EncounterError("the GM view is for the GMs")
            await responder.card(card_components(record, self._now(), gm_view=True),
                                 ephemeral=True)
            return
        try:
            if control.action in PROMPTED:
                await self._reactions.clicked(interaction, responder, TurnAct(control.action),
                                              version=control.version)
                return
            if control.action == NEXT:
                changed = await self._uses.turns.next(member, interaction.channel_id,
                                                      control.moment)
            else:
                changed = await self._uses.turns.take(
                    member, interaction.channel_id, TurnAct(control.action),
                    seen_version=control.version)
        except ChooseCombatantError as choose:
            await responder.message(choose.reason, ephemeral=True, components=choose_components(
                record.encounter_id, choose.act, choose.names))
            return
        await responder.update_card(card_components(changed.record, self._now()))
        self.edits.note_updated(interaction.channel_id, interaction.message.id,
                                version=changed.record.version)
        await self._overtaken(interaction, changed.record)
        await self._ping(interaction, changed)

    async def _chosen(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      control: ChooseControl) -> None:
        name = chosen_value(interaction)
        if control.act.value in PROMPTED:
            await self._reactions.clicked(interaction, responder, control.act, name=name)
            return
        changed = await self._uses.turns.take(member_of(interaction), interaction.channel_id,
                                              control.act, name)
        await responder.update(f"{named(name)}: {control.act.wording} ✓", components=[])
        await self._changed(interaction, changed)

    async def _condition_menu(self, interaction: hikari.ComponentInteraction,
                              responder: Responder) -> None:
        condition = ConditionName.named(chosen_value(interaction))
        if condition is ConditionName.ENHANCED:
            raise EncounterError("Enhanced needs an attribute and a value: use /encounter "
                                 "condition")
        member = member_of(interaction)
        record = await self._uses.changes.current(interaction.channel_id)
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
        await self._changed(interaction, changed)

    # -- the card --------------------------------------------------------------------------

    async def _live(self, interaction: hikari.ComponentInteraction,
                    encounter_id: str) -> EncounterRecord:
        record = await self._uses.changes.current(interaction.channel_id)
        if (record.encounter_id != encounter_id
                or record.card_message_id != interaction.message.id):
            raise EncounterError("this card is no longer the encounter's live card",
                                 hint="use the newest one (/encounter show posts it again)")
        return record

    async def _post_card(self, interaction: hikari.PartialInteraction, member: Member,
                         record: EncounterRecord) -> None:
        try:
            message_id = await self._messages(interaction).post_card(
                interaction.channel_id, card_components(record, self._now()))
        except hikari.HTTPError:
            raise EncounterError("Nazh could not post the card in this channel",
                                 hint="let Nazh send messages here, then /encounter show "
                                      "posts it") from None
        posted = await self._uses.lifecycle.card_posted(member, interaction.channel_id,
                                                        message_id)
        self.edits.schedule(interaction.channel_id, message_id, version=posted.record.version)

    async def _overtaken(self, interaction: hikari.ComponentInteraction,
                         shown: EncounterRecord) -> None:
        """A change kept after the one a click's answer showed (another click at once, on
        any replica) may have reached the card before that answer did: an edit then shows
        the newest state (whatever the updates in between said they showed)."""
        try:
            newest = await self._uses.changes.current(interaction.channel_id)
        except NazhError:
            return
        if newest.version > shown.version and newest.card_message_id == interaction.message.id:
            self.edits.schedule(interaction.channel_id, interaction.message.id)

    async def _edit_card(self, channel_id: int, message_id: int) -> None:
        try:
            record = await self._uses.changes.current(channel_id)
        except NazhError:
            return
        rest = self._rest.client
        if record.card_message_id != message_id or rest is None:
            return
        await ChannelMessages(rest).edit_card(channel_id, message_id,
                                                    card_components(record, self._now()))

    async def _told(self, interaction: hikari.PartialInteraction, responder: Responder,
                    changed: Changed, text: str) -> None:
        await responder.message(text, ephemeral=True)
        await self._changed(interaction, changed)

    async def _changed(self, interaction: hikari.PartialInteraction, changed: Changed) -> None:
        message_id = changed.record.card_message_id
        if message_id is not None and not changed.repeated:
            self.edits.schedule(interaction.channel_id, message_id,
                                version=changed.record.version)
        await self._ping(interaction, changed)

    async def _ping(self, interaction: hikari.PartialInteraction, changed: Changed) -> None:
        record = changed.record
        for event in changed.events:
            if event.kind is not EventKind.PHASE_STARTED or not record.pings:
                continue
            owners = dict.fromkeys(c.owner_id for c in record.encounter.combatants
                                   if in_phase(c, event.phase) and c.owner_id in record.pings)
            text = (f"your phase has started: {phase_title(event.phase)}, round "
                    f"{event.round} ({encounter_title(record.encounter.name)}).")
            for owner in owners:
                await self._quietly(self._messages(interaction).ping(
                    interaction.channel_id, owner, text))

    def _messages(self, interaction: hikari.PartialInteraction) -> ChannelMessages:
        return ChannelMessages(interaction.app.rest)

    def _answering(self, interaction: hikari.PartialInteraction, command: str, *,
                   ephemeral: bool = True) -> AbstractAsyncContextManager[Responder]:
        return self._wrapper.answering(interaction, Answering(
            f"encounter {command}", "command", ephemeral=ephemeral))

    def _now(self) -> datetime:
        return self._uses.changes.clock.now()

    @staticmethod
    async def _quietly(sent: Awaitable[object]) -> None:
        try:
            await sent
        except hikari.HTTPError as error:
            log.warning("a card's message could not be sent or edited: %s", type(error).__name__)

