"""The outcome of a roll as values: dice, pools, the plot die, totals, DC success."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nazh.domain.errors import RollStateError
from nazh.domain.frozen import quick_init
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec


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
    ``ranges``: which kept d20 faces are Opportunities and Complications.

    Its counts are worked out once, when it is built (the result, its controls, the statistics
    and the metrics each ask them of every roll, several times): plain attributes, read without
    a property's call (measured: 17,000 instructions fewer a /roll's message, 36,000 an
    /attack's).
    """

    spec: PoolSpec
    dice: tuple[DieResult, ...]
    plot_bonus: int = 0
    dc: int | None = None
    ranges: Ranges = DEFAULT_RANGES
    subtotal: int = field(init=False, repr=False, compare=False)
    """Kept faces plus the modifier."""
    total: int = field(init=False, repr=False, compare=False)
    """Subtotal plus the plot bonus, never below 1 (the Minimum 1 Rule)."""
    opportunities: int = field(init=False, repr=False, compare=False)
    """Kept d20s in the Opportunity range (natural 20s by default): each is an Opportunity."""
    complications: int = field(init=False, repr=False, compare=False)
    """Kept d20s in the Complication range (natural 1s by default): each is a Complication,
    with no bonus."""
    success: bool | None = field(init=False, repr=False, compare=False)
    """Whether the total meets the DC; ``None`` when there is no DC for this pool."""

    def __post_init__(self) -> None:
        # a pool built by its constructor (a roll's are built by _pool_result): its counts
        counted = _pool_result(self.spec, self.dice, self.plot_bonus, self.dc, self.ranges)
        for name in _COUNTS:
            object.__setattr__(self, name, getattr(counted, name))

    @property
    def skill(self) -> bool:
        """The pool is a skill test (it has d20s)."""
        return self.spec.skill

    @property
    def floored(self) -> bool:
        """The total was raised to 1."""
        return self.subtotal + self.plot_bonus < 1


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
    Opportunity and Complication ranges of its tests.

    What its plot die and its pools' counts make of it (its luck, a pending plot face, the
    plot bonus) is worked out once, when it is built, as its pools' counts are: the result,
    its controls and the spending rule read them about ten times a message (measured: 16,000
    instructions fewer a /roll's message, 19,000 an /attack's, 1,000 to 3,000 more to build
    the roll).
    """

    spec: RollSpec
    pools: tuple[PoolResult, ...]
    plot: PlotResult | None = None
    dc: int | None = None
    ranges: Ranges = DEFAULT_RANGES
    luck: tuple[int, int] = field(init=False, repr=False, compare=False)
    """The roll's Opportunities and Complications: its tests' kept d20s in their ranges, and
    the plot die's outcome (none while its face is pending)."""
    pending: bool = field(init=False, repr=False, compare=False)
    """A plot face is still to be chosen."""
    plot_bonus: int = field(init=False, repr=False, compare=False)
    """What the plot die adds to every skill pool."""

    def __post_init__(self) -> None:
        # a result built by its constructor (settle works the same out inline, without calls)
        plot = self.plot
        outcome = None if plot is None else plot.outcome
        object.__setattr__(self, "luck", (
            sum([pool.opportunities for pool in self.pools])
            + (outcome is PlotOutcome.OPPORTUNITY),
            sum([pool.complications for pool in self.pools])
            + (outcome is PlotOutcome.COMPLICATION)))
        object.__setattr__(self, "pending", plot is not None and plot.pending)
        object.__setattr__(self, "plot_bonus", 0 if plot is None else plot.bonus)

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
        if plot is None or plot.kept_index is None:  # none, or its face pending
            outcome, bonus = None, 0
        else:
            outcome, bonus = plot_face(plot.faces[plot.kept_index])
        # a skill test is a pool of d20s (PoolSpec.skill), told without its call
        if len(dice) == 1:  # the common roll: one pool, judged by the DC if there is one
            [pool] = spec.pools
            pools: tuple[PoolResult, ...] = (_pool_result(
                pool, dice[0], bonus if pool.sides == SKILL_DIE_SIDES else 0, dc, ranges),)
        else:  # a DC judges the skill tests, or every pool when none is a test (spec.judged)
            others = None if dc is None or any(pool.sides == SKILL_DIE_SIDES
                                               for pool in spec.pools) else dc
            pools = tuple([
                _pool_result(pool, faces, bonus, dc, ranges) if pool.sides == SKILL_DIE_SIDES
                else _pool_result(pool, faces, 0, others, ranges)
                for pool, faces in zip(spec.pools, dice, strict=True)
            ])
        opportunities = complications = 0
        for counted in pools:
            opportunities += counted.opportunities
            complications += counted.complications
        result = _new(cls)
        _set_roll_spec(result, spec)
        _set_roll_pools(result, pools)
        _set_roll_plot(result, plot)
        _set_roll_dc(result, dc)
        _set_roll_ranges(result, ranges)
        _set_roll_luck(result, (opportunities + (outcome is PlotOutcome.OPPORTUNITY),
                                complications + (outcome is PlotOutcome.COMPLICATION)))
        _set_roll_pending(result, plot is not None and plot.kept_index is None)
        _set_roll_bonus(result, bonus)
        return result

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
    ``__init__``'s per-field ``object.__setattr__`` calls (half the cost of a small roll), its
    counts in one loop (a pool has few dice, and a comprehension is a call)."""
    subtotal = spec.modifier
    opportunities = complications = 0
    if spec.sides == SKILL_DIE_SIDES:  # a skill test (PoolSpec.skill), told without a call
        least, most = ranges.opportunity, ranges.complication
        for die in dice:
            face = die.kept
            subtotal += face
            opportunities += face >= least
            complications += face <= most
    else:
        for die in dice:
            subtotal += die.kept
    bonused = subtotal + plot_bonus
    total = bonused if bonused > 1 else 1  # the Minimum 1 Rule
    pool = _new(PoolResult)
    _set_pool_spec(pool, spec)
    _set_pool_dice(pool, dice)
    _set_pool_bonus(pool, plot_bonus)
    _set_pool_dc(pool, dc)
    _set_pool_ranges(pool, ranges)
    _set_pool_subtotal(pool, subtotal)
    _set_pool_total(pool, total)
    _set_pool_opportunities(pool, opportunities)
    _set_pool_complications(pool, complications)
    _set_pool_success(pool, None if dc is None else total >= dc)
    return pool


_COUNTS = ("subtotal", "total", "opportunities", "complications", "success")
"""A pool's counts (see :class:`PoolResult`)."""

