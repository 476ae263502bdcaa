"""What an attack's damage owes its target as it stands: parts of damage, each landing once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.attack import AttackView


class Part(Enum):
    """A part of an attack's damage, landing once."""

    HIT = "hit"  # lands when the roll is kept
    GRAZE = "graze"  # when it is recorded
    CRITICAL = "critical"  # its difference from the hit, when it is spent


@dataclass(frozen=True, slots=True)
class Due:
    """One part due: its damage as rolled."""

    part: Part
    amount: int
    already: int = 0  # a critical hit's: the hit's damage it raises, which landed already


def dues(attack: AttackView) -> tuple[Due, ...]:
    """The parts ``attack`` owes as it stands (none for a miss not grazed, or nothing recorded)."""
    if attack.hit is True:
        hit = Due(Part.HIT, attack.hit_damage)
        if not attack.critical:
            return (hit,)
        return hit, Due(Part.CRITICAL, attack.critical_damage, attack.hit_damage)
    if attack.grazed:
        return (Due(Part.GRAZE, attack.graze),)
    return ()
