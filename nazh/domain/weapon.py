"""A weapon on a sheet or an adversary's attack as a stat block writes it: ``Spear +6, 7 (1d8)``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nazh.domain.attributes import CharacterError
from nazh.domain.derivation import signed
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll

MIN_ATTACK_MODIFIER, MAX_ATTACK_MODIFIER = -20, 30
MAX_FIXED_DAMAGE = 999
MAX_STORED = 99  # Loaded [X] writes X in two digits
PIERCE = "pierce"
OFFHAND = "offhand"
MOMENTUM = "momentum"
INDIRECT = "indirect"
LOADED = re.compile(r"loaded\s*\[?\s*(\d{1,2})\s*\]?", re.IGNORECASE)
"""The trait as the Weapons table writes it, ``Loaded [1]`` (brackets optional)."""
_FIXED = re.compile(r"\s*(\d{1,4})\s*\(\s*([^()]+?)\s*\)\s*")


@dataclass(frozen=True, slots=True)
class Weapon:
    """A weapon (or an adversary's attack): what ``/attack weapon:`` rolls."""

    name: str  # unique on the sheet, any case
    skill: str  # the key of the skill its test uses
    damage: str  # dice; a modifier (``1d8+2``) replaces the skill's on a hit
    damage_type: str | None = None  # a sheet kept before may hold words not the rules' types
    can_graze: bool = True
    traits: tuple[str, ...] = ()
    modifier: int | None = None  # an adversary's own to hit (None: the skill's)
    fixed: int | None = None  # a hit's damage as the stat block writes it (None: rolled)
    stored: int | None = None  # a Loaded weapon's ammunition stored (None: full)

    def has(self, trait: str) -> bool:
        """Whether it has ``trait`` (a trait of one word, any case)."""
        return has_trait(self.traits, trait)

    @property
    def capacity(self) -> int | None:
        """The ammunition its trait Loaded [X] stores (``None``: it has no such trait)."""
        return loaded_capacity(self.traits)

    @property
    def shots(self) -> int | None:
        """The ammunition stored now (``None``: not a Loaded weapon)."""
        capacity = self.capacity
        if capacity is None:
            return None
        return capacity if self.stored is None else min(self.stored, capacity)

    @property
    def pierce(self) -> bool:
        """Whether it has the trait Pierce (it ignores deflect)."""
        return self.has(PIERCE)

    @property
    def rules_type(self) -> DamageType | None:
        """Its damage type as one of the rules' (``None``: not said, or an older sheet's word)."""
        if self.damage_type is None:
            return None
        try:
            return DamageType(self.damage_type.strip().lower())
        except ValueError:
            return None

    @property
    def damage_text(self) -> str:
        """``1d8+3``, or with a fixed value ``7 (1d6+4)``."""
        return self.damage if self.fixed is None else f"{self.fixed} ({self.damage})"

    @property
    def line(self) -> str:
        """The attack as a stat block writes it: ``Spear +6, 7 (1d8+3) keen, pierce``."""
        head = self.name + ("" if self.modifier is None else f" {signed(self.modifier)}")
        damage = self.damage_text + (f" {self.damage_type}" if self.damage_type else "")
        extras = [*self.traits, *([] if self.can_graze else ["cannot graze"])]
        return ", ".join([head, damage, *extras])


def has_trait(traits: tuple[str, ...], trait: str) -> bool:
    """Whether ``traits`` (as written on a sheet, any case) hold ``trait``, a word in lower case."""
    return any(own.strip().casefold() == trait for own in traits)


def trait_number(traits: tuple[str, ...], trait: re.Pattern[str]) -> int | None:
    """The number of the first of ``traits`` written as ``trait`` (``Loaded [1]``: 1)."""
    for written in traits:
        found = trait.fullmatch(written.strip())
        if found is not None:
            return int(found[1])
    return None


def loaded_capacity(traits: tuple[str, ...]) -> int | None:
    """The ammunition a weapon's trait Loaded stores (``None``: it has no such trait)."""
    return trait_number(traits, LOADED)


def check_damage(damage: str, weapon: str) -> str:
    """A weapon's damage: one pool of dice with an optional modifier (``1d8``, ``2d6+2``)."""
    try:
        spec = parse_roll(damage)
    except NazhError as error:
        # its reason alone (not its pool) as a field: a reader's language words it inside this
        reason = NazhError(error.template, fields=error.fields)
        raise CharacterError("{weapon}: the damage {got} is not dice ({reason})",
                             hint="e.g. 1d8 or 2d6+2",
                             fields={"weapon": weapon, "got": repr(damage[:40]),
                                     "reason": reason}) from None
    if len(spec.pools) != 1 or spec.plot is not None:
        raise CharacterError("{weapon}: the damage is one pool of dice, e.g. 1d8 (got {got})",
                             fields={"weapon": weapon, "got": repr(damage[:40])})
    return damage


def read_damage(text: str, weapon: str) -> tuple[str, int | None]:
    """The dice and the fixed value of a damage as typed: ``1d8+3``, or ``7 (1d6+4)``."""
    cleaned = text.strip()
    # rule: a graze deals the dice alone, a critical hit every die at its maximum + modifier
    if cleaned.isdigit():
        raise CharacterError("{weapon}: a fixed damage is written with its dice, e.g. "
                             "{fixed} (1d8+2)", hint="a graze deals the dice, a critical "
                             "hit every die at its maximum",
                             fields={"weapon": weapon, "fixed": cleaned})
    found = _FIXED.fullmatch(cleaned)
    if found is None:
        return check_damage(cleaned, weapon), None
    return check_damage(found[2], weapon), check_fixed(int(found[1]), weapon)


def check_fixed(value: int, weapon: str) -> int:
    """A fixed damage, 1-999."""
    if isinstance(value, bool) or not 1 <= value <= MAX_FIXED_DAMAGE:
        raise CharacterError("{weapon}: a fixed damage is 1 to {most} (got {got})",
                             fields={"weapon": weapon, "most": MAX_FIXED_DAMAGE,
                                     "got": repr(value)})
    return value


def check_attack_modifier(value: int, weapon: str) -> int:
    """An attack's own modifier to hit, -20 to +30."""
    if isinstance(value, bool) or not MIN_ATTACK_MODIFIER <= value <= MAX_ATTACK_MODIFIER:
        raise CharacterError("{weapon}: an attack's modifier is {least} to +{most} (got {got})",
                             fields={"weapon": weapon, "least": MIN_ATTACK_MODIFIER,
                                     "most": MAX_ATTACK_MODIFIER, "got": repr(value)})
    return value


def damage_type_named(text: str) -> DamageType:
    """The rules' damage type called ``text`` (any case)."""
    try:
        return DamageType(text.strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in DamageType)
        raise CharacterError("{typed} is not a damage type", hint="one of {names}",
                             fields={"typed": repr(text.strip()[:40]), "names": names}) from None
