"""The stable JSON form of a roll's odds (``nazh odds --json``).

Version 2 of the object, every key always present::

    {
      "version": 2,
      "input": "a1d20+5, 2d6+3",          # the input as typed
      "notation": "a1d20+5, 2d6+3, p",    # canonical notation of what the odds are for
      "dc": 15,                           # or null
      "plot": {"mode": "advantage", "odds_for": "normal"},   # or null without a plot die
      "notes": ["..."],                   # human-readable caveats, possibly empty
      "p_opportunity": 0.39,              # P(at least one Opportunity in the whole roll)
      "p_complication": 0.33,             # P(at least one Complication in the whole roll)
      "pools": [
        {
          "notation": "a1d20+5",
          "skill": true,                  # a d20 pool: natural 20/1 and the plot bonus count
          "plot_bonus": true,             # the plot die's +2/+4 is part of the totals
          "exact": true,                  # probabilities are the floats nearest exact fractions
                                          # (false: floating point, each within 1e-12)
          "min": 6, "max": 29,            # smallest and largest possible totals
          "mean": 18.49, "stdev": 4.47,   # of the total
          "dc": 15,                       # the DC judging this pool, or null
          "p_success": 0.78,              # P(total >= dc), or null when "dc" is null
          "distribution": [0.0004, 0.0016, ...]   # P(min), P(min + 1), ... P(max)
        }
      ],
      "attack": null                      # or, with a defense and damage, the attack's odds:
    }

With ``--defense`` and ``--damage``, "pools" holds the test alone, judged against the defense
("dc" is the defense), and "attack" is::

    {
      "test": "a1d20+5",                  # the test (with "plot" above, if any)
      "defense": 15,
      "damage": "2d6+5",                  # the damage dice and the modifier a hit adds
      "damage_modifier_from": "test",     # or "damage": whose modifier a hit adds
      "p_hit": 0.83,                      # P(test total >= defense), critical hits included
      "p_hit_with_opportunity": 0.33,     # P(a hit with an Opportunity: critical possible)
      "p_miss": 0.17,
      "expected_damage": 13.2,            # per attack, Opportunities on a hit spent on
                                          # critical hits, no graze
      "expected_damage_grazing": 14.4,    # the same, grazing on every miss
      "hit": {"min": 7, "max": 17, "mean": 12.0, "distribution": [...]},  # not critical
      "graze": {...},                     # a miss, grazed: the damage dice alone
      "critical": {...},                  # every damage die at its maximum + the modifier
      "deflect": 2,                       # the target's deflect (0 unless given)
      "pierce": false,                    # the weapon ignores deflect
      "damage_type": "keen",              # or null: not said (taken as deflectable)
      "deflect_applied": 2,               # what deflect takes off each hit (0 through
                                          # Pierce, or on spirit and vital damage)
      "health": 10,                       # the target's health, or null
      "expected_damage_after_deflect": 11.4,          # as expected_damage, deflect taken
      "expected_damage_after_deflect_grazing": 12.1,  # off each hit (never below 0)
      "chance_to_drop": 0.52,             # P(one attack deals >= health after deflect), no
      "chance_to_drop_grazing": 0.55      # graze / grazing every miss; null without health
    }

The keys from "deflect" on were added to both versions without changing the others; without a
target they say deflect 0 (the damage after deflect is the damage) and no health.

Version 1 (``nazh odds --json --json-version 1``) is the same but for "distribution", an object
from each total as text to its probability: ``{"6": 0.0004, "7": 0.0016, ...}``. Version 2
lists the probabilities from "min" on instead, because an object with a key per total cost the
largest legal roll (five pools of about 20,000 totals) more to build than its odds cost to
compute. Probabilities are unrounded floats. Totals of skill pools are marginal: the plot die
they share makes them correlated. The plot die itself has no entry in ``pools``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from nazh.application.shared.json_types import JsonObject
from nazh.domain.attack_odds import AttackOdds, DamageOdds
from nazh.domain.convolution import Distribution
from nazh.domain.odds import PoolOdds, RollOdds
from nazh.domain.spec import DieMode

ODDS_SCHEMA_VERSION = 2
ODDS_SCHEMA_VERSIONS = (1, 2)
"""The versions ``nazh odds --json-version`` can print (the newest is the default)."""
CACHED_TOTALS = 100_000
"""Totals below this keep their text once made: a worst-case roll has about 100,000 totals,
and writing each as text was most of the time spent building its odds' JSON data."""
_TOTAL_TEXTS: list[str] = []

PLOT_CHOICE_NOTE = (
    "the plot die's {mode} is a choice, not a rule: these odds are for a plain plot die"
)
MARGINAL_NOTE = (
    "skill pools share the plot die's bonus, so their totals are correlated; each pool's "
    "distribution is shown on its own"
)


def odds_to_dict(odds: RollOdds, *, notation: str, version: int = ODDS_SCHEMA_VERSION,
                 attack: AttackOdds | None = None) -> JsonObject:
    """The odds as plain JSON-ready data (see the module docstring for the shape).

    Args:
        odds: The odds of a roll (of an attack's test, with ``attack``).
        notation: The input as typed.
        version: One of :data:`ODDS_SCHEMA_VERSIONS`.
        attack: The odds of the attack whose test ``odds`` are, if any.

    Raises:
        ValueError: an unknown version.
    """
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
    """An attack's odds (see the module docstring for the shape)."""
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
    """The target's part of an attack's odds: its deflect, health and what they make of the
    damage (see the module docstring)."""
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
    """One pool's odds; ``story``: a test's chances of at least one Opportunity and one
    Complication (its d20s and the plot die), ``null`` for a pool that is not a test."""
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
    return notes


def _texts(low: int, count: int) -> Sequence[str] | Iterator[str]:
    """The totals ``low .. low + count - 1`` as text."""
    high = low + count
    if low < 0 or high > CACHED_TOTALS:
        return map(str, range(low, high))
    if high > len(_TOTAL_TEXTS):
        _TOTAL_TEXTS.extend(map(str, range(len(_TOTAL_TEXTS), high)))
    return _TOTAL_TEXTS[low:high]
