"""A weapon on a sheet, or an adversary's attack: its skill, its damage (dice, or a stat
block's fixed value with its dice), its damage type, its traits, and an adversary's own bonus
to hit.

An adversary's stat block writes an attack as ``Spear +6, 7 (1d8+3) keen``: ``+6`` is the
attack's own modifier to hit (it replaces the skill's; :attr:`Weapon.modifier`), ``7`` the
damage a hit deals when the GM takes the fixed value (:attr:`Weapon.fixed`) and ``1d8+3`` the
dice (a graze deals the dice alone, a critical hit every die at its maximum plus the
modifier). A weapon with the trait ``pierce`` ignores deflect (:attr:`Weapon.pierce`).
"""

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
PIERCE = "pierce"
_FIXED = re.compile(r"\s*(\d{1,4})\s*\(\s*([^()]+?)\s*\)\s*")


@dataclass(frozen=True, slots=True)
class Weapon:
    """A weapon (or an adversary's attack): what ``/attack weapon:`` rolls.

    Attributes:
        name: As the player calls it (unique on the sheet, any case).
        skill: The key of the skill its test uses.
        damage: Its damage dice, e.g. ``1d8`` (a modifier, e.g. ``1d8+2``, replaces the
            skill's modifier on a hit).
        damage_type: E.g. ``keen`` (shown; ``None``: not said). New weapons take one of the
            rules' types; a sheet kept before may hold other words.
        can_graze: ``False`` for an attack that cannot graze.
        traits: Its traits as words (shown), e.g. ``deadly``, ``two-handed``, ``pierce``.
        modifier: An adversary's own modifier to hit (``None``: the skill's).
        fixed: The damage a hit deals as the stat block writes it (``None``: the dice plus
            the modifier are rolled).
    """

    name: str
    skill: str
    damage: str
    damage_type: str | None = None
    can_graze: bool = True
    traits: tuple[str, ...] = ()
    modifier: int | None = None
    fixed: int | None = None

    @property
    def pierce(self) -> bool:
        """Whether it has the trait Pierce (it ignores deflect)."""
        return any(trait.casefold() == PIERCE for trait in self.traits)

    @property
    def rules_type(self) -> DamageType | None:
        """Its damage type as one of the rules' (``None``: not said, or a word of an older
        sheet that is none of them)."""
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
        """The attack as a stat block writes it: ``Spear +6, 7 (1d8+3) keen, pierce``
        (``+6`` only with its own modifier; ``cannot graze`` when it cannot)."""
        head = self.name + ("" if self.modifier is None else f" {signed(self.modifier)}")
        damage = self.damage_text + (f" {self.damage_type}" if self.damage_type else "")
        extras = [*self.traits, *([] if self.can_graze else ["cannot graze"])]
        return ", ".join([head, damage, *extras])


def check_damage(damage: str, weapon: str) -> str:
    """A weapon's damage: one pool of dice with an optional modifier (``1d8``, ``2d6+2``).

    Raises:
        CharacterError: naming the weapon and what is allowed.
    """
    try:
        spec = parse_roll(damage)
    except NazhError as error:
        raise CharacterError(f"{weapon}: the damage {damage[:40]!r} is not dice "
                             f"({error.reason})", hint="e.g. 1d8 or 2d6+2") from None
    if len(spec.pools) != 1 or spec.plot is not None:
        raise CharacterError(f"{weapon}: the damage is one pool of dice, e.g. 1d8 "
                             f"(got {damage[:40]!r})")
    return damage


def read_damage(text: str, weapon: str) -> tuple[str, int | None]:
    """The dice and the fixed value of a damage as typed: ``1d8+3`` (dice), or ``7 (1d6+4)``
    (a fixed value with its dice, as stat blocks write it).

    Raises:
        CharacterError: naming the weapon and what is allowed.
    """
    cleaned = text.strip()
    if cleaned.isdigit():
        raise CharacterError(f"{weapon}: a fixed damage is written with its dice, e.g. "
                             f"{cleaned} (1d8+2)", hint="a graze deals the dice, a critical "
                             "hit every die at its maximum")
    found = _FIXED.fullmatch(cleaned)
    if found is None:
        return check_damage(cleaned, weapon), None
    return check_damage(found[2], weapon), check_fixed(int(found[1]), weapon)


def check_fixed(value: int, weapon: str) -> int:
    """A fixed damage, 1-999.

    Raises:
        CharacterError: naming the weapon.
    """
    if isinstance(value, bool) or not 1 <= value <= MAX_FIXED_DAMAGE:
        raise CharacterError(f"{weapon}: a fixed damage is 1 to {MAX_FIXED_DAMAGE} "
                             f"(got {value!r})")
    return value


def check_attack_modifier(value: int, weapon: str) -> int:
    """An attack's own modifier to hit, -20 to +30.

    Raises:
        CharacterError: naming the weapon.
    """
    if isinstance(value, bool) or not MIN_ATTACK_MODIFIER <= value <= MAX_ATTACK_MODIFIER:
        raise CharacterError(f"{weapon}: an attack's modifier is {MIN_ATTACK_MODIFIER} to "
                             f"+{MAX_ATTACK_MODIFIER} (got {value!r})")
    return value


def damage_type_named(text: str) -> DamageType:
    """The rules' damage type called ``text`` (any case).

    Raises:
        CharacterError: naming the types.
    """
    try:
        return DamageType(text.strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in DamageType)
        raise CharacterError(f"{text.strip()[:40]!r} is not a damage type",
                             hint=f"one of {names}") from None
