"""The options of ``/character`` read into values: rests, their first points, weapons, damage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.character import (
    Resource,
    Weapon,
)
from nazh.domain.errors import NazhError
from nazh.domain.weapon import PIERCE, check_attack_modifier, damage_type_named, read_damage
from nazh.domain.weapon_traits import check_traits
from nazh.presentation.glossary import in_english

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
    pierce: bool = False
    modifier: int | None = None

    def weapon(self) -> Weapon:
        """The weapon to add (damage dice, or a fixed value with them: ``7 (1d6+4)``)."""
        if not self.skill or not self.damage:
            raise NazhError("a weapon needs its skill and its damage (e.g. skill:heavy-weaponry "
                            "damage:1d8), or remove:true to remove it")
        name = " ".join(self.name.split())
        words = [" ".join(t.split()) for t in (self.traits or "").split(",")]
        traits = [t for t in words if t]
        if self.pierce and PIERCE not in (t.casefold() for t in traits):
            traits.append(PIERCE)
        dice, fixed = read_damage(self.damage, name)
        damage_type = (None if self.damage_type is None
                       else damage_type_named(self.damage_type).value)
        modifier = (None if self.modifier is None
                    else check_attack_modifier(self.modifier, name))
        return Weapon(name, in_english(["skill"], self.skill.strip()), dice, damage_type,
                      self.can_graze, check_traits(tuple(traits), name), modifier, fixed)


