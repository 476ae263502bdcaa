"""Damage as it lands on a combatant: its type, deflect, Pierce and immunities.

Energy, impact and keen damage are reduced by deflect; spirit and vital damage are not; a
weapon with Pierce ignores deflect; an immunity makes damage of that type 0. Deflect is taken
once per hit, from the deflectable part of its damage (as Foundry VTT's Cosmere system applies
it), and never below 0. :func:`landed` works the arithmetic out and says it
(``12 keen - 2 deflect = 10``); what it does to health is :func:`~.health.take_damage`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError

MAX_DAMAGE = 9999


class DamageType(Enum):
    """The rules' damage types."""

    ENERGY = "energy"
    IMPACT = "impact"
    KEEN = "keen"
    SPIRIT = "spirit"
    VITAL = "vital"

    @property
    def deflected(self) -> bool:
        """Whether deflect reduces it (energy, impact, keen)."""
        return self in DEFLECTED

    @classmethod
    def named(cls, text: str) -> DamageType:
        """The type called ``text`` (any case), or an error listing the types."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(kind.value for kind in cls)
            raise EncounterError(f'no damage type "{text}"; the types are {names}') from None


DEFLECTED = frozenset({DamageType.ENERGY, DamageType.IMPACT, DamageType.KEEN})


@dataclass(frozen=True, slots=True)
class Landed:
    """A hit's damage after the target's defences.

    Attributes:
        amount: The damage rolled (before deflect).
        damage_type: Its type (``None``: not said, taken as it is: no deflect, no immunity).
        deflected: How much deflect took off.
        immune: The target is immune to the type: nothing is taken.
        pierce: The weapon ignores deflect.
        already: What an earlier part of the same hit already took (a critical hit's
            damage lands as the difference from the hit's).
    """

    amount: int
    damage_type: DamageType | None
    deflected: int = 0
    immune: bool = False
    pierce: bool = False
    already: int = 0

    @property
    def taken(self) -> int:
        """What reaches the target's health (before health stops it at 0)."""
        return 0 if self.immune else max(0, self.amount - self.deflected - self.already)

    @property
    def arithmetic(self) -> str:
        """``12 keen - 2 deflect = 10``, ``8 spirit``, ``6 keen (Pierce)``, ``9 energy:
        immune = 0``; a critical hit's difference: ``16 keen - 2 deflect = 14, less 8
        already taken = 6``."""
        said = self._base
        if self.already and not self.immune:
            return f"{said}, less {self.already} already taken = {self.taken}"
        return said

    @property
    def _base(self) -> str:
        said = f"{self.amount}" + (f" {self.damage_type.value}" if self.damage_type else "")
        if self.immune:
            return f"{said}: immune = 0"
        if self.pierce and self.damage_type is not None and self.damage_type.deflected:
            return f"{said} (Pierce)"
        if self.deflected:
            return f"{said} - {self.deflected} deflect = {self.amount - self.deflected}"
        return said


def landed(amount: int, damage_type: DamageType | None, *, deflect: int = 0,
           pierce: bool = False, immunities: frozenset[DamageType] = frozenset()) -> Landed:
    """``amount`` damage of ``damage_type`` on a target with ``deflect`` and ``immunities``.

    Raises:
        EncounterError: an amount or a deflect out of range.
    """
    if not 0 <= amount <= MAX_DAMAGE:
        raise EncounterError(f"damage from 0 to {MAX_DAMAGE} (got {amount})")
    if deflect < 0:
        raise EncounterError(f"deflect is 0 or more (got {deflect})")
    if damage_type is not None and damage_type in immunities:
        return Landed(amount, damage_type, immune=True, pierce=pierce)
    reduces = damage_type is not None and damage_type.deflected and not pierce
    return Landed(amount, damage_type, min(deflect, amount) if reduces else 0, pierce=pierce)


@dataclass(frozen=True, slots=True)
class Immunities:
    """What a combatant is immune to: conditions it cannot take, damage types that do it no
    harm."""

    conditions: frozenset[ConditionName] = frozenset()
    damage: frozenset[DamageType] = frozenset()

    @classmethod
    def read(cls, text: str) -> Immunities:
        """The immunities named in a comma-separated list of damage types and conditions (any
        case), or an error naming the word and what may be named."""
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
                raise EncounterError(
                    f'"{word}" is no damage type nor condition; the damage types are '
                    f"{', '.join(sorted(_DAMAGE))}, the conditions "
                    f"{', '.join(sorted(_CONDITIONS))}")
        return cls(frozenset(conditions), frozenset(damage))


_DAMAGE = frozenset(kind.value for kind in DamageType)
_CONDITIONS = frozenset(name.value for name in ConditionName)
