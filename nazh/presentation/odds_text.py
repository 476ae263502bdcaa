"""What odds look like in any medium (``nazh odds``, ``/odds``): percentages and histogram rows."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate

from nazh.application.odds.use_cases import ChartWords
from nazh.domain.attack_odds import AttackOdds, DamageOdds
from nazh.domain.convolution import Distribution
from nazh.domain.odds import PoolOdds, RollOdds
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.spec import DieMode
from nazh.domain.target_odds import Target
from nazh.presentation.i18n import N_, _
from nazh.presentation.odds_json import MARGINAL_NOTE, PLOT_CHOICE_NOTE, odds_notes

HISTOGRAM_ROWS = 16
TAIL_MASS = 0.0005  # lighter tails are folded into a long histogram's first / last row
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


def format_percent(probability: float, *, possible: bool = False,
                   certain: bool = False) -> str:
    """``78.04%``, rounded to 0.01%; ``possible``: exactly above 0, ``certain``: exactly 1."""
    # ``possible`` never shows 0%: a float can underflow (1e-60)
    if certain or (probability >= 1.0 and not possible):
        return "100%"
    if probability <= 0.0 and not possible:
        return "0%"
    if probability < 0.00005:
        return "<0.01%"
    if probability > 0.99995:
        return ">99.99%"
    return f"{probability * 100:.2f}%"


def dc_chance(pool: PoolOdds) -> str | None:
    """``78.04%``: the pool's chance to meet its DC (never 0% if possible), ``None`` without."""
    if pool.dc is None or pool.p_success is None:
        return None
    return format_percent(pool.p_success, possible=pool.dc <= pool.maximum,
                          certain=pool.dc <= pool.minimum)


def pool_summary(pool: PoolOdds) -> str:
    """``mean 18.49, stdev 4.47, totals 6..29, P(total >= 15) = 78.04%``."""
    parts = [f"mean {pool.moments.mean:.2f}", f"stdev {pool.moments.stdev:.2f}",
             f"totals {pool.minimum}..{pool.maximum}"]
    chance = dc_chance(pool)
    if chance is not None:
        parts.append(f"P(total >= {pool.dc}) = {chance}")
    return ", ".join(parts)


def story_summary(odds: RollOdds) -> str:
    """``At least one Opportunity: 39.83%; at least one Complication: 33.50%``."""
    return (f"At least one Opportunity: {_fraction_percent(odds.p_opportunity)}; "
            f"at least one Complication: {_fraction_percent(odds.p_complication)}")


def _fraction_percent(probability: Fraction) -> str:
    return format_percent(float(probability), possible=probability > 0,
                          certain=probability == 1)


@dataclass(frozen=True, slots=True)
class Bin:
    """One histogram row: the totals ``low..high`` and their probability."""

    low: int
    high: int
    probability: float
    open_low: bool = False  # also holds the unlikely totals below
    open_high: bool = False  # also holds the unlikely totals above
    meets_dc: bool | None = None

    @property
    def label(self) -> str:
        """``6``, ``6-7``, ``<=7`` or ``>=29``."""
        if self.open_low:
            return f"<={self.high}"
        if self.open_high:
            return f">={self.low}"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def histogram(pool: PoolOdds, rows: int = HISTOGRAM_ROWS) -> list[Bin]:
    """The pool's distribution in about ``rows`` rows of equal width, none straddling the DC."""
    return distribution_histogram(pool.distribution, pool.dc, rows)


def distribution_histogram(dist: Distribution, dc: int | None = None,
                           rows: int = HISTOGRAM_ROWS) -> list[Bin]:
    """Any distribution in about ``rows`` rows, as :func:`histogram` draws a pool's."""
    low, high = visible_range(dist, rows, dc)
    width = math.ceil((high - low + 1) / rows)
    anchor = low if dc is None else dc
    starts = range(low - (low - anchor) % width, high + 1, width)
    return [
        _bin(dist, first, first + width - 1, dc,
             first_row=first == starts[0], last_row=first == starts[-1])
        for first in starts
    ]


def visible_range(dist: Distribution, rows: int, dc: int | None = None) -> tuple[int, int]:
    """The totals worth showing: all of them when few, else all but light tails (and the DC)."""
    if dist.high - dist.low < rows:
        return dist.low, dist.high
    low, high = _trimmed(dist)
    if dc is not None and dist.low < dc <= dist.high:
        low, high = min(low, dc - 1), max(high, dc)
    return low, high


def _trimmed(dist: Distribution) -> tuple[int, int]:
    """The totals left once both tails lighter than :data:`TAIL_MASS` are cut off."""
    last = len(dist.probabilities) - 1
    # The first index whose running total passes TAIL_MASS, from each end.
    skip_low = min(bisect_right(list(accumulate(dist.probabilities)), TAIL_MASS), last)
    skip_high = min(bisect_right(list(accumulate(reversed(dist.probabilities))), TAIL_MASS),
                    last)
    low = dist.low + skip_low
    return low, max(low, dist.high - skip_high)


