"""The stable JSON form of a roll's odds (``nazh odds --json``): docs/cli.md, "Odds JSON".

Version 1 differs only in "distribution": an object from each total, as text, to its probability.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from nazh.application.shared.json_types import JsonObject
from nazh.domain.attack_odds import AttackOdds, DamageOdds
from nazh.domain.convolution import Distribution
from nazh.domain.odds import PoolOdds, RollOdds
from nazh.domain.spec import DieMode
from nazh.presentation.i18n import N_

ODDS_SCHEMA_VERSION = 2
ODDS_SCHEMA_VERSIONS = (1, 2)
# Totals below this keep their text once made: a worst-case roll has about 100,000 totals, and
# writing each as text was most of the time spent building version 1's data.
CACHED_TOTALS = 100_000
_TOTAL_TEXTS: list[str] = []

PLOT_CHOICE_NOTE = N_(
    "the plot die's {mode} is a choice, not a rule: these odds are for a plain plot die"
)
MARGINAL_NOTE = N_(
    "skill pools share the plot die's bonus, so their totals are correlated; each pool's "
    "distribution is shown on its own"
)


def odds_to_dict(odds: RollOdds, *, notation: str, version: int = ODDS_SCHEMA_VERSION,
                 attack: AttackOdds | None = None) -> JsonObject:
    """The odds (of ``attack``'s test, if given) as JSON-ready data; ValueError: unknown version."""
    if version not in ODDS_SCHEMA_VERSIONS:
        raise ValueError(f"no odds JSON version {version}: {ODDS_SCHEMA_VERSIONS} exist")
    plot = odds.spec.plot
    return {
        "version": version,
        "input": notation,
        "notation": odds.spec.notation,
        "dc": odds.dc,
        "plot": None if plot is None else {"mode": plot.mode.value,
                                           "odds_for": DieMode.NORMAL.value},
        "notes": odds_notes(odds),
        "p_opportunity": float(odds.p_opportunity),
        "p_complication": float(odds.p_complication),
        "pools": [pool_odds_to_dict(pool, odds.pool_story(pool), version=version)
                  for pool in odds.pools],
        "attack": None if attack is None else attack_to_dict(attack, version=version),
    }


def attack_to_dict(attack: AttackOdds, *,
                   version: int = ODDS_SCHEMA_VERSION) -> JsonObject:
    """An attack's odds as JSON-ready data."""
    spec = attack.spec
    return {
        "test": spec.test_pool.notation,
        "defense": spec.defense,
        "damage": spec.damage.notation,
        "damage_modifier_from": "test" if spec.modifier_from_test else "damage",
        "p_hit": float(attack.p_hit),
        "p_hit_with_opportunity": float(attack.p_critical),
        "p_miss": float(attack.p_miss),
        "expected_damage": float(attack.expected_damage),
        "expected_damage_grazing": float(attack.expected_damage_grazing),
        "hit": damage_to_dict(attack.hit, version=version),
        "graze": damage_to_dict(attack.graze, version=version),
        "critical": damage_to_dict(attack.critical, version=version),
        **target_to_dict(attack),
    }


def target_to_dict(attack: AttackOdds) -> JsonObject:
    """The target's part of an attack's odds: its deflect, health and what they make of damage."""
    against = attack.against
    target = against.target
    return {
        "deflect": target.deflect or 0,
        "pierce": target.pierce,
        "damage_type": None if target.damage_type is None else target.damage_type.value,
        "deflect_applied": target.deflect_taken,
        "health": target.health,
        "expected_damage_after_deflect": float(against.expected_damage),
        "expected_damage_after_deflect_grazing": float(against.expected_damage_grazing),
        "chance_to_drop": _float(against.chance_to_drop),
        "chance_to_drop_grazing": _float(against.chance_to_drop_grazing),
    }


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def damage_to_dict(damage: DamageOdds, *,
                   version: int = ODDS_SCHEMA_VERSION) -> JsonObject:
    """One kind of damage: its range, mean and distribution (as a pool's, per version)."""
    return {"min": damage.minimum, "max": damage.maximum, "mean": float(damage.mean),
            "distribution": _distribution(damage.distribution, version)}


def pool_odds_to_dict(pool: PoolOdds, story: tuple[Fraction, Fraction] | None = None, *,
                      version: int = ODDS_SCHEMA_VERSION) -> JsonObject:
    """One pool's odds; ``story``: a test's P(an Opportunity), P(a Complication), else None."""
    return {
        "notation": pool.spec.notation,
        "skill": pool.spec.skill,
        "plot_bonus": pool.plot_bonus,
        "exact": pool.exact,
        "min": pool.minimum,
        "max": pool.maximum,
        "mean": pool.moments.mean,
        "stdev": pool.moments.stdev,
        "dc": pool.dc,
        "p_success": pool.p_success,
        "p_opportunity": None if story is None else float(story[0]),
        "p_complication": None if story is None else float(story[1]),
        "distribution": _distribution(pool.distribution, version),
    }


def _distribution(dist: Distribution, version: int) -> dict[str, float] | list[float]:
    """Version 2: the probabilities from the lowest value on; 1: each value's, by its text."""
    probabilities = dist.probabilities
    if version == 1:
        return dict(zip(_texts(dist.low, len(probabilities)), probabilities, strict=True))
    return list(probabilities)


def odds_notes(odds: RollOdds) -> list[str]:
    """The caveats that apply to these odds, in a fixed order."""
    notes: list[str] = []
    plot = odds.spec.plot
    if plot is not None and plot.mode is not DieMode.NORMAL:
        notes.append(PLOT_CHOICE_NOTE.format(mode=plot.mode.value))
    if plot is not None and sum(pool.plot_bonus for pool in odds.pools) > 1:
        notes.append(MARGINAL_NOTE)
    ranges = odds.ranges.describe()
    if ranges is not None:
        notes.append(ranges)
    return notes


def _texts(low: int, count: int) -> Sequence[str] | Iterator[str]:
    """The totals ``low .. low + count - 1`` as text."""
    high = low + count
    if low < 0 or high > CACHED_TOTALS:
        return map(str, range(low, high))
    if high > len(_TOTAL_TEXTS):
        _TOTAL_TEXTS.extend(map(str, range(len(_TOTAL_TEXTS), high)))
    return _TOTAL_TEXTS[low:high]
