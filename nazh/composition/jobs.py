"""Jobs run in worker processes: a worker imports only this module and what it uses, not the bot."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from nazh.application.odds.use_cases import IN_ENGLISH, ChartWords, OddsAnswer, OddsOf
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges

if TYPE_CHECKING:
    from nazh.adapters.chart.pillow_chart import PillowOddsChart


@cache
def _engine() -> tuple[OddsOf, PillowOddsChart]:
    """The worker's own odds engine and chart renderer, built once per process."""
    from nazh.adapters.chart.pillow_chart import PillowOddsChart  # noqa: PLC0415
    from nazh.adapters.numeric.numpy_convolution import NumpyConvolution  # noqa: PLC0415

    return OddsOf(NumpyConvolution()), PillowOddsChart()


def odds_with_chart(notation: str, add_plot: bool, dc: int | None,
                    attack: AttackTerms | None = None, ranges: Ranges = DEFAULT_RANGES,
                    words: ChartWords = IN_ENGLISH) -> OddsAnswer:
    """In a worker: the odds of ``notation`` (validated), or of ``attack``, and their chart
    drawn with ``words``."""
    odds_of, chart = _engine()
    spec = parse_roll(notation, add_plot=add_plot)
    if attack is not None:
        attack_odds = odds_of.attack_of_spec(spec, attack)
        return OddsAnswer(attack_odds.test, chart.render(attack_odds.test, words), attack_odds)
    odds = odds_of.of_spec(spec, dc, ranges)
    return OddsAnswer(odds, chart.render(odds, words))
