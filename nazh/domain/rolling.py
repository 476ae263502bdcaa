"""The evaluator: a parsed roll and a random source -> a :class:`RollResult`."""

from __future__ import annotations

from typing import Protocol

from nazh.domain import limits
from nazh.domain.errors import LimitError
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.spec import PLOT_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec


class RandomSource(Protocol):
    """Where dice faces come from."""

    def roll(self, sides: int) -> int:
        """A uniformly distributed face in ``1..sides``."""
        ...


def check_dc(dc: int | None) -> None:
    """Reject a DC outside the engine's limits.

    Raises:
        LimitError: ``dc`` is outside ``MIN_DC..MAX_DC``.
    """
    if dc is not None and not limits.MIN_DC <= dc <= limits.MAX_DC:
        raise LimitError(
            f"the DC must be between {limits.MIN_DC} and {limits.MAX_DC} (got {dc})",
            hint="Cosmere DCs are usually 10 (easy) to 30 (nearly impossible)",
        )


def roll(spec: RollSpec, rng: RandomSource, dc: int | None = None) -> RollResult:
    """Roll every pool of an already validated roll, as one transaction.

    The dice are drawn in pool order, the plot die last, so a seeded source gives the same
    result for the same input.
    """
    check_dc(dc)
    dice = tuple(roll_pool(pool, rng) for pool in spec.pools)
    plot = roll_plot(spec.plot, rng) if spec.plot else None
    return RollResult.settle(spec, dice, plot, dc)


def roll_pool(pool: PoolSpec, rng: RandomSource) -> tuple[DieResult, ...]:
    """Roll each die of a pool with its own mode."""
    return tuple(roll_die(pool.sides, mode, rng) for mode in pool.modes)


def roll_die(sides: int, mode: DieMode, rng: RandomSource) -> DieResult:
    """One die; with advantage or disadvantage it is rolled twice and one face is kept."""
    first = rng.roll(sides)
    if mode is DieMode.NORMAL:
        return DieResult(sides, mode, first)
    second = rng.roll(sides)
    high, low = max(first, second), min(first, second)
    if mode is DieMode.ADVANTAGE:
        return DieResult(sides, mode, high, low)
    return DieResult(sides, mode, low, high)


def roll_plot(plot: PlotSpec, rng: RandomSource) -> PlotResult:
    """The plot die: one face, or two faces left pending for the chooser."""
    if plot.mode is DieMode.NORMAL:
        return PlotResult(plot.mode, (rng.roll(PLOT_DIE_SIDES),), 0)
    faces = (rng.roll(PLOT_DIE_SIDES), rng.roll(PLOT_DIE_SIDES))
    return PlotResult(plot.mode, faces, None)
