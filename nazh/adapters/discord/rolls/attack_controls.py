"""An attack's controls on its result: Hit, Graze, Critical hit (``nz1:<action>:<roll id>``),
and Graze of another target (``nz1:grzo:<roll id>:<index>``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import hikari

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.rolls.access import Act
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.domain.attack import Step
from nazh.domain.spending import Use
from nazh.domain.targets import MAX_TARGETS, can_graze
from nazh.presentation.chat import clip
from nazh.presentation.i18n import _


class AttackAction(Enum):
    """The buttons of an attack's result."""

    HIT = "hit"
    """The attacker records a hit (an attack rolled without a defense)."""
    GRAZE = "graze"
    """The attacker turns a miss into a graze (1 focus)."""
    CRITICAL = "crit"
    """The attacker spends an Opportunity on a critical hit."""
    GRAZE_OTHER = "grzo"
    """The attacker grazes another target the attack missed (1 focus)."""


ACTS = {AttackAction.HIT: Act.RECORD_ATTACK, AttackAction.GRAZE: Act.RECORD_ATTACK,
        AttackAction.CRITICAL: Act.SPEND_OPPORTUNITY, AttackAction.GRAZE_OTHER: Act.RECORD_ATTACK}
"""The act of the visibility rule each attack control takes."""


@dataclass(frozen=True, slots=True)
class AttackControl:
    """A decoded attack control: which action, on which roll."""

    action: AttackAction
    roll_id: str
    index: int = 0  # Graze of another target: which (from 0)

    @property
    def act(self) -> Act:
        """The act the control takes on its roll."""
        return ACTS[self.action]


def attack_control(action: AttackAction, roll_id: str) -> str:
    """The custom id of an attack's button."""
    return f"{PREFIX}:{action.value}:{roll_id}"


def other_graze_control(roll_id: str, index: int) -> str:
    """The custom id of the Graze of an attack's ``index``-th other target (from 0)."""
    return f"{PREFIX}:{AttackAction.GRAZE_OTHER.value}:{roll_id}:{index}"


def _decode(parts: list[str]) -> AttackControl | None:
    actions = {action.value: action for action in AttackAction}
    action = actions.get(parts[0])
    if action is AttackAction.GRAZE_OTHER:
        if len(parts) != 3 or not parts[1] or parts[2] not in _INDEXES:
            return None
        return AttackControl(action, parts[1], int(parts[2]))
    if action is None or len(parts) != 2 or not parts[1]:
        return None
    return AttackControl(action, parts[1])


_INDEXES = frozenset(str(index) for index in range(MAX_TARGETS - 1))


CODEC = Codec(frozenset(action.value for action in AttackAction),
              lambda parts: _decode(parts[1:]))
"""An attack's controls: ``nz1:<action>:<roll id>``."""


HIT_ID, GRAZE_ID, CRITICAL_ID = (attack_control(action, "") for action in (
    AttackAction.HIT, AttackAction.GRAZE, AttackAction.CRITICAL))
"""The custom ids of an attack's buttons before the roll's id, written once."""


def attack_row(record: RollRecord, *,
               critical: bool = True) -> list[hikari.api.ComponentBuilder]:
    """Hit (no defense given) and Graze while they apply; Critical hit where ``critical`` allows."""
    attack = record.attack_view
    result = record.result
    if attack is None or result.pending:
        return []
    hit, graze = attack.can(Step.HIT), attack.can(Step.GRAZE)
    critical = critical and Use.CRITICAL in record.uses(opportunity=True)
    others = record.term(OTHER_TARGETS)
    grazeable = can_graze(others, attack) if others else []
    if not (hit or graze or critical or grazeable):
        return []
    row = hikari.impl.MessageActionRowBuilder()
    if hit:
        row.add_interactive_button(hikari.ButtonStyle.SUCCESS, HIT_ID + record.roll_id,
                                   label=_("Hit"), emoji="🎯")
    if graze:
        row.add_interactive_button(hikari.ButtonStyle.SECONDARY, GRAZE_ID + record.roll_id,
                                   label=_("Graze (1 focus)"), emoji="🩹")
    if critical:
        row.add_interactive_button(hikari.ButtonStyle.DANGER, CRITICAL_ID + record.roll_id,
                                   label=_("Critical hit"), emoji="💥")
    for index in grazeable:  # at most two: a row holds the five buttons
        assert others is not None
        row.add_interactive_button(
            hikari.ButtonStyle.SECONDARY, other_graze_control(record.roll_id, index),
            label=clip(_("Graze {target} (1 focus)").format(target=others[index].combatant), 80),
            emoji="🩹")
    return [row]
