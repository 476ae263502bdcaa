"""The options of ``/character`` the feature reads into values: a rest's kind, what a short
rest's points go to first, a weapon's options, the damage types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.character import (
    Resource,
    Weapon,
)
from nazh.domain.errors import NazhError

DAMAGE_TYPES = ("energy", "impact", "keen", "spirit", "vital")
"""The damage types of the Cosmere RPG (``/character weapon type``)."""


class Rest(Enum):
    """``/character rest kind``."""

    SHORT = "short"
    LONG = "long"


RECOVERED = (Resource.HEALTH, Resource.FOCUS)
"""What a short rest's points may go to first (``/character rest first``)."""


@dataclass(frozen=True, slots=True)
class WeaponOptions:
    """The options of ``/character weapon``."""

    name: str
    skill: str | None = None
    damage: str | None = None
    damage_type: str | None = None
    traits: str | None = None
    can_graze: bool = True
    remove: bool = False

    def weapon(self) -> Weapon:
        """The weapon to add.

        Raises:
            NazhError: its skill or damage is missing.
        """
        if not self.skill or not self.damage:
            raise NazhError("a weapon needs its skill and its damage (e.g. skill:heavy-weaponry "
                            "damage:1d8), or remove:true to remove it")
        traits = tuple(" ".join(t.split()) for t in (self.traits or "").split(","))
        return Weapon(" ".join(self.name.split()), self.skill.strip(),
                      "".join(self.damage.split()), self.damage_type,
                      self.can_graze, tuple(t for t in traits if t))


