"""The exact odds of an attack (the Cosmere rules, as ``/attack`` applies them): a test against
a defense, and its damage on a hit, a graze and a critical hit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from nazh.domain import limits
from nazh.domain.attack import MIN_DEFENSE
from nazh.domain.convolution import Convolution, Distribution, die_weights, exact_sum
from nazh.domain.errors import AttackError, LimitError, NazhError, PlotDieError, printable
from nazh.domain.notation import parse_roll
from nazh.domain.odds import RollOdds, pool_sum, power_sum_moments, roll_odds
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import PLOT_DIE_SIDES, SKILL_DIE_SIDES, PoolSpec, RollSpec
from nazh.domain.target_odds import (
    NO_TARGET,
    Target,
    TargetOdds,
    check_attack_given,
    check_target,
    target_odds,
)
from nazh.domain.tokens import MINUS_SIGNS

_TEST_HINT = "the test is one d20 with its modifier, e.g. 1d20+5, a1d20+5 or 1d20+5, p " \
             "(with the plot die); the damage dice go in damage"
_DAMAGE_HINT = "damage is dice with an optional modifier, e.g. 2d6 or a1d8+3"
_SIGNS = frozenset("+") | MINUS_SIGNS


@dataclass(frozen=True, slots=True)
class AttackTerms:
    """What turns the odds of a test into the odds of an attack, as the user gave them."""

    defense: int
    damage: str
    target: Target = NO_TARGET
    ranges: Ranges = DEFAULT_RANGES
    """Which natural d20 faces are an Opportunity (a critical hit's) and a Complication."""


def attack_terms(defense: int | None, damage: str | None, dc: int | None = None,
                 target: Target = NO_TARGET) -> AttackTerms | None:
    """The attack the ``defense`` and ``damage`` options ask for (against ``target``), or None."""
    if defense is None and damage is None:
        check_attack_given(target)
        return None
    if defense is None or damage is None:
        given, missing = ("defense", "damage") if damage is None else ("damage", "defense")
        raise AttackError("{given} needs {missing}: the odds of an attack need both",
                          hint="give the target's defense and the damage dice, e.g. "
                               "defense 15 and damage 2d6, or neither for the odds of a roll",
                          fields={"given": given, "missing": missing})
    if dc is not None:
        raise AttackError("a DC and a defense together (DC {dc}, defense {defense})",
                          hint="an attack's test is judged by the defense: leave out the DC",
                          fields={"dc": dc, "defense": defense})
    check_defense(defense)
    check_target(target)
    return AttackTerms(defense, damage, target)


def check_defense(defense: int) -> None:
    """Reject (LimitError) a defense outside ``MIN_DEFENSE..MAX_DC`` (0: every attack hits)."""
    if not MIN_DEFENSE <= defense <= limits.MAX_DC:
        raise LimitError(
            "the defense must be between {low} and {high} (got {got})",
            hint="Cosmere defenses are usually 10 to 20",
            fields={"low": MIN_DEFENSE, "high": limits.MAX_DC, "got": defense})


@dataclass(frozen=True, slots=True)
class AttackSpec:
    """A validated attack."""

    test: RollSpec  # one pool with one d20, and maybe the plot die
    defense: int
    damage: PoolSpec  # with the modifier a hit adds: its own, else the test's
    modifier_from_test: bool
    target: Target = NO_TARGET
    ranges: Ranges = DEFAULT_RANGES

    @property
    def test_pool(self) -> PoolSpec:
        """The test's pool (its d20 and modifier)."""
        return self.test.pools[0]


def attack_spec(test: RollSpec, terms: AttackTerms) -> AttackSpec:
    """Check that ``test`` and ``terms`` make an attack, before anything is computed."""
    check_defense(terms.defense)
    check_target(terms.target)
    check_test(test)
    damage = parse_damage(terms.damage)
    if has_modifier(terms.damage):
        return AttackSpec(test, terms.defense, damage, modifier_from_test=False,
                          target=terms.target, ranges=terms.ranges)
    # rule: damage without a modifier of its own takes the test's
    with_test_modifier = replace(damage, modifier=test.pools[0].modifier)
    return AttackSpec(test, terms.defense, with_test_modifier, modifier_from_test=True,
                      target=terms.target, ranges=terms.ranges)


def check_test(test: RollSpec) -> None:
    """Reject (AttackError) a test that is not one pool with exactly one d20 (and the plot die)."""
    if not test.pools:
        raise AttackError("an attack's test needs a d20 ({notation} is the plot die alone)",
                          text=test.notation, hint=_TEST_HINT,
                          fields={"notation": test.notation})
    if len(test.pools) != 1:
        raise AttackError("an attack's test is one pool with one d20, not {count} pools "
                          "({notation})", text=test.notation, hint=_TEST_HINT,
                          fields={"count": len(test.pools), "notation": test.notation})
    pool = test.pools[0]
    if not pool.skill:
        raise AttackError("an attack's test needs a d20 ({notation} has none)",
                          text=pool.notation, hint=_TEST_HINT,
                          fields={"notation": pool.notation})
    if pool.count != 1:
        raise AttackError("an attack's test has exactly one d20 ({notation} has {count})",
                          text=pool.notation, hint=_TEST_HINT,
                          fields={"notation": pool.notation, "count": pool.count})


def parse_damage(text: str) -> PoolSpec:
    """The damage dice: one pool of dice with an optional modifier, no plot die."""
    try:
        spec = parse_roll(text)
    except NazhError as error:
        # its reason alone (not its pool) as a field: a reader's language words it inside this
        reason = NazhError(error.template, fields=error.fields)
        raise type(error)('damage "{written}": {reason}', text=error.text, column=error.column,
                          hint=error.hint_template,
                          fields={**error.fields, "written": printable(text),
                                  "reason": reason}) from None
    if spec.plot is not None:
        raise PlotDieError("the plot die is not a damage die ({notation})",
                           text=text, hint=_DAMAGE_HINT, fields={"notation": spec.notation})
    if len(spec.pools) != 1:
        raise AttackError("damage is one pool of dice, not {count} ({notation})",
                          text=text, hint=_DAMAGE_HINT,
                          fields={"count": len(spec.pools), "notation": spec.notation})
    return spec.pools[0]


def has_modifier(damage: str) -> bool:
    """The damage was written with a modifier of its own (``2d6+0`` included)."""
    return any(c in _SIGNS for c in damage)


@dataclass(frozen=True, slots=True)
class DamageOdds:
    """The damage of one kind of outcome: its exact distribution and mean."""

    distribution: Distribution
    mean: Fraction

    @classmethod
    def of(cls, distribution: Distribution) -> DamageOdds:
        """From an exact distribution."""
        moments = power_sum_moments(distribution)
        assert moments.exact_mean is not None
        return cls(distribution, moments.exact_mean)

    @property
    def minimum(self) -> int:
        """The least damage."""
        return self.distribution.low

    @property
    def maximum(self) -> int:
        """The most damage."""
        return self.distribution.high


@dataclass(frozen=True, slots=True)
class AttackOdds:
    """The exact odds of an attack."""

    spec: AttackSpec
    test: RollOdds  # judged against the defense
    p_hit: Fraction  # critical hits included
    p_critical: Fraction  # a hit with an Opportunity: one that can be made critical
    hit: DamageOdds  # not made critical
    graze: DamageOdds
    critical: DamageOdds
    against: TargetOdds

    @property
    def p_miss(self) -> Fraction:
        """P(the test's total < the defense)."""
        return 1 - self.p_hit

    @property
    def expected_damage(self) -> Fraction:
        """Damage per attack, every Opportunity on a hit making it critical, no graze."""
        return (self.p_hit - self.p_critical) * self.hit.mean \
            + self.p_critical * self.critical.mean

    @property
    def expected_damage_grazing(self) -> Fraction:
        """Damage per attack, as :attr:`expected_damage`, grazing on every miss."""
        return self.expected_damage + self.p_miss * self.graze.mean

    @property
    def expected_damage_after_deflect(self) -> Fraction:
        """Damage dealt per attack after the target's deflect, as :attr:`expected_damage`."""
        return self.against.expected_damage

    @property
    def chance_to_drop(self) -> Fraction | None:
        """P(one attack brings the target's health to 0), no graze (``None`` without health)."""
        return self.against.chance_to_drop


def attack_odds(spec: AttackSpec, convolve: Convolution = exact_sum) -> AttackOdds:
    """The exact odds of a validated attack; ``convolve`` computes the test's distribution."""
    p_hit, p_critical = hit_chances(spec.test, spec.defense, spec.ranges)
    damage = spec.damage
    parts = pool_sum(damage, plot_bonus=False)
    # the test and the damage dice are independent: the dice's sum once, shifted per outcome
    dice = exact_sum(parts.factors)  # the dice's faces minus 1 each: exact, at most 20 dice
    # rule: a critical hit's every damage die counts as its maximum, + the modifier
    critical_damage = max(1, damage.count * damage.sides + damage.modifier)
    hit = dice.shifted(parts.offset).floored()  # rule: the dice + the modifier, at least 1
    graze = dice.shifted(damage.count)  # rule: a graze (focus on a miss) deals the dice alone
    critical = Distribution.exact(critical_damage, (1,), 1)
    return AttackOdds(
        spec, roll_odds(spec.test, spec.defense, convolve, spec.ranges), p_hit, p_critical,
        hit=DamageOdds.of(hit), graze=DamageOdds.of(graze), critical=DamageOdds.of(critical),
        against=target_odds(spec.target, (p_hit, p_critical), (hit, graze, critical)),
    )


def hit_chances(test: RollSpec, defense: int,
                ranges: Ranges = DEFAULT_RANGES) -> tuple[Fraction, Fraction]:
    """P(hit) and P(hit with an Opportunity) of a checked test against ``defense``."""
    # every kept d20 face, weighted (advantage: each pair), meets every plain plot face (a
    # plot die's advantage is a choice, so its odds are a plain one's)
    pool = test.pools[0]
    d20 = die_weights(SKILL_DIE_SIDES, pool.modes[0])
    plots = [plot_face(f) for f in range(1, PLOT_DIE_SIDES + 1)] if test.plot else \
        [(PlotOutcome.BLANK, 0)]
    hits = criticals = 0
    for face, weight in enumerate(d20, start=1):
        for outcome, bonus in plots:
            # rule: a hit is a total (d20 + modifier + plot bonus, at least 1) >= the defense
            if max(1, face + pool.modifier + bonus) < defense:
                continue
            hits += weight
            # rule: a hit with an Opportunity (a natural 20, or the roll's wider range; plot
            # faces 5-6) can be critical
            if ranges.is_opportunity(face) or outcome is PlotOutcome.OPPORTUNITY:
                criticals += weight
    outcomes = sum(d20) * len(plots)
    return Fraction(hits, outcomes), Fraction(criticals, outcomes)
