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
    """A source that can also draw several faces at once (an optional speed-up)."""

    def roll_many(self, sides: int, count: int) -> list[int]:
        """Exactly what ``count`` calls of ``roll(sides)`` would give, in the same order."""
        ...


def check_dc(dc: int | None, *, least: int = limits.MIN_DC) -> None:
    """Reject (LimitError) a DC outside ``least..MAX_DC`` (an attack's defense may be 0)."""
    if dc is not None and not least <= dc <= limits.MAX_DC:
        raise LimitError("the DC must be between {least} and {most} (got {got})",
                         hint="Cosmere DCs are usually 10 (easy) to 30 (nearly impossible)",
                         fields={"least": least, "most": limits.MAX_DC, "got": dc})


def check_judged(spec: RollSpec, dc: int | None) -> None:
    """Reject (NothingToJudgeError) a DC on the plot die alone: it has no total to judge."""
    if dc is not None and not spec.pools:
        raise NothingToJudgeError("a DC needs a pool to judge, and {notation} is the plot die "
                                  "alone (DC {dc})",
                                  hint="add a pool such as 1d20, or leave out the DC",
                                  fields={"notation": spec.notation, "dc": dc})


def roll(spec: RollSpec, rng: RandomSource, dc: int | None = None,
         ranges: Ranges = DEFAULT_RANGES) -> RollResult:
    """Roll every pool of a parsed roll, as one transaction, against a DC already checked."""
    # in pool order, the plot die last: a seeded source gives the same result for one input
    pools = spec.pools
    dice = (roll_pool(pools[0], rng),) if len(pools) == 1 else \
        tuple([roll_pool(pool, rng) for pool in pools])
    plot = roll_plot(spec.plot, rng) if spec.plot else None
    return RollResult.settle(spec, dice, plot, dc, ranges)


def roll_pool(pool: PoolSpec, rng: RandomSource) -> tuple[DieResult, ...]:
    """Roll each die of a pool with its own mode."""
    sides, modes = pool.sides, pool.modes
    # a lone die face by face: for one or two faces a batch costs more than it saves
    # (measured: a lone d20 with advantage in 12,000 instructions instead of 24,500)
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
    # one batch, in roll_die's order (a tagged die takes two consecutive faces): the same
    # result for the same byte stream
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
    """A die rolled twice: advantage keeps the higher face, disadvantage the lower."""
    # keep_each does the same for a pool; tests/domain/test_rolling.py holds the two equal
    if first < second:
        first, second = second, first
    if mode is _ADVANTAGE:
        return build_die(sides, mode, first, second)
    return build_die(sides, mode, second, first)


def keep_each(sides: int, mode: DieMode, firsts: Sequence[int],
              seconds: Sequence[int]) -> list[DieResult]:
    """Dice rolled twice each, each kept as :func:`keep` keeps it, without a call per die."""
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
_SHARED_SIDES = 100  # plain dice up to d100 are shared (at most 5,049): a die is a lookup
# larger dice are shared for this many sizes at most (the first rolled; a d1000 table is about
# 70 KiB): no input can grow the tables without bound
_LARGE_TABLES = 32
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
