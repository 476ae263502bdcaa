"""Damage as it lands on a combatant: its type, deflect, Pierce and immunities."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage_types import DEFLECTED as DEFLECTED  # noqa: PLC0414
from nazh.domain.encounter.damage_types import DamageType as DamageType  # noqa: PLC0414
from nazh.domain.encounter.errors import EncounterError

MAX_DAMAGE = 9999


@dataclass(frozen=True, slots=True)
class Landed:
    """A hit's damage after the target's defences."""

    amount: int  # before deflect
    damage_type: DamageType | None  # None: not said: deflected (as /odds and Foundry), no immunity
    deflected: int = 0
    immune: bool = False
    pierce: bool = False
    already: int = 0  # a critical hit lands as its difference from the hit's

    @property
    def taken(self) -> int:
        """What reaches the target's health (before health stops it at 0)."""
        return 0 if self.immune else max(0, self.amount - self.deflected - self.already)

    @property
    def arithmetic(self) -> str:
        """``12 keen - 2 deflect = 10``, ``6 keen (Pierce)``, ``9 energy: immune = 0``, ..."""
        said = self._base
        if self.already and not self.immune:
            return f"{said}, less {self.already} already taken = {self.taken}"
        return said

    @property
    def _base(self) -> str:
        said = f"{self.amount}" + (f" {self.damage_type.value}" if self.damage_type else "")
        if self.immune:
            return f"{said}: immune = 0"
        if self.pierce and _deflectable(self.damage_type):
            return f"{said} (Pierce)"
        if self.deflected:
            return f"{said} - {self.deflected} deflect = {self.amount - self.deflected}"
        return said


def landed(amount: int, damage_type: DamageType | None, *, deflect: int = 0,
           pierce: bool = False, immunities: frozenset[DamageType] = frozenset()) -> Landed:
    """``amount`` damage of ``damage_type`` on a target with ``deflect`` and ``immunities``."""
    if not 0 <= amount <= MAX_DAMAGE:
        raise EncounterError("damage from 0 to {most} (got {got})",
                             fields={"most": MAX_DAMAGE, "got": amount})
    if deflect < 0:
        raise EncounterError("deflect is 0 or more (got {got})", fields={"got": deflect})
    if damage_type is not None and damage_type in immunities:
        return Landed(amount, damage_type, immune=True, pierce=pierce)
    # rule: Pierce ignores deflect; deflect is taken once per hit, never below 0 (as Foundry
    # VTT's Cosmere system applies it); damage whose type is not said is deflected as the
    # odds count it (the weapons' types mostly are)
    reduces = _deflectable(damage_type) and not pierce
    return Landed(amount, damage_type, min(deflect, amount) if reduces else 0, pierce=pierce)


def _deflectable(damage_type: DamageType | None) -> bool:
    return damage_type is None or damage_type.deflected


@dataclass(frozen=True, slots=True)
class Immunities:
    """What a combatant is immune to: conditions it cannot take, damage types that do no harm."""

    conditions: frozenset[ConditionName] = frozenset()
    damage: frozenset[DamageType] = frozenset()

    @classmethod
    def read(cls, text: str) -> Immunities:
        """The immunities named in a comma-separated list of damage types and conditions."""
        conditions: set[ConditionName] = set()
        damage: set[DamageType] = set()
        for word in (w.strip().lower() for w in text.split(",")):
            if not word:
                continue
            if word in _DAMAGE:
                damage.add(DamageType(word))
            elif word in _CONDITIONS:
                conditions.add(ConditionName(word))
            else:
                raise EncounterError('"{word}" is no damage type nor condition; the damage types '
                                     "are {types}, the conditions {conditions}",
                                     fields={"word": word, "types": ", ".join(sorted(_DAMAGE)),
                                             "conditions": ", ".join(sorted(_CONDITIONS))})
        return cls(frozenset(conditions), frozenset(damage))


_DAMAGE = frozenset(kind.value for kind in DamageType)
_CONDITIONS = frozenset(name.value for name in ConditionName)
