"""The outcome of a roll as values: dice, pools, the plot die, totals, DC success."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nazh.domain.errors import RollStateError
from nazh.domain.frozen import quick_init
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import DieMode, PlotSpec, PoolSpec, RollSpec


@quick_init
@dataclass(frozen=True, slots=True)
class DieResult:
    """One die: the face kept, and the face dropped when rolled with advantage/disadvantage."""

    sides: int
    mode: DieMode
    kept: int
    dropped: int | None = None

    @property
    def natural_max(self) -> bool:
        """The kept face is the die's highest."""
        return self.kept == self.sides

    @property
    def natural_one(self) -> bool:
        """The kept face is a 1."""
        return self.kept == 1


@dataclass(frozen=True, slots=True)
class PoolResult:
    """A rolled pool; ``plot_bonus`` is what the plot die adds to this pool (skill pools only);
    ``ranges``: which kept d20 faces are Opportunities and Complications."""

    spec: PoolSpec
    dice: tuple[DieResult, ...]
    plot_bonus: int = 0
    dc: int | None = None
    ranges: Ranges = DEFAULT_RANGES
    _counts: tuple[int, int, int] | None = field(default=None, init=False, repr=False,
                                                 compare=False)
    """(subtotal, Opportunities, Complications), counted when first asked: the result, its
    controls, the statistics and the metrics each ask them of every roll."""

    @property
    def skill(self) -> bool:
        """The pool is a skill test (it has d20s)."""
        return self.spec.skill

    def _counted(self) -> tuple[int, int, int]:
        counts = self._counts
        if counts is None:  # in one loop: a pool has few dice, and a comprehension is a call
            subtotal = self.spec.modifier
            if self.spec.skill:
                least, most = self.ranges.opportunity, self.ranges.complication
                opportunities = complications = 0
                for die in self.dice:
                    face = die.kept
                    subtotal += face
                    opportunities += face >= least
                    complications += face <= most
                counts = (subtotal, opportunities, complications)
            else:
                for die in self.dice:
                    subtotal += die.kept
                counts = (subtotal, 0, 0)
            object.__setattr__(self, "_counts", counts)
        return counts

    @property
    def subtotal(self) -> int:
        """Kept faces plus the modifier."""
        return (self._counts or self._counted())[0]

    @property
    def total(self) -> int:
        """Subtotal plus the plot bonus, never below 1 (the Minimum 1 Rule)."""
        total = (self._counts or self._counted())[0] + self.plot_bonus
        return total if total > 1 else 1

    @property
    def floored(self) -> bool:
        """The total was raised to 1."""
        return self.subtotal + self.plot_bonus < 1

    @property
    def opportunities(self) -> int:
        """Kept d20s in the Opportunity range (natural 20s by default): each is an
        Opportunity."""
        return (self._counts or self._counted())[1]

    @property
    def complications(self) -> int:
        """Kept d20s in the Complication range (natural 1s by default): each is a
        Complication, with no bonus."""
        return (self._counts or self._counted())[2]

    @property
    def success(self) -> bool | None:
        """Whether the total meets the DC; ``None`` when there is no DC for this pool."""
        return None if self.dc is None else self.total >= self.dc


@quick_init
@dataclass(frozen=True, slots=True)
class PlotResult:
    """The plot die: one face, or two faces waiting for a choice (advantage/disadvantage)."""

    mode: DieMode
    faces: tuple[int, ...]
    kept_index: int | None

    @property
    def pending(self) -> bool:
        """Two faces were rolled and nobody has chosen yet."""
        return self.kept_index is None

    @property
    def face(self) -> int | None:
        """The kept face, or ``None`` while pending."""
        return None if self.kept_index is None else self.faces[self.kept_index]

    @property
    def outcome(self) -> PlotOutcome | None:
        """Complication, blank or Opportunity; ``None`` while pending."""
        return None if self.face is None else plot_face(self.face)[0]

    @property
    def bonus(self) -> int:
        """What the kept face adds to every skill test (0 while pending)."""
        return 0 if self.face is None else plot_face(self.face)[1]

    def choose(self, index: int) -> PlotResult:
        """Keep face ``index`` (0-based) of a pending plot die.

        Raises:
            RollStateError: the die is not pending, or ``index`` is not one of its faces.
        """
        if not self.pending:
            raise RollStateError("the plot die's face was already chosen")
        if not 0 <= index < len(self.faces):
            raise RollStateError(
                f"the plot die has {len(self.faces)} faces to choose from (got {index + 1})"
            )
        return replace(self, kept_index=index)


