"""What one application of damage or healing did to a combatant, for the log and a GM's undo."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.encounter.damage import DamageType

KEPT_APPLICATIONS = 10  # a combatant's latest, which a GM undoes newest first


class AppliedKind(Enum):
    """Damage taken or health recovered."""

    DAMAGE = "damage"
    HEAL = "heal"


@dataclass(frozen=True, slots=True)
class Applied:
    """One application to a combatant's health."""

    kind: AppliedKind
    amount: int  # as rolled (before deflect), or the healing asked
    damage_type: DamageType | None
    deflect: int  # what deflect took off
    applied: int  # after deflect and immunity, capped by the health there was
    before: int
    after: int
    roll_id: str | None = None  # None: by hand
    dealer: str | None = None
    fell: bool = False  # Unconscious
    defeated: bool = False  # a minion at 0
    injury: bool = False  # a player character or rival at 0 health takes an injury
    part: str | None = None  # ``hit``, ``graze``, ``critical``; None: by hand, or older

    @property
    def said(self) -> str:
        """``12 keen - 2 deflect · roll ab12cd`` (no health: a player's export hides an enemy's)."""
        parts = [] if self.kind is AppliedKind.HEAL else [
            f"{self.amount}" + (f" {self.damage_type.value}" if self.damage_type else "")
            + (f" - {self.deflect} deflect" if self.deflect else "")]
        if self.roll_id:
            parts.append(f"roll {self.roll_id}")
        return " · ".join(parts)


def kept(applications: tuple[Applied, ...], new: Applied) -> tuple[Applied, ...]:
    """``applications`` with ``new`` added, only the latest :data:`KEPT_APPLICATIONS` kept."""
    return (*applications, new)[-KEPT_APPLICATIONS:]
