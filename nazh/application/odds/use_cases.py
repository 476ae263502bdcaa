"""Use case: the odds of a roll (``nazh odds``, ``/odds``) or of an attack, and its ports.
A pool too long to count exactly (a few ms) goes to :class:`FloatConvolution`, within 1e-12."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.domain.odds import RollOdds
from dataclasses import dataclass
from typing import Final

from nazh.application.saved.shelves import SavedRolls
from nazh.domain.attack_odds import AttackOdds, AttackTerms, attack_odds, attack_spec
from nazh.domain.convolution import Distribution, Factor, exact_sum, exact_work
from nazh.domain.notation import parse_roll
from nazh.domain.odds import RollOdds, roll_odds
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.rolling import check_dc, check_judged
from nazh.domain.spec import RollSpec

EXACT_WORK_LIMIT: Final = 150_000
"""The largest pool counted exactly when a fast convolution is available, in integer ops."""


class OddsOf:
    """The odds of a notation: every pool's distribution, mean, spread and chance vs a DC."""

    def __init__(self, fast: FloatConvolution | None = None, *,
                 exact_work_limit: int = EXACT_WORK_LIMIT) -> None:
        self._fast = fast
        self._exact_work_limit = exact_work_limit

    def __call__(self, notation: str, *, add_plot: bool = False,
                 dc: int | None = None, ranges: Ranges = DEFAULT_RANGES) -> RollOdds:
        """The odds of ``notation``, validated exactly as ``/roll`` validates it."""
        check_dc(dc)
        return self.of_spec(parse_roll(notation, add_plot=add_plot), dc, ranges)

    def of_spec(self, spec: RollSpec, dc: int | None = None,
                ranges: Ranges = DEFAULT_RANGES) -> RollOdds:
        """The odds of an already parsed roll (e.g. one put together in the Builder)."""
        check_dc(dc)
        check_judged(spec, dc)
        return self._odds(spec, dc, ranges)

    def attack(self, notation: str, terms: AttackTerms, *,
               add_plot: bool = False) -> AttackOdds:
        """The odds of an attack whose test is ``notation`` (one pool with one d20)."""
        return self.attack_of_spec(parse_roll(notation, add_plot=add_plot), terms)

    def attack_of_spec(self, test: RollSpec, terms: AttackTerms) -> AttackOdds:
        return attack_odds(attack_spec(test, terms), self._convolution())

    def _odds(self, spec: RollSpec, dc: int | None, ranges: Ranges) -> RollOdds:
        return roll_odds(spec, dc, self._convolution(), ranges)

    def _convolution(self) -> Callable[[tuple[Factor, ...]], Distribution]:
        known: dict[tuple[Factor, ...], Distribution] = {}

        def convolve(factors: tuple[Factor, ...]) -> Distribution:
            if factors not in known:  # identical pools (bar modifiers) are computed once
                known[factors] = self._distribution(factors)
            return known[factors]

        return convolve

    def _distribution(self, factors: tuple[Factor, ...]) -> Distribution:
        if self._fast is None or exact_work(factors) <= self._exact_work_limit:
            return exact_sum(factors)
        return Distribution.approximate(0, self._fast.convolve(factors))


@dataclass(frozen=True, slots=True)
class ChartWords:
    """The words an odds chart draws, in the asker's language (English unless told)."""

    total: str = "total"
    dc: str = "DC {dc}"
    mean: str = "mean {mean}"
    minimum_one: str = "total 1 (Minimum 1 Rule): {percent}%"
    plot: str = "+plot"
    no_pool: str = "no dice pool"


IN_ENGLISH = ChartWords()
"""The chart's words where no language is asked (the CLI, a warm-up)."""


@dataclass(frozen=True, slots=True)
class OddsAnswer:
    """The odds of a roll and their chart (PNG); for an attack, its odds (``odds``: its test's)."""

    odds: RollOdds
    chart: bytes
    attack: AttackOdds | None = None


class ShowOdds:
    """The odds of a roll (or a saved ``@name``) and their chart, computed away from the loop."""

    def __init__(self, worker: OddsWorker, saved: SavedRolls) -> None:
        self._worker = worker
        self._saved = saved

    async def __call__(self, pool: str, user_id: int, *, add_plot: bool = False,  # noqa: PLR0913 - /odds's options
                       dc: int | None = None, channel_id: int | None = None,
                       guild_id: int | None = None, ranges: Ranges = DEFAULT_RANGES,
                       words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        notation = await self._saved.resolve(user_id, pool, channel_id, guild_id)
        check_dc(dc)
        # every limit, before any work is queued
        check_judged(parse_roll(notation, add_plot=add_plot), dc)
        return await self._worker.compute(notation, add_plot=add_plot, dc=dc, ranges=ranges,
                                          words=words)

    async def attack(self, pool: str, user_id: int, terms: AttackTerms, *,  # noqa: PLR0913 - /odds's options
                     add_plot: bool = False, channel_id: int | None = None,
                     guild_id: int | None = None, words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        """The odds of an attack whose test is ``pool``, with the chart of its test."""
        notation = await self._saved.resolve(user_id, pool, channel_id, guild_id)
        # every limit, before any work is queued
        attack_spec(parse_roll(notation, add_plot=add_plot), terms)
        return await self._worker.compute(notation, add_plot=add_plot, dc=None, attack=terms,
                                          words=words)


class FloatConvolution(Protocol):
    """A fast floating-point convolution, for pools too big to be counted exactly."""

    def convolve(self, factors: Sequence[Factor]) -> Sequence[float]:
        """``P(sum = k)`` for ``k = 0 .. span`` of the factors' sum, each within ``1e-12``."""
        ...


class OddsWorker(Protocol):
    """Computes the odds of a validated roll and their chart away from the event loop."""

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None,
                      attack: AttackTerms | None = None, ranges: Ranges = DEFAULT_RANGES,
                      words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        """The odds and their chart drawn with ``words`` (``attack``: its odds, with its own
        ranges); ServiceBusyError: too much waits."""
        ...


class OddsChart(Protocol):
    """Draws the distribution of each pool of a roll."""

    def render(self, odds: RollOdds, words: ChartWords = IN_ENGLISH) -> bytes:
        """The chart as PNG bytes, drawn with ``words``."""
        ...