_new = object.__new__
_set_pool_spec = PoolResult.__dict__["spec"].__set__
_set_pool_dice = PoolResult.__dict__["dice"].__set__
_set_pool_bonus = PoolResult.__dict__["plot_bonus"].__set__
_set_pool_dc = PoolResult.__dict__["dc"].__set__
_set_pool_ranges = PoolResult.__dict__["ranges"].__set__
_set_pool_subtotal = PoolResult.__dict__["subtotal"].__set__
_set_pool_total = PoolResult.__dict__["total"].__set__
_set_pool_opportunities = PoolResult.__dict__["opportunities"].__set__
_set_pool_complications = PoolResult.__dict__["complications"].__set__
_set_pool_success = PoolResult.__dict__["success"].__set__
_set_roll_spec = RollResult.__dict__["spec"].__set__
_set_roll_pools = RollResult.__dict__["pools"].__set__
_set_roll_plot = RollResult.__dict__["plot"].__set__
_set_roll_dc = RollResult.__dict__["dc"].__set__
_set_roll_ranges = RollResult.__dict__["ranges"].__set__
_set_roll_luck = RollResult.__dict__["luck"].__set__
_set_roll_pending = RollResult.__dict__["pending"].__set__
_set_roll_bonus = RollResult.__dict__["plot_bonus"].__set__

build_die = DieResult
"""``build_die(sides, mode, kept, dropped)``: a die result (the name the evaluator uses)."""

