"""An attack's own controls on its result: Hit (no defense given), Graze (1 focus) and
Critical hit. Their custom ids are ``nz1:<action>:<roll id>`` (``hit``, ``graze``, ``crit``),
beside the roll result's (:mod:`.result`); the attack feature handles them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import hikari

from nazh.adapters.discord.runtime.buttons import ButtonRow
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.rolls.access import Act
from nazh.application.rolls.model import RollRecord
from nazh.domain.attack import Step
from nazh.domain.spending import Use, uses


class AttackAction(Enum):
    """The buttons of an attack's result."""

    HIT = "hit"
    """The attacker records a hit (an attack rolled without a defense)."""
    GRAZE = "graze"
    """The attacker turns a miss into a graze (1 focus)."""
    CRITICAL = "crit"
    """The attacker spends an Opportunity on a critical hit."""


ACTS = {AttackAction.HIT: Act.RECORD_ATTACK, AttackAction.GRAZE: Act.RECORD_ATTACK,
        AttackAction.CRITICAL: Act.SPEND_OPPORTUNITY}
"""The act of the visibility rule each attack control takes."""


@dataclass(frozen=True, slots=True)
class AttackControl:
    """A decoded attack control: which action, on which roll."""

    action: AttackAction
    roll_id: str

    @property
    def act(self) -> Act:
        """The act the control takes on its roll."""
        return ACTS[self.action]


def attack_control(action: AttackAction, roll_id: str) -> str:
    """The custom id of an attack's button."""
    return f"{PREFIX}:{action.value}:{roll_id}"


def _decode(parts: list[str]) -> AttackControl | None:
    actions = {action.value: action for action in AttackAction}
    action = actions.get(parts[0])
    if action is None or len(parts) != 2 or not parts[1]:
        return None
    return AttackControl(action, parts[1])


CODEC = Codec(frozenset(action.value for action in AttackAction),
              lambda parts: _decode(parts[1:]))
"""An attack's controls: ``nz1:<action>:<roll id>``."""


def attack_row(record: RollRecord, *,
               critical: bool = True) -> list[hikari.api.ComponentBuilder]:
    """Hit (no defense given) and Graze while they apply, Critical hit on a hit with an
    Opportunity to spend where the encounter allows one (``critical``: not a minion's)."""
    attack = record.attack_view
    if attack is None or record.result.pending:
        return []
    row = ButtonRow()
    if attack.can(Step.HIT):
        row.add_interactive_button(hikari.ButtonStyle.SUCCESS,
                                   attack_control(AttackAction.HIT, record.roll_id),
                                   label="Hit", emoji="🎯")
    if attack.can(Step.GRAZE):
        row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                   attack_control(AttackAction.GRAZE, record.roll_id),
                                   label="Graze (1 focus)", emoji="🩹")
    if critical and Use.CRITICAL in uses(record.result, record.spent, opportunity=True,
                                         granted=record.granted,
                                         critical=record.critical_possible):
        row.add_interactive_button(hikari.ButtonStyle.DANGER,
                                   attack_control(AttackAction.CRITICAL, record.roll_id),
                                   label="Critical hit", emoji="💥")
    return [row] if row.components else []

