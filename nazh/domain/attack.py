"""An attack: one roll of its test (one d20) and its damage dice, and their arithmetic."""

# rule (the starter rules, Part 3: Combat, "Attacks"): a hit is a test total (the plot die's
# Complication bonus included) at least the defense; its damage is the damage dice + the
# modifier (at least 1); a miss may be grazed for 1 focus (the dice alone); an Opportunity
# spent on a hit makes it critical (every damage die at its maximum, plus the modifier).

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache

from nazh.domain.errors import AttackError, NazhError, RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.results import PoolResult, RollResult
from nazh.domain.spec import SKILL_DIE_SIDES, PoolSpec, RollSpec
from nazh.domain.spending import Spent, Use

MIN_DEFENSE = 0
"""A defense of 0 is met by every test (a total is at least 1): every attack hits it."""
MAX_DEFENSE = 100


class Step(Enum):
    """What the attacker recorded happened."""

    HIT = "hit"
    """A hit, recorded by the attacker when no defense was given."""
    GRAZE = "graze"
    """A miss turned into a graze (1 focus): the damage dice alone."""


@dataclass(frozen=True, slots=True)
class Attack:
    """An attack's terms: the defense, the damage modifier and the steps recorded."""

    defense: int | None  # None: not given, the attacker records the outcome
    modifier: int
    steps: tuple[Step, ...] = ()
    can_graze: bool = True
    fixed: int | None = None  # a stat block's hit (7 (1d6+4)); a graze and a critical use dice
    flat: int = 0  # damage without a die, added to the dice (an unarmed attack's at Strength 0-2)

    def then(self, step: Step) -> Attack:
        """These terms with ``step`` recorded."""
        return replace(self, steps=(*self.steps, step))


@dataclass(frozen=True, slots=True)
class AttackView:
    """The arithmetic of one attack as rolled (and amended), and what was spent on it."""

    # hit, critical, grazed and the dice are set once when built: a message reads them about
    # ten times (21,000 instructions fewer an /attack's message, measured)

    test: PoolResult
    damage: PoolResult | None  # None: an attack whose damage has no die (``Attack.flat``)
    attack: Attack
    opportunities: int
    complications: int
    spent: tuple[Spent, ...] = ()
    hit: bool | None = field(init=False, repr=False, compare=False)
    """Whether the test meets the defense; without a defense, what the attacker recorded
    (``None``: nothing yet)."""
    critical: bool = field(init=False, repr=False, compare=False)
    """The attacker spent an Opportunity to make the hit critical."""
    grazed: bool = field(init=False, repr=False, compare=False)
    """The attacker recorded a graze."""
    dice: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """The damage dice's kept faces."""

    def __post_init__(self) -> None:
        attack, steps = self.attack, self.attack.steps
        if attack.defense is not None:
            hit: bool | None = self.test.total >= attack.defense
        else:
            hit = True if Step.HIT in steps else False if Step.GRAZE in steps else None
        _set_hit(self, hit)
        _set_critical(self, any(one.use is Use.CRITICAL for one in self.spent) if self.spent
                      else False)
        _set_grazed(self, Step.GRAZE in steps)
        damage = self.damage
        _set_dice(self, () if damage is None else tuple([die.kept for die in damage.dice]))

    @property
    def natural(self) -> int:
        """The kept face of the test's d20."""
        return self.test.dice[0].kept

    @property
    def hit_damage(self) -> int:
        """Damage on a hit: the fixed damage when the attack has one, else the dice plus the
        modifier, at least 1."""
        if self.attack.fixed is not None:
            return self.attack.fixed
        return max(1, sum(self.dice) + self.attack.flat + self.attack.modifier)

    @property
    def graze(self) -> int:
        """Damage of a graze: the dice alone."""
        return sum(self.dice) + self.attack.flat

    @property
    def critical_damage(self) -> int:
        """Damage of a critical hit: every damage die at its maximum, plus the modifier."""
        dice = () if self.damage is None else self.damage.dice
        return max(1, sum(die.sides for die in dice) + self.attack.flat + self.attack.modifier)

    @property
    def can_be_critical(self) -> bool:
        """A critical hit may be made now: a hit, not critical yet (an Opportunity to spend
        is the spending rule's to check)."""
        return self.hit is True and not self.critical

    @property
    def damage_dealt(self) -> int | None:
        """The damage the attack deals as recorded: a critical hit, a hit, a graze, or ``None``
        (a miss not grazed, or nothing recorded yet without a defense)."""
        if self.critical:
            return self.critical_damage
        if self.hit:
            return self.hit_damage
        if self.grazed:
            return self.graze
        return None

    def can(self, step: Step) -> bool:
        """Whether the attacker may record ``step`` now (a graze on a miss, a hit without a
        defense)."""
        if self.grazed or self.critical:
            return False
        if step is Step.GRAZE:
            return self.attack.can_graze and self.hit is not True
        return self.attack.defense is None and self.hit is None

    def record(self, step: Step) -> Attack:
        """The terms with ``step`` recorded (RollStateError, said why, when it does not apply)."""
        if not self.can(step):
            raise RollStateError(_why_not(self, step))
        return self.attack.then(step)