def _bin(dist: Distribution, first: int, last: int, dc: int | None, *,
         first_row: bool, last_row: bool) -> Bin:
    """Totals ``first..last``; the first and last rows take the tails left out of view."""
    low, high = max(first, dist.low), min(last, dist.high)
    open_low, open_high = first_row and low > dist.low, last_row and high < dist.high
    begin = dist.low if open_low else low
    end = dist.high if open_high else high
    probability = math.fsum(dist.probabilities[begin - dist.low: end - dist.low + 1])
    return Bin(low, high, probability, open_low, open_high,
               None if dc is None else low >= dc)


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``fraction`` (0..1) of ``width`` characters, in eighths."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


BAR_WIDTH = 32


MEETS_DC = "✓"


def render_odds(odds: RollOdds) -> str:
    """The odds as terminal text: the roll, the story odds, then each pool and its histogram."""
    title = f"Odds of {odds.spec.notation}"
    if odds.dc is not None:
        title += f" against DC {odds.dc}"
    lines = [title, story_summary(odds)]
    lines += [f"Note: {note}." for note in odds_notes(odds)]
    for pool in odds.pools:
        lines += ["", *render_pool(pool)]
    return "\n".join(lines) + "\n"


def render_pool(pool: PoolOdds) -> list[str]:
    """A pool's heading, its summary and its histogram rows."""
    heading = pool.spec.notation
    if pool.plot_bonus:
        heading += " (plot die bonus included)"
    if not pool.exact:
        heading += " (floating point)"
    bins = histogram(pool)
    return [heading, f"  {pool_summary(pool)}", *histogram_lines(bins)]


def histogram_lines(bins: list[Bin]) -> list[str]:
    """``  15-16 ✓ ██████▌   10.25%``: label, DC mark, bar scaled to the tallest row, percent."""
    tallest = max(b.probability for b in bins) or 1.0
    label_width = max(len(b.label) for b in bins)
    marks = any(b.meets_dc for b in bins)
    lines = []
    for row in bins:
        mark = (MEETS_DC if row.meets_dc else " ") + " " if marks else ""
        drawn = bar(row.probability / tallest, BAR_WIDTH).ljust(BAR_WIDTH)
        chance = format_percent(row.probability, possible=True, certain=len(bins) == 1)
        lines.append(f"  {row.label.rjust(label_width)} {mark}{drawn} {chance}")
    return lines


def fraction_percent(probability: Fraction) -> str:
    """An exact probability, rounded: never ``0%`` unless impossible, nor ``100%`` unless sure."""
    return _fraction_percent(probability)


def attack_chances(attack: AttackOdds) -> str:
    """``hit 55.00% (with an Opportunity, critical possible: 5.00%), miss 45.00%``."""
    return (f"hit {fraction_percent(attack.p_hit)} (with an Opportunity, critical possible: "
            f"{fraction_percent(attack.p_critical)}), miss {fraction_percent(attack.p_miss)}")


def damage_summary(damage: DamageOdds) -> str:
    """``mean 8.50, 6..11`` (or ``always 11`` for a single value)."""
    if damage.minimum == damage.maximum:
        return f"always {damage.minimum}"
    return f"mean {float(damage.mean):.2f}, {damage.minimum}..{damage.maximum}"


def expected_damage(attack: AttackOdds) -> str:
    """``4.80 per attack (Opportunities on a hit make it critical); 6.38 grazing every miss``."""
    return (f"{float(attack.expected_damage):.2f} per attack (each hit with an Opportunity "
            f"made critical); {float(attack.expected_damage_grazing):.2f} grazing every miss")


def target_summary(target: Target) -> str:
    """``deflect 2, keen damage, Pierce, 12 health``: what was said about the target."""
    parts = [f"deflect {target.deflect or 0}"]
    if target.damage_type is not None:
        parts.append(f"{target.damage_type.value} damage")
    if target.pierce:
        parts.append("Pierce")
    if target.health is not None:
        parts.append(f"{target.health} health")
    return ", ".join(parts)


def damage_after_deflect(attack: AttackOdds) -> str:
    """``3.80 per attack (...); 4.93 grazing every miss``: the expected damage dealt."""
    against = attack.against
    return (f"{float(against.expected_damage):.2f} per attack (each hit with an Opportunity "
            f"made critical); {float(against.expected_damage_grazing):.2f} grazing every miss")


def drop_chances(attack: AttackOdds) -> str | None:
    """``25.00%; 30.00% grazing every miss``: the chance to drop the target in one attack."""
    against = attack.against
    if against.chance_to_drop is None or against.chance_to_drop_grazing is None:
        return None
    return (f"{fraction_percent(against.chance_to_drop)}; "
            f"{fraction_percent(against.chance_to_drop_grazing)} grazing every miss")


