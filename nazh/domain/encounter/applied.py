"""What one application of damage or healing did to a combatant, as the log keeps it and as a
GM's undo reverses it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.encounter.damage import DamageType

KEPT_APPLICATIONS = 10
"""How many of a combatant's latest applications it keeps (a GM undoes them newest first)."""


class AppliedKind(Enum):
    """Damage taken or health recovered."""

    DAMAGE = "damage"
    HEAL = "heal"


@dataclass(frozen=True, slots=True)
class Applied:
    """One application to a combatant's health.

    Attributes:
        kind: Damage or healing.
        amount: The damage as rolled (before deflect), or the healing asked.
        damage_type: The damage's type (``None``: not said, or healing).
        deflect: What deflect took off.
        applied: What health lost (or gained): the damage after deflect and immunity, capped
            by the health there was.
        before: Health before.
        after: Health after.
        roll_id: The roll that dealt it (``None``: by hand).
        dealer: The combatant that dealt it, if one did.
        fell: It made the combatant fall Unconscious.
        defeated: It defeated the combatant (a minion at 0).
        injury: It reached a player character or rival at 0 health: it takes an injury.
        part: The part of an attack's damage it was (``hit``, ``graze``, ``critical``;
            ``None``: by hand, or kept before applications said it).
    """

    kind: AppliedKind
    amount: int
    damage_type: DamageType | None
    deflect: int
    applied: int
    before: int
    after: int
    roll_id: str | None = None
    dealer: str | None = None
    fell: bool = False
    defeated: bool = False
    injury: bool = False
    part: str | None = None

    @property
    def said(self) -> str:
        """How the log adds it to its line (health left out: a player's export hides an
        enemy's): ``12 keen - 2 deflect · roll ab12cd``; healing: its roll, if any."""
        parts = [] if self.kind is AppliedKind.HEAL else [
            f"{self.amount}" + (f" {self.damage_type.value}" if self.damage_type else "")
            + (f" - {self.deflect} deflect" if self.deflect else "")]
        if self.roll_id:
            parts.append(f"roll {self.roll_id}")
        return " · ".join(parts)


def kept(applications: tuple[Applied, ...], new: Applied) -> tuple[Applied, ...]:
    """``applications`` with ``new`` added, only the latest :data:`KEPT_APPLICATIONS` kept."""
    return (*applications, new)[-KEPT_APPLICATIONS:]