@dataclass(frozen=True, slots=True)
class RollResult:
    """A whole roll: every pool, the plot die if any, the DC it was rolled against and the
    Opportunity and Complication ranges of its tests."""

    spec: RollSpec
    pools: tuple[PoolResult, ...]
    plot: PlotResult | None = None
    dc: int | None = None
    ranges: Ranges = DEFAULT_RANGES
    _luck: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    """(Opportunities, Complications), counted when first asked: the result, its spending
    controls and the statistics each ask them of a roll several times."""

    @classmethod
    def settle(
        cls,
        spec: RollSpec,
        dice: tuple[tuple[DieResult, ...], ...],
        plot: PlotResult | None,
        dc: int | None,
        ranges: Ranges = DEFAULT_RANGES,
    ) -> RollResult:
        """Build the result, applying the plot bonus, the DC and the ranges to the pools they
        concern."""
        bonus = plot.bonus if plot else 0
        if len(dice) == 1:  # the common roll: one pool, judged by the DC if there is one
            [pool] = spec.pools
            pools: tuple[PoolResult, ...] = (
                _pool_result(pool, dice[0], bonus if pool.skill else 0, dc, ranges),)
        else:  # a DC judges the skill tests, or every pool when none is a test (spec.judged)
            others = None if dc is None or any(pool.skill for pool in spec.pools) else dc
            pools = tuple([
                _pool_result(pool, faces, bonus, dc, ranges) if pool.skill
                else _pool_result(pool, faces, 0, others, ranges)
                for pool, faces in zip(spec.pools, dice, strict=True)
            ])
        result = _new(cls)
        _set_roll_spec(result, spec)
        _set_roll_pools(result, pools)
        _set_roll_plot(result, plot)
        _set_roll_dc(result, dc)
        _set_roll_ranges(result, ranges)
        _set_roll_luck(result, None)
        return result

    @property
    def luck(self) -> tuple[int, int]:
        """The roll's Opportunities and Complications: its tests' kept d20s in their ranges,
        and the plot die's outcome (none while its face is pending)."""
        luck = self._luck
        if luck is None:
            outcome = None if self.plot is None else self.plot.outcome
            luck = (sum([pool.opportunities for pool in self.pools])
                    + (outcome is PlotOutcome.OPPORTUNITY),
                    sum([pool.complications for pool in self.pools])
                    + (outcome is PlotOutcome.COMPLICATION))
            object.__setattr__(self, "_luck", luck)
        return luck

    @property
    def pending(self) -> bool:
        """A plot face is still to be chosen."""
        return self.plot is not None and self.plot.pending

    @property
    def plot_bonus(self) -> int:
        """What the plot die adds to every skill pool."""
        return self.plot.bonus if self.plot else 0

    @property
    def notation(self) -> str:
        """Canonical notation of what was rolled."""
        return self.spec.notation

    def with_plot(self, plot: PlotResult) -> RollResult:
        """This roll with a plot die added (nothing else is rerolled)."""
        if self.plot is not None:
            raise RollStateError("this roll already has a plot die")
        spec = self.spec.with_plot(PlotSpec(plot.mode))
        return self._resettle(spec, plot)

    def choose_plot_face(self, index: int) -> RollResult:
        """The final result once face ``index`` (0-based) of a pending plot die is kept."""
        if self.plot is None:
            raise RollStateError("this roll has no plot die")
        return self._resettle(self.spec, self.plot.choose(index))

    def plot_options(self) -> tuple[RollResult, ...]:
        """For a pending plot die, the final result each face would give, in face order."""
        if self.plot is None or not self.plot.pending:
            return ()
        return tuple(self.choose_plot_face(i) for i in range(len(self.plot.faces)))

    def _resettle(self, spec: RollSpec, plot: PlotResult) -> RollResult:
        dice = tuple(pool.dice for pool in self.pools)
        return RollResult.settle(spec, dice, plot, self.dc, self.ranges)



def _pool_result(spec: PoolSpec, dice: tuple[DieResult, ...], plot_bonus: int,
                 dc: int | None, ranges: Ranges) -> PoolResult:
    """``PoolResult(spec, dice, plot_bonus, dc, ranges)``, built without the frozen
    ``__init__``'s per-field ``object.__setattr__`` calls (half the cost of a small roll)."""
    pool = _new(PoolResult)
    _set_pool_spec(pool, spec)
    _set_pool_dice(pool, dice)
    _set_pool_bonus(pool, plot_bonus)
    _set_pool_dc(pool, dc)
    _set_pool_ranges(pool, ranges)
    _set_pool_counts(pool, None)
    return pool


_new = object.__new__
_set_pool_spec = PoolResult.__dict__["spec"].__set__
_set_pool_dice = PoolResult.__dict__["dice"].__set__
_set_pool_bonus = PoolResult.__dict__["plot_bonus"].__set__
_set_pool_dc = PoolResult.__dict__["dc"].__set__
_set_pool_ranges = PoolResult.__dict__["ranges"].__set__
_set_pool_counts = PoolResult.__dict__["_counts"].__set__
_set_roll_spec = RollResult.__dict__["spec"].__set__
_set_roll_pools = RollResult.__dict__["pools"].__set__
_set_roll_plot = RollResult.__dict__["plot"].__set__
_set_roll_dc = RollResult.__dict__["dc"].__set__
_set_roll_ranges = RollResult.__dict__["ranges"].__set__
_set_roll_luck = RollResult.__dict__["_luck"].__set__

build_die = DieResult
"""``build_die(sides, mode, kept, dropped)``: a die result (the name the evaluator uses)."""

