"""What conditions do to a roll, each modification named by its condition (the rules at each)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import Condition, ConditionName, effective, total
from nazh.domain.spec import DieMode

PERCEPTION = "perception"
MELEE_SKILLS = frozenset({"heavy-weaponry", "light-weaponry", "athletics"})  # and unarmed
RANGED_TRAITS = frozenset({"ranged", "loaded"})  # a bow, a crossbow, a sling


@dataclass(frozen=True, slots=True)
class RollKind:
    """The roll the conditions act on: a test of a skill, maybe an escape, maybe an attack."""

    skill: str | None = None  # its id (``perception``); None: a plain test
    attribute: Attribute | None = None
    escape: bool = False
    attack: bool = False
    melee: bool = False
    target: tuple[Condition, ...] = ()  # the attack's target's conditions
    traits: tuple[str, ...] = ()  # the attack's weapon's, as its sheet writes them

    @classmethod
    def test(cls, skill: str | None, attribute: Attribute | None, *,
             escape: bool = False) -> RollKind:
        """A test of ``skill`` (with its ``attribute``); ``escape`` for a test to escape."""
        return cls(skill=_skill_id(skill), attribute=attribute, escape=escape)

    @classmethod
    def attack_on(cls, target: Iterable[Condition], *, skill: str | None,
                  attribute: Attribute | None, melee: bool,
                  traits: tuple[str, ...] = ()) -> RollKind:
        """An attack with ``skill`` (and a weapon of ``traits``) against a target holding
        ``target``."""
        # an attack is a test of the skill it uses: the roller's conditions apply to it too
        return cls(skill=_skill_id(skill), attribute=attribute, attack=True, melee=melee,
                   target=tuple(target), traits=traits)


@dataclass(frozen=True, slots=True)
class Modification:
    """One condition's change to a roll (``target``: the target's condition, not the roller's)."""

    condition: ConditionName
    modifier: int = 0
    advantages: int = 0
    disadvantages: int = 0
    opportunity_on_failure: bool = False
    target: bool = False
    attribute: bool = False  # the modifier raises an attribute: the skill's modifier, not the test

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
    def attribute_bonus(self) -> int:
        """What the modifier adds to the skill's own modifier (a hit's damage adds it too)."""
        return sum(m.modifier for m in self.modifications if m.attribute)

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
    # rule: -N to every test's total (cumulative)
    penalty = total(held, ConditionName.EXHAUSTED)
    return Modification(ConditionName.EXHAUSTED, modifier=-penalty) if penalty else None


def _enhanced(held: tuple[Condition, ...], _: frozenset[ConditionName],
              roll: RollKind) -> Modification | None:
    if roll.attribute is None:
        return None
    # rule: the attribute itself gains +N (cumulative per attribute), so its skills' modifiers do,
    # but not the defenses or maximums (which a roll does not read)
    bonus = total(held, ConditionName.ENHANCED, roll.attribute)
    return Modification(ConditionName.ENHANCED, modifier=bonus, attribute=True) if bonus else None


def _empowered(_: tuple[Condition, ...], names: frozenset[ConditionName],
               __: RollKind) -> Modification | None:
    # rule: an advantage on every test
    return Modification(ConditionName.EMPOWERED, advantages=1) \
        if ConditionName.EMPOWERED in names else None


def _restrained(_: tuple[Condition, ...], names: frozenset[ConditionName],
                roll: RollKind) -> Modification | None:
    # rule: a disadvantage on every test but one to escape
    applies = ConditionName.RESTRAINED in names and not roll.escape
    return Modification(ConditionName.RESTRAINED, disadvantages=1) if applies else None


def _disoriented(_: tuple[Condition, ...], names: frozenset[ConditionName],
                 roll: RollKind) -> Modification | None:
    # rule: a disadvantage on Perception tests
    applies = ConditionName.DISORIENTED in names and roll.skill == PERCEPTION
    return Modification(ConditionName.DISORIENTED, disadvantages=1) if applies else None


def _determined(_: tuple[Condition, ...], names: frozenset[ConditionName],
                __: RollKind) -> Modification | None:
    # rule: a failed test gains an Opportunity, and the condition ends (acts.use_determined)
    return Modification(ConditionName.DETERMINED, opportunity_on_failure=True) \
        if ConditionName.DETERMINED in names else None


def _prone_target(_: tuple[Condition, ...], __: frozenset[ConditionName],
                  roll: RollKind) -> Modification | None:
    # rule: a melee attack against a Prone target (an Unconscious one is) gains an advantage
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
    """The d20's mode: the one asked for and the conditions' cancelled one for one (rule)."""
    net = advantages - disadvantages + _STEP[asked]
    if net > 0:
        return DieMode.ADVANTAGE
    return DieMode.DISADVANTAGE if net < 0 else DieMode.NORMAL


def melee_weapon(skill: str, traits: Iterable[str] = ()) -> bool:
    """Whether a weapon of ``skill`` (its key) with ``traits`` is a melee weapon."""
    # a trait's value in brackets is not its name: Loaded [1]
    ranged = any(trait.lower().split("[")[0].strip() in RANGED_TRAITS for trait in traits)
    return _skill_id(skill) in MELEE_SKILLS and not ranged


_STEP = {DieMode.NORMAL: 0, DieMode.ADVANTAGE: 1, DieMode.DISADVANTAGE: -1}
