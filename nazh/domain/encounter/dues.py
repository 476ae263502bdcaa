"""What an attack's damage owes its target as the attack stands: the parts of damage due, each
landing once (a hit's when the roll is kept, a graze's when it is recorded, a critical hit's
difference from the hit when it is spent)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.attack import AttackView


class Part(Enum):
    """A part of an attack's damage, landing once."""

    HIT = "hit"
    GRAZE = "graze"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Due:
    """One part due: its damage as rolled, and (a critical hit) the damage of the hit it
    raises, which landed already."""

    part: Part
    amount: int
    already: int = 0


def dues(attack: AttackView) -> tuple[Due, ...]:
    """The parts ``attack`` owes as it stands: none for a miss not grazed (or an attack with
    nothing recorded yet); a graze's dice; a hit's damage, and, critical, the critical damage
    over the hit's."""
    if attack.hit is True:
        hit = Due(Part.HIT, attack.hit_damage)
        if not attack.critical:
            return (hit,)
        return hit, Due(Part.CRITICAL, attack.critical_damage, attack.hit_damage)
    if attack.grazed:
        return (Due(Part.GRAZE, attack.graze),)
    return ()
