"""What an attacker declares about an attack's circumstances, and what the rules make of it.

The starter rules, part 3 ("Attacking": Ranged Attacks and Reach; "Targeting and Range": Long
and Short Range, Locating and Sensing Targets):

- a test in a weapon's long range gains a disadvantage;
- a ranged attack made within reach of any enemy gains a disadvantage;
- a ranged attack against a target within 5 feet of the attacker's ally raises the stakes; if it
  misses and a Complication is rolled, the GM can spend it to graze the ally (no focus);
- an attack on a target the attacker cannot sense gains a disadvantage and cannot graze.

And part 6 (Weapon Traits, Momentum): "When you attack using this weapon, if you already moved at
least 10 feet in a straight line toward your target on this turn, you gain an advantage on the
attack."
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from nazh.domain.attack import AttackView
from nazh.domain.encounter.rolls import melee_weapon
from nazh.domain.errors import AttackError
from nazh.domain.notation import parse_roll
from nazh.domain.spec import DieMode, RollSpec
from nazh.domain.weapon import MOMENTUM, has_trait

_STEP = {DieMode.NORMAL: 0, DieMode.ADVANTAGE: 1, DieMode.DISADVANTAGE: -1}


class Circumstance(Enum):
    """One circumstance of an attack the rules change it for."""

    LONG_RANGE = "long-range"
    IN_REACH = "in-reach"
    NEAR_ALLY = "near-ally"
    UNSEEN = "unseen"
    CHARGED = "charged"  # moved 10 feet or more straight at the target this turn

    @property
    def ranged(self) -> bool:
        """Whether it is a rule of ranged attacks only."""
        return self in _RANGED


_RANGED = frozenset({Circumstance.LONG_RANGE, Circumstance.IN_REACH, Circumstance.NEAR_ALLY})
_DISADVANTAGING = frozenset({Circumstance.LONG_RANGE, Circumstance.IN_REACH,
                             Circumstance.UNSEEN})


@dataclass(frozen=True, slots=True)
class Circumstances:
    """The circumstances declared for one attack, in :class:`Circumstance`'s order."""

    held: tuple[Circumstance, ...] = ()

    @classmethod
    def of(cls, declared: set[Circumstance] | frozenset[Circumstance]) -> Circumstances:
        """Those declared, in a stable order."""
        return cls(tuple(c for c in Circumstance if c in declared))

    def __bool__(self) -> bool:
        return bool(self.held)

    @property
    def disadvantages(self) -> int:
        """How many disadvantages the attack test gains (one each)."""
        return sum(1 for c in self.held if c in _DISADVANTAGING)

    @property
    def advantages(self) -> int:
        """How many advantages the attack test gains (a charge with a Momentum weapon)."""
        return int(Circumstance.CHARGED in self.held)

    @property
    def raises_stakes(self) -> bool:
        """Whether the plot die is rolled with the test (a target next to an ally)."""
        return Circumstance.NEAR_ALLY in self.held

    @property
    def can_graze(self) -> bool:
        """Whether a miss may be grazed (not when the target is not sensed)."""
        return Circumstance.UNSEEN not in self.held

    def check_ranged(self, weapon: str, ranged: bool) -> Circumstances:
        """These, when each fits the weapon (a ranged rule refused for a melee weapon)."""
        if not ranged:
            for circumstance in self.held:
                if circumstance.ranged:
                    raise AttackError(
                        "{option}: the {weapon} is a melee weapon; that rule is a ranged "
                        "attack's", hint="a thrown weapon has the trait Thrown",
                        fields={"option": circumstance.value, "weapon": weapon})
        return self

    def check_momentum(self, weapon: str | None, momentum: bool = False) -> Circumstances:
        """These, unless a charge is declared for an attack without the trait Momentum
        (``weapon`` ``None``: a raw attack, which has no traits)."""
        if Circumstance.CHARGED not in self.held or momentum:
            return self
        if weapon is None:
            raise AttackError("charged: the advantage is a weapon's, of the trait Momentum",
                              hint="attack with the weapon: weapon:, or type the advantage in "
                                   "the test: test:a1d20+5")
        raise AttackError("charged: the {weapon} does not have the trait Momentum",
                          hint="an expert's Mace or Hammer has it: add it with /character "
                               "weapon traits:", fields={"weapon": weapon})

    def ally_graze(self, attack: AttackView) -> bool | None:
        """Whether the GM may spend a Complication to graze the ally (``None``: not yet known).

        The attack must miss (with no defense given, the attacker has not said yet)."""
        if not self.raises_stakes or attack.complications == 0 or attack.hit is True:
            return False
        return None if attack.hit is None else True


def with_disadvantages(test: str, count: int) -> str:
    """A raw attack test's notation with ``count`` more disadvantages netted on its d20."""
    if count == 0:
        return test
    spec = parse_roll(test)
    if len(spec.pools) != 1 or not spec.pools[0].modes:
        return test  # the attack's own checks refuse it, naming the option
    pool = spec.pools[0]
    net = _STEP[pool.modes[0]] - count
    mode = (DieMode.ADVANTAGE if net > 0 else DieMode.DISADVANTAGE if net < 0
            else DieMode.NORMAL)
    return RollSpec((replace(pool, modes=(mode, *pool.modes[1:])),), spec.plot,
                    spec.plot_position).notation


def for_weapon(declared: Circumstances | None, weapon: str, skill: str,
               traits: tuple[str, ...]) -> Circumstances:
    """``declared`` (``None``: none) for an attack with a weapon of ``skill`` and ``traits``."""
    if not declared:
        return NONE
    # a thrown weapon's trait may carry its range: "Thrown [20/60]"
    thrown = any(trait.strip().lower().startswith("thrown") for trait in traits)
    return declared.check_ranged(weapon, thrown or not melee_weapon(skill, traits)) \
        .check_momentum(weapon, has_trait(traits, MOMENTUM))


NONE = Circumstances()
"""No circumstance declared."""
