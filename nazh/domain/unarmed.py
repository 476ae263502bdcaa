"""Unarmed attacks: intrinsic to every character, Athletics, impact damage by Strength."""

# rule (basic actions, Unarmed Strike): "Any character can make an unarmed attack using
# Athletics"; "Unarmed attacks don't count as weapon attacks, but they are melee attacks
# intrinsic to each character"; Strength Training: "its damage die is based on your Strength
# score": 0-2 "1 (no die roll) impact", 3-4 1d4, 5-6 1d8, 7-8 2d6, 9+ 2d10.

from __future__ import annotations

from collections.abc import Iterable

from nazh.domain.weapon import MOMENTUM, OFFHAND, Weapon

UNARMED = "Unarmed"
"""The unarmed attack's name: ``/attack weapon:Unarmed`` (a sheet's own weapon so named wins)."""
FLAT_DAMAGE = "1"
"""The damage at Strength 0-2: 1, no die rolled (its hit adds the Athletics modifier)."""
# rule (part 6, Special Weapons): the Unarmed Attack's "Expert Traits: Momentum, Offhand"
EXPERT_TRAITS = (MOMENTUM, OFFHAND)
# the expertise as a table writes it (Foundry's sheets: "Unarmed Strike")
_EXPERTISES = frozenset({"unarmed", "unarmed strike", "unarmed strikes", "unarmed attack",
                         "unarmed attacks"})
_DICE = ((2, FLAT_DAMAGE), (4, "1d4"), (6, "1d8"), (8, "2d6"))
_MOST = "2d10"


def unarmed_damage(strength: int) -> str:
    """The unarmed damage at ``strength``: ``1`` (no die) or its dice."""
    return next((damage for most, damage in _DICE if strength <= most), _MOST)


def unarmed_expert(expertises: Iterable[str]) -> bool:
    """Whether one of ``expertises`` is in unarmed attacks (any case)."""
    return any(" ".join(expertise.casefold().split()) in _EXPERTISES for expertise in expertises)


def unarmed(strength: int, *, expert: bool = False) -> Weapon:
    """The unarmed attack of a character of ``strength`` (``expert``: with its expert traits)."""
    return Weapon(UNARMED, "athletics", unarmed_damage(strength), "impact",
                  traits=EXPERT_TRAITS if expert else ())


def flat_damage(weapon: Weapon) -> int | None:
    """The damage of a weapon that rolls no die (the unarmed attack at Strength 0-2)."""
    return int(weapon.damage) if weapon.damage.isdigit() else None