def target_lines(attack: AttackOdds) -> list[str]:
    """The attack against its target, when one was described: deflect, damage, chance to drop."""
    target = attack.against.target
    if not target.given:
        return []
    lines = [f"Target: {target_summary(target)}",
             f"Expected damage after deflect: {damage_after_deflect(attack)}"]
    drop = drop_chances(attack)
    if drop is not None:
        lines.append(f"Chance to drop it ({target.health} health to 0) in one attack: {drop}")
    return lines + [f"Note: {note}." for note in target.notes]


def render_attack_odds(attack: AttackOdds) -> str:
    """An attack's odds as terminal text: chances, each damage's histogram, the test's totals."""
    spec = attack.spec
    source = "the test's modifier" if spec.modifier_from_test else "its own modifier"
    lines = [f"Odds of an attack: {spec.test.notation} against defense {spec.defense}, "
             f"damage {spec.damage.notation} ({source})",
             f"Chances: {attack_chances(attack)}",
             f"Expected damage: {expected_damage(attack)}"]
    lines += target_lines(attack)
    lines += [f"Note: {note}." for note in odds_notes(attack.test)]
    deflect = attack.against.target.deflect_taken
    against = attack.against
    for title, damage, dealt in (
            ("Damage on a hit", attack.hit, against.hit),
            ("Damage of a graze (a miss: the damage dice alone)", attack.graze, against.graze),
            ("Damage of a critical hit (every damage die at its maximum)", attack.critical,
             against.critical)):
        lines += ["", title, f"  {damage_summary(damage)}"]
        if damage.minimum < damage.maximum:
            lines += histogram_lines(distribution_histogram(damage.distribution))
        if deflect:
            lines.append(f"  after deflect {deflect}: {damage_summary(DamageOdds.of(dealt))}")
    heading, *test = render_pool(attack.test.pools[0])
    lines += ["", f"The test: {heading} (✓ hits)", *test]
    return "\n".join(lines) + "\n"


# -- in the language spoken, for /odds ---------------------------------------------------------


MODES = {DieMode.ADVANTAGE: N_("advantage"), DieMode.DISADVANTAGE: N_("disadvantage")}
"""How a note names the plot die's mode."""


def shown_notes(odds: RollOdds) -> list[str]:
    """The caveats of these odds (:func:`~nazh.presentation.odds_json.odds_notes`'s), in the
    language spoken."""
    notes: list[str] = []
    plot = odds.spec.plot
    if plot is not None and plot.mode is not DieMode.NORMAL:
        notes.append(_(PLOT_CHOICE_NOTE).format(mode=_(MODES.get(plot.mode, plot.mode.value))))
    if plot is not None and sum(pool.plot_bonus for pool in odds.pools) > 1:
        notes.append(_(MARGINAL_NOTE))
    ranges = [_("Opportunity on {low}-{high}").format(low=odds.ranges.opportunity,
                                                      high=HIGHEST_FACE)
              if odds.ranges.opportunity != HIGHEST_FACE else "",
              _("Complication on {low}-{high}").format(low=LOWEST_FACE,
                                                       high=odds.ranges.complication)
              if odds.ranges.complication != LOWEST_FACE else ""]
    if any(ranges):
        notes.append(" · ".join(part for part in ranges if part))
    return notes


def shown_target_notes(target: Target) -> list[str]:
    """Why a deflect given takes nothing off (:attr:`Target.notes`), in the language spoken."""
    if not target.notes:
        return []
    if target.pierce:
        return [_("Pierce: the target's deflect {deflect} is ignored").format(
            deflect=target.deflect)]
    kind = "" if target.damage_type is None else target.damage_type.value
    return [_("{type} damage is not reduced by deflect (only energy, impact and keen are): the "
              "target's deflect {deflect} takes nothing").format(type=_(kind.title()).lower(),
                                                                  deflect=target.deflect)]


def shown_target(target: Target) -> str:
    """``deflect 2, keen damage, Pierce, 12 health`` (:func:`target_summary`), in the language
    spoken."""
    parts = [_("deflect {deflect}").format(deflect=target.deflect or 0)]
    if target.damage_type is not None:
        parts.append(_("{type} damage").format(
            type=_(target.damage_type.value.title()).lower()))
    if target.pierce:
        parts.append(_("Pierce"))
    if target.health is not None:
        parts.append(_("{health} health").format(health=target.health))
    return ", ".join(parts)


def chart_words() -> ChartWords:
    """The words an odds chart draws, in the language spoken."""
    return ChartWords(total=_("total"), dc=_("DC {dc}"), mean=_("mean {mean}"),
                      minimum_one=_("total 1 (Minimum 1 Rule): {percent}%"),
                      plot=_("+plot"), no_pool=_("no dice pool"))
