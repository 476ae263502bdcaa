"""What the traits of the weapon an attack is made with do to its result (part 6, Weapon Traits).

- Cumbersome [X]: "If your Strength is lower than that number, you gain a disadvantage on all
  attacks using this weapon and are Slowed while wielding it."
- Dangerous: "The GM can spend a Complication from an attack with this weapon to cause you to
  also accidentally graze an ally within the weapon's reach or range. This deals the usual damage
  for a graze."
- Deadly: "When you hit a target with this weapon, you can spend an Opportunity to cause the
  target to immediately suffer an injury."
- Fragile: "When you attack with this weapon, the GM can spend a Complication to cause it to
  break after the attack is resolved."
- Loaded [X]: "This weapon stores ammunition equal to the number indicated in brackets. To make a
  ranged attack with this weapon, you must spend 1 stored ammunition. As ▶, you can reload this
  weapon to full ammunition. The GM can spend a Complication from an attack with this weapon to
  reduce your stored ammunition; after they do, the weapon only has one shot remaining."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nazh.domain.attack import AttackView
from nazh.domain.attributes import CharacterError
from nazh.domain.spending import Use
from nazh.domain.weapon import Weapon, loaded_capacity, trait_number

CUMBERSOME = re.compile(r"cumbersome\s*\[?\s*(\d{1,2})\s*\]?", re.IGNORECASE)
"""The trait as the Weapons table writes it, ``Cumbersome [5]`` (brackets optional)."""


@dataclass(frozen=True, slots=True)
class Wielded:
    """What the traits of the weapon an attack was made with do to its result."""

    weapon: str
    cumbersome: tuple[int, int] | None = None  # (the Strength it asks, the wielder's): short
    dangerous: bool = False
    deadly: bool = False
    fragile: bool = False
    loaded: tuple[int, int] | None = None  # (the ammunition left once this attack spent 1, all)

    def __bool__(self) -> bool:
        return self.cumbersome is not None or self.dangerous or self.deadly or self.fragile \
            or self.loaded is not None

    @property
    def disadvantages(self) -> int:
        """How many disadvantages the attack test gains (a Cumbersome weapon too heavy)."""
        return int(self.cumbersome is not None)

    def spends(self, attack: AttackView) -> frozenset[Use]:
        """What the traits let an Opportunity or a Complication be spent on in this attack."""
        allowed = {Use.DEADLY: self.deadly and attack.hit is True,  # "when you hit a target"
                   Use.DANGEROUS: self.dangerous, Use.FRAGILE: self.fragile,
                   # "the weapon only has one shot remaining": it matters while more are left
                   Use.LOADED: self.loaded is not None and self.loaded[0] > 1}
        return frozenset(use for use, has in allowed.items() if has)

    def complication_spends(self, attack: AttackView) -> tuple[str, ...]:
        """The traits a Complication left to spend lets the GM use on this attack."""
        if _left(attack, opportunity=False) == 0:
            return ()
        unspent = self.spends(attack) - {one.use for one in attack.spent}
        return tuple(use.value for use in (Use.DANGEROUS, Use.FRAGILE, Use.LOADED)
                     if use in unspent)

    def deadly_injury(self, attack: AttackView) -> bool:
        """Whether the attacker may spend an Opportunity left for the target's injury (a hit)."""
        return Use.DEADLY in self.spends(attack) and _left(attack, opportunity=True) > 0 \
            and all(one.use is not Use.DEADLY for one in attack.spent)


def _left(attack: AttackView, *, opportunity: bool) -> int:
    rolled = attack.opportunities if opportunity else attack.complications
    return max(0, rolled - sum(1 for one in attack.spent if one.use.opportunity is opportunity))


def cumbersome_strength(traits: tuple[str, ...]) -> int | None:
    """The Strength a weapon's trait Cumbersome asks (``None``: it has no such trait)."""
    return trait_number(traits, CUMBERSOME)


def check_traits(traits: tuple[str, ...], weapon: str) -> tuple[str, ...]:
    """``traits`` as typed for a weapon, when a Cumbersome one names its Strength."""
    # a sheet kept or imported without it is read as it is (the rule does not apply)
    for trait in traits:
        if trait.strip().casefold().startswith("cumbersome") and \
                CUMBERSOME.fullmatch(trait.strip()) is None:
            raise CharacterError("{weapon}: the trait Cumbersome names the Strength it asks",
                                 hint="e.g. cumbersome [5]", fields={"weapon": weapon})
        # None: not written as the table does; 0: a weapon that could never be fired
        if trait.strip().casefold().startswith("loaded") and not loaded_capacity((trait,)):
            raise CharacterError("{weapon}: the trait Loaded names the ammunition it stores",
                                 hint="e.g. loaded [1]", fields={"weapon": weapon})
    return traits


def wielded(weapon: Weapon, strength: int) -> Wielded:
    """What ``weapon``'s traits do to an attack by a wielder of ``strength``; refused, before
    the d20, with a Loaded weapon that has no ammunition stored."""
    needed = cumbersome_strength(weapon.traits)
    short = None if needed is None or strength >= needed else (needed, strength)
    shots, capacity = weapon.shots, weapon.capacity
    if shots == 0:
        raise CharacterError("{weapon} has no ammunition stored", hint="reload it (1 action): "
                             "/character reload", fields={"weapon": weapon.name})
    loaded = None if shots is None or capacity is None else (shots - 1, capacity)
    return Wielded(weapon.name, short, weapon.has("dangerous"), weapon.has("deadly"),
                   weapon.has("fragile"), loaded)
