"""The card's reactions and focus beyond Dodge: Aid, Reactive strike, Extra action, Recover."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import hikari

from nazh.adapters.discord.encounters.card import options_components
from nazh.adapters.discord.encounters.controls import (
    AID_KIND,
    EXTRA_KIND,
    STRIKE_KIND,
    ReactionControl,
    reaction_select,
)
from nazh.adapters.discord.encounters.recover_split import (
    focus_room,
    recovered_said,
    split_asked,
)
from nazh.adapters.discord.encounters.wording import chosen_value, extra_action_said, named
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.characters.access import Act
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.encounters.model import Changed
from nazh.application.encounters.reactions import Whom
from nazh.application.encounters.turns import TurnAct
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Rolled, RollRequest
from nazh.domain.encounter.combatant import Combatant, opposed
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.reactions import can_end_condition, can_take_extra
from nazh.presentation.chat import DiscordLimits
from nazh.presentation.fight_words import condition_label, condition_word
from nazh.presentation.i18n import N_, ToReader, ToTable, _

SELECT_OPTIONS = DiscordLimits.SELECT_OPTIONS
STRIKE_LABEL = N_("Reactive strike")
EXTRA_OPTION = "action"
END_PREFIX = "end:"
SOURCE_MARK = "/"  # then an Afflicted's source (at most 40 characters: the value fits in 100)
ALREADY = N_("(already done: nothing more was spent)")
"""What a choice submitted again says (its act was kept once)."""

Told = Callable[[hikari.PartialInteraction, Changed], Awaitable[None]]
"""Told of a change kept (the card's edit, the pings): ``told(interaction, changed)``."""


@dataclass(frozen=True, slots=True)
class ReactionTools:
    """What the reactions need beyond the encounter: the characters, their rolls, the answers."""

    characters: Characters
    character_rolls: CharacterRolls
    answers: RollAnswers


# A click finds whom it is for (a select asks when the clicker runs several), is refused at once
# when that combatant cannot, then an ephemeral select asks what the act needs. The choice is kept
# once under its prompt's message id (a second submit spends nothing); a strike's attack and a
# Recover's die are rolled with the character and posted as any roll.
class ReactionControls:
    """Aid, Reactive strike, Extra action and Recover (``tools`` None: refused, none to roll)."""

    def __init__(self, uses: EncounterUseCases, tools: ReactionTools | None,
                 told: Told) -> None:
        self._uses = uses
        self._given = tools
        self._told = told

    @property
    def _tools(self) -> ReactionTools:
        """The characters and rolls (a feature built without them serves no prompt)."""
        if self._given is None:
            raise EncounterError(N_("Aid, Reactive strike, Extra action and Recover are not "
                                    "served here"))
        return self._given

    async def clicked(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      act: TurnAct, *, name: str | None = None,
                      version: int | None = None) -> None:
        """The card's button (or the select of whom it is for, ``name``) of ``act``."""
        whom = await self._uses.reactions.who(member_of(interaction), interaction.channel_id,
                                              act, name)
        if act is TurnAct.AID:
            await self._ask_aid(responder, whom)
        elif act is TurnAct.STRIKE:
            await self._ask_strike(interaction, responder, whom)
        elif act is TurnAct.EXTRA:
            await self._ask_extra(interaction, responder, whom, version)
        else:
            await self._recover(interaction, responder, whom.combatant, version)

    async def chosen(self, interaction: hikari.ComponentInteraction, responder: Responder,
                     control: ReactionControl) -> None:
        """The select after Aid, Reactive strike or Extra action."""
        value = chosen_value(interaction)
        if control.kind == AID_KIND:
            await self._aid(interaction, responder, control.combatant, value)
        elif control.kind == STRIKE_KIND:
            await self._strike(interaction, responder, control.combatant, value)
        else:
            await self._extra(interaction, responder, control.combatant, value)

    # -- Aid -------------------------------------------------------------------------------

    async def _ask_aid(self, responder: Responder, whom: Whom) -> None:
        helper = whom.combatant
        names = [(c.name, c.name) for c in whom.record.encounter.combatants
                 if c.key != helper.key and not c.defeated and not opposed(helper, c)]
        if not names:
            with ToReader():  # a refusal is the presser's
                reason = _("{name} has no ally to Aid in this encounter").format(
                    name=helper.name)
            raise EncounterError(reason)
        await responder.message(
            _("Whom does {name} Aid (its reaction and 1 focus)? Their next test gains an "
              "advantage.").format(name=named(helper.name)), ephemeral=True,
            components=options_components(
                reaction_select(whom.record.encounter_id, AID_KIND, helper.name),
                _("Whom to Aid?"), names))

    async def _aid(self, interaction: hikari.ComponentInteraction, responder: Responder,
                   helper: str, aided: str) -> None:
        changed = await self._uses.reactions.aid(member_of(interaction),
                                                 interaction.channel_id, helper, aided,
                                                 once=_once("aid", interaction))
        await responder.update(_("{helper} Aids {aided}: their next test gains an advantage.")
                               .format(helper=named(helper), aided=named(aided))
                               + _repeated(changed), components=[])
        await self._told(interaction, changed)

    # -- Reactive strike -------------------------------------------------------------------

    async def _ask_strike(self, interaction: hikari.ComponentInteraction,
                          responder: Responder, whom: Whom) -> None:
        striker = whom.combatant
        weapons = await self._weapons(interaction, striker)
        targets = [c for c in whom.record.encounter.combatants
                   if not c.defeated and opposed(striker, c)]
        if not targets:
            with ToReader():
                reason = _("{name} has no one to strike: no combatant of the other side is "
                           "standing").format(name=striker.name)
            raise EncounterError(reason)
        options = [(f"{weapon} → {target.name}", f"{n}:{target.name}")
                   for n, weapon in enumerate(weapons) for target in targets]
        more = (" " + _("(the first {n} pairs: for another, /attack weapon: target:)").format(
            n=SELECT_OPTIONS) if len(options) > SELECT_OPTIONS else "")
        await responder.message(
            _("{name}'s Reactive strike (its reaction and 1 focus; no action): which weapon, "
              "against whom?").format(name=named(striker.name)) + more, ephemeral=True,
            components=options_components(
                reaction_select(whom.record.encounter_id, STRIKE_KIND, striker.name),
                _("Weapon → target"), options))

    async def _strike(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      name: str, value: str) -> None:
        member = member_of(interaction)
        record = await self._uses.changes.current(interaction.channel_id)
        striker = record.encounter.find(name)
        weapons = await self._weapons(interaction, striker)
        index, _colon, target_name = value.partition(":")
        if not index.isdigit() or int(index) >= len(weapons):
            raise EncounterError(N_("that weapon is no longer on the sheet: click Reactive "
                                    "strike again"))
        target = record.encounter.find(target_name)
        weapon, once = weapons[int(index)], _once("strike", interaction)
        said = _("{name} strikes {target} with {weapon}.").format(
            name=named(name), target=named(target.name), weapon=weapon)
        if await self._uses.changes.done(once):  # a second submit: nothing more is spent
            await responder.update(f"{said} {_(ALREADY)}", components=[])
            return
        character = await self._character_name(interaction, striker)

        async def spend() -> None:
            changed = await self._uses.reactions.strike(member, interaction.channel_id, name,
                                                        once=once)
            if changed.repeated:  # submitted twice at once: the other one strikes
                raise EncounterError(N_("this Reactive strike is made already: nothing more "
                                        "was spent"))
            await responder.update(said, components=[])
            await self._told(interaction, changed)
        with ToTable():  # the roll's label, on the table's card
            label = _(STRIKE_LABEL)
        request = RollRequest("", roller_of(interaction), dc=target.defenses.physical,
                              label=label, source=RollSource.BUTTON,
                              received=responder.received)
        # the attack checks everything it needs, then spends the reaction, then rolls
        await self._tools.answers.answer_roll(
            responder, interaction, request,
            lambda asked: self._tools.character_rolls.attack(
                member, weapon, asked, character=character, defense=target.defenses.physical,
                target=target.name, reaction=spend), reroll=False)

    async def _weapons(self, interaction: hikari.ComponentInteraction,
                       combatant: Combatant) -> list[str]:
        character = await self._character_name(interaction, combatant)
        # rule (Reactive Strike): "a melee weapon attack"
        weapons = await self._tools.character_rolls.weapons(member_of(interaction), character,
                                                            melee=True)
        if not weapons:
            with ToReader():
                reason = _("{name}'s sheet has no melee weapon to strike with").format(
                    name=combatant.name)
            raise EncounterError(reason, hint=N_("/character weapon adds one"))
        return [name for _, name in weapons]

    async def _character_name(self, interaction: hikari.ComponentInteraction,
                              combatant: Combatant) -> str:
        if combatant.character_id is None:
            with ToReader():
                reason = _("{name} has no character sheet").format(name=combatant.name)
            raise EncounterError(reason)
        record = await self._tools.characters.get(member_of(interaction),
                                                  combatant.character_id, Act.ROLL)
        return record.name

    # -- Extra action (or a condition ended) -----------------------------------------------

    async def _ask_extra(self, interaction: hikari.ComponentInteraction, responder: Responder,
                         whom: Whom, version: int | None) -> None:
        boss = whom.combatant
        # rule (Boss): an extra action right after an enemy's turn; a condition ended on its own
        # one option a condition held: each Afflicted its own (a focus ends one)
        ends = {_end_value(c): c for c in boss.conditions} if can_end_condition(boss) else {}
        if not ends:
            changed = await self._uses.reactions.extra(
                member_of(interaction), interaction.channel_id, boss.name,
                seen_version=version)
            await responder.message(extra_action_said(changed.events, boss.name), ephemeral=True)
            await self._told(interaction, changed)
            return
        extra = [(_("An extra action"), EXTRA_OPTION)] if can_take_extra(boss) else []
        options = [*extra, *((_("End {condition}").format(condition=condition_label(c)), value)
                             for value, c in ends.items())]
        await responder.message(
            _("{name} spends 1 focus: for an extra action, or to end one of its conditions?")
            .format(name=named(boss.name)), ephemeral=True, components=options_components(
                reaction_select(whom.record.encounter_id, EXTRA_KIND, boss.name),
                _("Extra action or a condition ended"), options))

    async def _extra(self, interaction: hikari.ComponentInteraction, responder: Responder,
                     name: str, value: str) -> None:
        member, once = member_of(interaction), _once("extra", interaction)
        if value == EXTRA_OPTION:
            changed = await self._uses.reactions.extra(member, interaction.channel_id, name,
                                                       once=once)
            said = extra_action_said(changed.events, name)
        elif value.startswith(END_PREFIX):
            named_condition, mark, source = value.removeprefix(END_PREFIX).partition(SOURCE_MARK)
            condition = ConditionName.named(named_condition)
            changed = await self._uses.reactions.end_condition(
                member, interaction.channel_id, name, condition, once=once,
                source=source if mark and condition is ConditionName.AFFLICTED else None)
            ended = next((e.condition for e in changed.events
                          if e.kind is EventKind.CONDITION_REMOVED and e.condition is not None),
                         None)
            said = _("{name} spends 1 focus: it is no longer {condition}.").format(
                name=named(name), condition=condition_word(condition) if ended is None
                else condition_label(ended))
        else:
            raise EncounterError(N_("choose an extra action or a condition to end"))
        await responder.update(said + _repeated(changed), components=[])
        await self._told(interaction, changed)

    # -- Recover ---------------------------------------------------------------------------

    async def _recover(self, interaction: hikari.ComponentInteraction, responder: Responder,
                       combatant: Combatant, version: int | None) -> None:
        member = member_of(interaction)
        character_id = combatant.character_id
        if character_id is not None:  # the sheet found first: nothing is spent without it
            await self._tools.characters.get(member, character_id, Act.CHANGE)
        started = await self._uses.reactions.start_recovery(
            member, interaction.channel_id, combatant.name, seen_version=version)
        await self._told(interaction, started)
        if character_id is None:  # start_recovery refuses a combatant without a sheet
            return

        asked_split: list[hikari.api.ComponentBuilder] = []

        async def rolled(asked: RollRequest) -> Rolled:
            roll = await self._tools.character_rolls.recovery(member, character_id, asked)
            points = roll.result.pools[0].total
            now = (await self._uses.changes.current(interaction.channel_id)).encounter
            room = await focus_room(self._tools.characters, member, now.find(combatant.name))
            # rule (Recover): the player splits the die between health and focus; where only
            # one has room it all goes there
            split = split_asked(roll.roll_id, now.find(combatant.name), points, room)
            if split is not None:
                asked_split.extend(split)
                with ToTable():  # a note on the table's card
                    note = _("{name} Recovers {n}: its player splits it between health and "
                             "focus").format(name=combatant.name, n=points)
                return Rolled(roll, notes=(note,))
            changed = await self._uses.reactions.recovered(
                member, interaction.channel_id, combatant.name, roll.roll_id, points,
                focus_room=room)
            await self._told(interaction, changed)
            with ToTable():
                note = recovered_said(changed, combatant.name, points)
            return Rolled(roll, notes=(note,))
        request = RollRequest("", roller_of(interaction), source=RollSource.BUTTON,
                              received=responder.received)
        await self._tools.answers.answer_roll(responder, interaction, request, rolled,
                                              reroll=False)
        if asked_split:
            await responder.message(
                _("{name} Recovers: how many points go to health? The rest go to focus.")
                .format(name=named(combatant.name)), ephemeral=True, components=asked_split)


def _once(act: str, interaction: hikari.ComponentInteraction) -> str:
    """The once key of a choice made on a prompt (its message id)."""
    return f"{act}-prompt:{interaction.message.id}"


def _repeated(changed: Changed) -> str:
    return " " + _(ALREADY) if changed.repeated else ""


def _end_value(condition: Condition) -> str:
    """The option ending ``condition``: its name, and an Afflicted's source."""
    if condition.name is ConditionName.AFFLICTED:
        return f"{END_PREFIX}{condition.name.value}{SOURCE_MARK}{condition.source}"
    return f"{END_PREFIX}{condition.name.value}"
