"""The evaluator: a parsed roll and a random source -> a :class:`RollResult`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from nazh.domain import limits
from nazh.domain.errors import LimitError, NothingToJudgeError
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import DieResult, PlotResult, RollResult, build_die
from nazh.domain.spec import PLOT_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec


class RandomSource(Protocol):
    """Where dice faces come from."""

    def roll(self, sides: int) -> int:
        """A uniformly distributed face in ``1..sides``."""
        ...


class BatchRandomSource(RandomSource, Protocol):
    """A source that can also draw several faces at once (an optional speed-up).

    ``roll_many(sides, count)`` must return exactly what ``count`` calls of ``roll(sides)``
    would, in the same order; :func:`roll_pool` uses it when the source has it.
    """

    def roll_many(self, sides: int, count: int) -> list[int]:
        """``count`` uniformly distributed faces in ``1..sides``."""
        ...


def check_dc(dc: int | None, *, least: int = limits.MIN_DC) -> None:
    """Reject a DC outside the engine's limits; ``least``: the lowest allowed (a test's is
    :data:`~nazh.domain.limits.MIN_DC`; an attack's defense may be 0, met by every total).

    Raises:
        LimitError: ``dc`` is outside ``least..MAX_DC``.
    """
    if dc is not None and not least <= dc <= limits.MAX_DC:
        raise LimitError(
            f"the DC must be between {least} and {limits.MAX_DC} (got {dc})",
            hint="Cosmere DCs are usually 10 (easy) to 30 (nearly impossible)",
        )


def check_judged(spec: RollSpec, dc: int | None) -> None:
    """Reject a DC on a roll with no pool for it to judge: a DC judges the skill tests, or
    every pool when none is a test, and the plot die alone has no total.

    Raises:
        NothingToJudgeError: ``dc`` is set and ``spec`` has no pool beside the plot die.
    """
    if dc is not None and not spec.pools:
        raise NothingToJudgeError(
            f"a DC needs a pool to judge, and {spec.notation} is the plot die alone (DC {dc})",
            hint="add a pool such as 1d20, or leave out the DC")


def roll(spec: RollSpec, rng: RandomSource, dc: int | None = None,
         ranges: Ranges = DEFAULT_RANGES) -> RollResult:
    """Roll every pool of a parsed roll, as one transaction, against a DC already checked
    with :func:`check_dc` (the use case checks it before parsing, so every limit is enforced
    before any die is rolled); ``ranges``: the faces of its tests' d20s that are
    Opportunities and Complications (valid by construction).

    The dice are drawn in pool order, the plot die last, so a seeded source gives the same
    result for the same input.
    """
    pools = spec.pools
    dice = (roll_pool(pools[0], rng),) if len(pools) == 1 else \
        tuple([roll_pool(pool, rng) for pool in pools])
    plot = roll_plot(spec.plot, rng) if spec.plot else None
    return RollResult.settle(spec, dice, plot, dc, ranges)


def roll_pool(pool: PoolSpec, rng: RandomSource) -> tuple[DieResult, ...]:
    """Roll each die of a pool with its own mode.

    With a :class:`BatchRandomSource` the pool's faces are drawn in one call, in the order
    :func:`roll_die` would draw them die by die (a die with advantage or disadvantage takes two
    consecutive faces), so the result is the same for the same byte stream. A lone die is drawn
    face by face (the same faces): for one or two faces a batch costs more than it saves
    (measured, a lone d20 with advantage in 12,000 instructions instead of 24,500).
    """
    sides, modes = pool.sides, pool.modes
    if len(modes) == 1:  # one die, the commonest pool
        mode = modes[0]
        if mode is not _NORMAL:  # its two draws, those a batch of two would give
            return (keep(sides, mode, rng.roll(sides), rng.roll(sides)),)
        table = _NORMAL_DICE.get(sides)
        if table is not None:
            return (table[rng.roll(sides)],)
    roll_many: Callable[[int, int], list[int]] | None = getattr(rng, "roll_many", None)
    if roll_many is None:
        return tuple(roll_die(sides, mode, rng) for mode in modes)
    twice = len(modes) - modes.count(_NORMAL)
    faces = roll_many(sides, len(modes) + twice)
    if not twice:
        return _normal_dice(sides, faces)
    if twice == len(modes) and modes.count(modes[0]) == twice:  # one tag on every die
        return tuple(keep_each(sides, modes[0], faces[0::2], faces[1::2]))
    dice: list[DieResult] = []
    drawn = iter(faces)
    for mode in modes:
        first = next(drawn)
        dice.append(build_die(sides, mode, first, None) if mode is _NORMAL
                    else keep(sides, mode, first, next(drawn)))
    return tuple(dice)


def roll_die(sides: int, mode: DieMode, rng: RandomSource) -> DieResult:
    """One die; with advantage or disadvantage it is rolled twice and one face is kept."""
    first = rng.roll(sides)
    if mode is DieMode.NORMAL:
        return DieResult(sides, mode, first)
    return keep(sides, mode, first, rng.roll(sides))


def keep(sides: int, mode: DieMode, first: int, second: int) -> DieResult:
    """A die rolled twice: advantage keeps the higher face, disadvantage the lower; the other
    face is dropped (:func:`keep_each` keeps a pool's dice alike, without a call per die:
    ``tests/domain/test_rolling.py`` holds the two equal)."""
    if first < second:
        first, second = second, first
    if mode is _ADVANTAGE:
        return build_die(sides, mode, first, second)
    return build_die(sides, mode, second, first)


def keep_each(sides: int, mode: DieMode, firsts: Sequence[int],
              seconds: Sequence[int]) -> list[DieResult]:
    """Dice rolled twice each (``firsts[i]``, ``seconds[i]``), each kept as :func:`keep`
    keeps it (in one comprehension: a pool of many tagged dice makes no call per die)."""
    build = build_die
    if mode is _ADVANTAGE:
        return [build(sides, mode, first, second) if first >= second
                else build(sides, mode, second, first)
                for first, second in zip(firsts, seconds, strict=True)]
    return [build(sides, mode, second, first) if first >= second
            else build(sides, mode, first, second)
            for first, second in zip(firsts, seconds, strict=True)]


def roll_plot(plot: PlotSpec, rng: RandomSource) -> PlotResult:
    """The plot die: one face, or two faces left pending for the chooser."""
    if plot.mode is DieMode.NORMAL:
        return PlotResult(plot.mode, (rng.roll(PLOT_DIE_SIDES),), 0)
    faces = (rng.roll(PLOT_DIE_SIDES), rng.roll(PLOT_DIE_SIDES))
    return PlotResult(plot.mode, faces, None)


_NORMAL = DieMode.NORMAL
_ADVANTAGE = DieMode.ADVANTAGE
_SHARED_SIDES = 100
"""Plain dice up to d100 are shared values (at most 5,049 of them): a die is then a lookup."""
_LARGE_TABLES = 32
"""Larger dice (up to the d1000 limit) are shared too, for this many sizes at most (the first
ones rolled; a full d1000 table holds about 70 KiB): the common large dice are lookups as well,
and no input can grow the tables without bound."""
_NORMAL_DICE: dict[int, list[DieResult]] = {}
_large_tables = 0


def _normal_dice(sides: int, faces: list[int]) -> tuple[DieResult, ...]:
    """Plain dice showing ``faces``; ``DieResult`` is frozen, so equal dice can be shared."""
    global _large_tables  # noqa: PLW0603 - the count that bounds the module's own tables
    table = _NORMAL_DICE.get(sides)
    if table is None:
        if sides > _SHARED_SIDES:
            if _large_tables >= _LARGE_TABLES:
                return tuple([build_die(sides, _NORMAL, face, None) for face in faces])
            _large_tables += 1
        table = _NORMAL_DICE[sides] = [DieResult(sides, _NORMAL, face)
                                       for face in range(sides + 1)]
    return tuple(map(table.__getitem__, faces))
