"""Recover's split (``nz1:rsp:<roll id>:<combatant>``): how many points go to health, the rest
to focus, chosen by the recovering player where both have room."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.encounters.card import Components, options_components
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.wording import chosen_value, named
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.characters.access import Act as CharacterAct
from nazh.application.characters.service import Characters
from nazh.application.encounters.model import Changed
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.settings.server import Member
from nazh.domain.character import Resource
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.reactions import recover_choice, recover_rooms
from nazh.presentation.i18n import N_, ToReader, _

SPLIT_KIND = "rsp"


@dataclass(frozen=True, slots=True)
class SplitControl:
    """The split of ``combatant``'s Recover roll ``roll_id``."""

    roll_id: str
    combatant: str


def split_control(roll_id: str, combatant: str) -> str:
    """The custom id of a Recover's split select."""
    return f"{PREFIX}:{SPLIT_KIND}:{roll_id}:{combatant}"


def _decode(parts: list[str]) -> SplitControl | None:
    if len(parts) < 4 or not parts[2] or not any(parts[3:]):
        return None
    return SplitControl(parts[2], ":".join(parts[3:]))


CODEC = Codec(frozenset({SPLIT_KIND}), _decode)
"""Recover's split select."""


async def focus_room(characters: Characters, member: Member, combatant: Combatant) -> int:
    """The focus its sheet may still gain (to its maximum)."""
    if combatant.character_id is None:
        with ToReader():  # a refusal is the presser's
            reason = _("{name} has no character sheet").format(name=combatant.name)
        raise EncounterError(reason)
    sheet = (await characters.get(member, combatant.character_id, CharacterAct.ROLL)).sheet
    return max(0, sheet.maximum(Resource.FOCUS).value - sheet.focus.current)


def split_asked(roll_id: str, combatant: Combatant, points: int,
                focus_left: int) -> Components | None:
    """The select asking how to split ``points`` (``None``: nothing to choose)."""
    health_room, room = recover_rooms(combatant, focus_left)
    choices = recover_choice(points, health_room, room)
    if len(choices) < 2:  # a choice needs two
        return None
    options = [(_("{health} to health, {focus} to focus").format(health=h, focus=points - h),
                str(h)) for h in choices]
    return options_components(split_control(roll_id, combatant.name),
                              _("Health and focus"), options)


def recovered_said(changed: Changed, name: str, points: int) -> str:
    """``Kaladin Recovers 4: health 12/12, focus 3``."""
    combatant = changed.record.encounter.find(name)
    return _("{name} Recovers {n}: health {health}/{most}, focus {focus}").format(
        name=name, n=points, health=combatant.health, most=combatant.health_max,
        focus=combatant.focus)


class RecoverSplits:
    """The split chosen after a Recover's die."""

    def __init__(self, uses: EncounterUseCases, table: RollActions, characters: Characters,
                 wrapper: InteractionWrapper, card: LiveCard) -> None:
        self._uses = uses
        self._table = table
        self._characters = characters
        self._wrapper = wrapper
        self._card = card

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the encounters, the roll log and the characters."""
        return cls(deps.encounters, deps.table, deps.characters, deps.wrapper,
                   LiveCard.build(deps))

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: SplitControl) -> None:
        """The points given as chosen, once per roll; the card edited."""
        answering = Answering("component:recover-split", "component", DEFER_UPDATE,
                              ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            value = chosen_value(interaction)
            if not value.isascii() or not value.isdigit():
                raise EncounterError(N_("choose how many points go to health"))
            # the points are the roll's, never the message's
            roll = await self._table.acted_on(control.roll_id, member, Act.VIEW)
            points = roll.result.pools[0].total
            record = await self._uses.changes.current(interaction.channel_id)
            combatant = record.encounter.find(control.combatant)
            room = await focus_room(self._characters, member, combatant)
            changed = await self._uses.reactions.recovered(
                member, interaction.channel_id, combatant.name, control.roll_id, points,
                to_health=int(value), focus_room=room)
            said = recovered_said(changed, combatant.name, points)
            if changed.repeated:
                said = _("{name}'s Recover is split already.").format(
                    name=named(combatant.name))
            await responder.update(said, components=[])
            await self._card.changed(interaction, changed)
