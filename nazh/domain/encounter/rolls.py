"""What conditions do to a roll: a pure function from the roller's conditions and the kind of
roll to the modifications, each named by its condition so the result can say why.

- Exhausted: -N to every test's total (cumulative).
- Enhanced: +N to tests of its attribute (cumulative per attribute).
- Empowered: an advantage on every test.
- Restrained: a disadvantage on every test, except a test to escape.
- Disoriented: a disadvantage on Perception tests.
- Determined: a failed test gains an Opportunity, and the condition ends
  (:func:`.acts.use_determined`).
- An attack with a melee weapon against a Prone target (an Unconscious one is Prone) gains an
  advantage.

An attack is a test (of the skill it uses), so the roller's conditions apply to it too. The
advantages and disadvantages cancel one for one with the mode the roller asks for
(:func:`net_mode`); a weapon is a melee weapon by its skill and traits (:func:`melee_weapon`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import Condition, ConditionName, effective, total
from nazh.domain.spec import DieMode

PERCEPTION = "perception"
MELEE_SKILLS = frozenset({"heavy-weaponry", "light-weaponry", "athletics"})
"""The skills of weapons held in hand (and of unarmed strikes)."""
RANGED_TRAITS = frozenset({"ranged", "loaded"})
"""Traits that make a weapon of a melee skill a ranged one (a bow, a crossbow, a sling)."""


@dataclass(frozen=True, slots=True)
class RollKind:
    """The roll the conditions act on: a test of a skill with its attribute, maybe an escape,
    maybe an attack (with a melee weapon or not, against a target's conditions).

    Attributes:
        skill: The skill's id (``perception``), or ``None`` for a plain test.
        attribute: The skill's attribute, or ``None`` when the test names none.
        escape: A test to escape (Restrained does not apply to it).
        attack: Whether it is an attack.
        melee: An attack with a melee weapon.
        target: The attack's target's conditions.
    """

    skill: str | None = None
    attribute: Attribute | None = None
    escape: bool = False
    attack: bool = False
    melee: bool = False
    target: tuple[Condition, ...] = ()

    @classmethod
    def test(cls, skill: str | None, attribute: Attribute | None, *,
             escape: bool = False) -> RollKind:
        """A test of ``skill`` (with its ``attribute``); ``escape`` for a test to escape."""
        return cls(skill=_skill_id(skill), attribute=attribute, escape=escape)

    @classmethod
    def attack_on(cls, target: Iterable[Condition], *, skill: str | None,
                  attribute: Attribute | None, melee: bool) -> RollKind:
        """An attack with ``skill`` against a target holding ``target``."""
        return cls(skill=_skill_id(skill), attribute=attribute, attack=True, melee=melee,
                   target=tuple(target))


@dataclass(frozen=True, slots=True)
class Modification:
    """One condition's change to a roll.

    Attributes:
        condition: The condition that makes it.
        modifier: Added to the test's total.
        advantages: Advantages on the test's d20.
        disadvantages: Disadvantages on the test's d20.
        opportunity_on_failure: A failed test gains an Opportunity (Determined).
        target: Whether it is the target's condition (Prone), not the roller's.
    """

    condition: ConditionName
    modifier: int = 0
    advantages: int = 0
    disadvantages: int = 0
    opportunity_on_failure: bool = False
    target: bool = False

    @property
    def reason(self) -> str:
        """``Exhausted: -2``, ``Restrained: disadvantage``, ``target Prone: advantage``."""
        whose = "target " if self.target else ""
        parts = [f"{self.modifier:+d}"] if self.modifier else []
        parts += ["advantage"] * self.advantages + ["disadvantage"] * self.disadvantages
        if self.opportunity_on_failure:
            parts.append("an Opportunity if it fails")
        return f"{whose}{self.condition.title}: {', '.join(parts)}"


@dataclass(frozen=True, slots=True)
class RollEffects:
    """Every modification a roll gets from conditions, in the order of the rules."""

    modifications: tuple[Modification, ...] = ()

    @property
    def modifier(self) -> int:
        """The total added to the test."""
        return sum(m.modifier for m in self.modifications)

    @property
    def advantages(self) -> int:
        """Advantages on the d20 (before cancelling against the disadvantages)."""
        return sum(m.advantages for m in self.modifications)

    @property
    def disadvantages(self) -> int:
        """Disadvantages on the d20 (before cancelling against the advantages)."""
        return sum(m.disadvantages for m in self.modifications)

    @property
    def determined(self) -> bool:
        """Whether a failure gains an Opportunity (and ends Determined)."""
        return any(m.opportunity_on_failure for m in self.modifications)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each modification's reason."""
        return tuple(m.reason for m in self.modifications)


_Rule = Callable[[tuple[Condition, ...], frozenset[ConditionName], RollKind],
                 Modification | None]


def _exhausted(held: tuple[Condition, ...], _: frozenset[ConditionName],
               __: RollKind) -> Modification | None:
    penalty = total(held, ConditionName.EXHAUSTED)
    return Modification(ConditionName.EXHAUSTED, modifier=-penalty) if penalty else None


def _enhanced(held: tuple[Condition, ...], _: frozenset[ConditionName],
              roll: RollKind) -> Modification | None:
    if roll.attribute is None:
        return None
    bonus = total(held, ConditionName.ENHANCED, roll.attribute)
    return Modification(ConditionName.ENHANCED, modifier=bonus) if bonus else None


def _empowered(_: tuple[Condition, ...], names: frozenset[ConditionName],
               __: RollKind) -> Modification | None:
    return Modification(ConditionName.EMPOWERED, advantages=1) \
        if ConditionName.EMPOWERED in names else None


def _restrained(_: tuple[Condition, ...], names: frozenset[ConditionName],
                roll: RollKind) -> Modification | None:
    applies = ConditionName.RESTRAINED in names and not roll.escape
    return Modification(ConditionName.RESTRAINED, disadvantages=1) if applies else None


def _disoriented(_: tuple[Condition, ...], names: frozenset[ConditionName],
                 roll: RollKind) -> Modification | None:
    applies = ConditionName.DISORIENTED in names and roll.skill == PERCEPTION
    return Modification(ConditionName.DISORIENTED, disadvantages=1) if applies else None


def _determined(_: tuple[Condition, ...], names: frozenset[ConditionName],
                __: RollKind) -> Modification | None:
    return Modification(ConditionName.DETERMINED, opportunity_on_failure=True) \
        if ConditionName.DETERMINED in names else None


def _prone_target(_: tuple[Condition, ...], __: frozenset[ConditionName],
                  roll: RollKind) -> Modification | None:
    applies = roll.attack and roll.melee and ConditionName.PRONE in effective(roll.target)
    return Modification(ConditionName.PRONE, advantages=1, target=True) if applies else None


RULES: tuple[_Rule, ...] = (_exhausted, _enhanced, _empowered, _restrained, _disoriented,
                            _determined, _prone_target)


def roll_effects(held: Iterable[Condition], roll: RollKind) -> RollEffects:
    """What the conditions ``held`` by the roller do to ``roll``."""
    conditions = tuple(held)
    names = effective(conditions)
    found = (rule(conditions, names, roll) for rule in RULES)
    return RollEffects(tuple(m for m in found if m is not None))


def _skill_id(skill: str | None) -> str | None:
    return None if skill is None else skill.strip().lower()


def net_mode(asked: DieMode, advantages: int, disadvantages: int) -> DieMode:
    """The d20's mode: the mode asked for counted as one advantage or disadvantage, then
    advantages and disadvantages cancelled one for one (a die holds at most one net mode)."""
    net = advantages - disadvantages + _STEP[asked]
    if net > 0:
        return DieMode.ADVANTAGE
    return DieMode.DISADVANTAGE if net < 0 else DieMode.NORMAL


def melee_weapon(skill: str, traits: Iterable[str] = ()) -> bool:
    """Whether a weapon tested with ``skill`` (its key) and holding ``traits`` is a melee
    weapon: Heavy or Light Weaponry or Athletics, unless a trait makes it ranged."""
    ranged = any(trait.strip().lower() in RANGED_TRAITS for trait in traits)
    return _skill_id(skill) in MELEE_SKILLS and not ranged


_STEP = {DieMode.NORMAL: 0, DieMode.ADVANTAGE: 1, DieMode.DISADVANTAGE: -1}