_set_hit = AttackView.__dict__["hit"].__set__
_set_critical = AttackView.__dict__["critical"].__set__
_set_grazed = AttackView.__dict__["grazed"].__set__
_set_dice = AttackView.__dict__["dice"].__set__


def view(result: RollResult, attack: Attack, spent: tuple[Spent, ...] = ()) -> AttackView:
    """The attack's arithmetic on ``result`` (its first pool the test, its second the damage)
    with what was ``spent`` on it."""
    opportunities, complications = result.luck  # spending's functions' answers, no call
    pools = result.pools  # read once: a worked-out value's read is a generic lookup
    damage = pools[1] if len(pools) > 1 else None  # no die: an unarmed attack's flat damage
    return AttackView(pools[0], damage, attack, opportunities, complications, spent)


@lru_cache(maxsize=256)
def prepare(test: str, damage: str, defense: int | None) -> tuple[str, Attack]:
    """An attack's one roll (its notation) and its terms, from ``/attack``'s options."""
    # players attack with the same weapons again and again: cached, an attack is prepared in
    # 1,200 instructions instead of 37,000 (measured)
    test_spec = _parsed("test", test)
    damage_spec = _parsed("damage", damage)
    check_attack(test_spec, damage_spec, defense)
    dice = damage_spec.pools[0]
    return (attack_spec(test_spec, dice).notation,
            Attack(defense, damage_modifier(test_spec, dice, damage)))


def prepare_flat(test: str, flat: int, defense: int | None) -> tuple[str, Attack]:
    """An attack whose damage has no die: its test alone; a hit deals ``flat`` + its modifier."""
    test_spec = _parsed("test", test)
    _check_test(test_spec)
    _check_defense(defense)
    return (RollSpec(test_spec.pools, test_spec.plot, 1).notation,
            Attack(defense, test_spec.pools[0].modifier, flat=flat))


def _parsed(option: str, text: str) -> RollSpec:
    try:
        return parse_roll(text)
    except NazhError as error:
        # the refusal as a field of its own: a reader's language words it inside this one
        raise type(error)("{option}: {reason}", text=error.text, column=error.column,
                          hint=error.hint_template,
                          fields={**error.fields, "option": option, "reason": error}) from None


def check_attack(test: RollSpec, damage: RollSpec, defense: int | None) -> None:
    """Refuse (AttackError) an attack's options before anything is rolled."""
    _check_test(test)
    if damage.plot is not None:
        raise AttackError("damage: the plot die belongs to the test, not the damage",
                          hint="raise the stakes with plot:true")
    if len(damage.pools) != 1:
        raise AttackError("damage: one pool of damage dice, e.g. 2d6 or 2d6+3")
    if damage.pools[0].sides == SKILL_DIE_SIDES:
        raise AttackError("damage: damage dice are not a test (no d20)",
                          hint="e.g. damage:2d6 or damage:1d8+3")
    _check_defense(defense)


def _check_test(test: RollSpec) -> None:
    if len(test.pools) != 1 or test.pools[0].sides != SKILL_DIE_SIDES or test.pools[0].count != 1:
        raise AttackError("test: an attack test is one d20 with a modifier",
                          hint="e.g. test:1d20+5 or test:a1d20+5 (advantage)")


def _check_defense(defense: int | None) -> None:
    if defense is not None and not MIN_DEFENSE <= defense <= MAX_DEFENSE:
        raise AttackError("defense: must be {low}-{high} (got {got})",
                          fields={"low": MIN_DEFENSE, "high": MAX_DEFENSE, "got": defense})


def attack_spec(test: RollSpec, damage: PoolSpec) -> RollSpec:
    """The one roll of an attack: the test, then the damage dice without their modifier (it is
    the attack's, applied only on a hit), the test's plot die kept in its place."""
    dice = PoolSpec(damage.count, damage.sides, 0, damage.modes)
    return RollSpec((test.pools[0], dice), test.plot, 2)


def damage_modifier(test: RollSpec, damage: PoolSpec, typed: str) -> int:
    """The damage's own modifier when it has one (``2d6+3``, ``2d6+0``), else the test's."""
    if "+" in typed or "-" in typed:
        return damage.modifier
    return test.pools[0].modifier


def _why_not(view_: AttackView, step: Step) -> str:
    if view_.grazed:
        return "this attack was already grazed"
    if view_.critical:
        return "this attack is already a critical hit"
    if step is Step.GRAZE and not view_.attack.can_graze:
        return "this attack cannot graze (its weapon says so)"
    if step is Step.GRAZE:
        return "a hit cannot be grazed"
    if view_.attack.defense is not None:
        return "this attack's defense decides whether it hit"
    return "this attack's outcome was already recorded"
