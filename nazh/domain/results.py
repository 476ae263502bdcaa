"""The outcome of a roll as values: dice, pools, the plot die, totals, DC success."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from nazh.domain.errors import RollStateError
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec


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


@dataclass(frozen=True)
class PoolResult:
    """A rolled pool, with the plot die's bonus (skill pools only) and its luck ranges."""

    # no slots: its fields and counts are set in one call (_pool_result), built when a roll's
    # pools are first read

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
        self.__dict__.update(vars(counted))

    @property
    def skill(self) -> bool:
        """The pool is a skill test (it has d20s)."""
        return self.spec.skill

    @property
    def floored(self) -> bool:
        """The total was raised to 1."""
        return self.subtotal + self.plot_bonus < 1


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
        """Keep face ``index`` (0-based) of a pending plot die (RollStateError: none)."""
        if not self.pending:
            raise RollStateError("the plot die's face was already chosen")
        if not 0 <= index < len(self.faces):
            raise RollStateError("the plot die has {count} faces to choose from (got {got})",
                                 fields={"count": len(self.faces), "got": index + 1})
        return replace(self, kept_index=index)


@dataclass(frozen=True)
class RollResult:
    """A whole roll: the dice of every pool, the plot die, the DC and the luck ranges."""

    # its pools and luck are worked out together when one is first read, then kept (no slots,
    # so that cached_property can keep them): rolling alone asks for neither

    spec: RollSpec
    dice: tuple[tuple[DieResult, ...], ...]
    """Each pool's dice as rolled, in the order of the spec's pools."""
    plot: PlotResult | None = None
    dc: int | None = None
    ranges: Ranges = DEFAULT_RANGES
    pending: bool = field(init=False, repr=False, compare=False)
    """A plot face is still to be chosen."""
    plot_bonus: int = field(init=False, repr=False, compare=False)
    """What the plot die adds to every skill pool."""

    def __post_init__(self) -> None:
        # a result built by its constructor (settle sets them with its fields)
        plot = self.plot
        self.__dict__.update(pending=plot is not None and plot.pending,
                             plot_bonus=0 if plot is None else plot.bonus)

    @cached_property
    def pools(self) -> tuple[PoolResult, ...]:
        """Every pool's result, the plot bonus, the DC and the ranges applied to those they
        concern."""
        return _settled(self)[0]

    @cached_property
    def luck(self) -> tuple[int, int]:
        """The roll's Opportunities and Complications: its tests' kept d20s in their ranges,
        and the plot die's outcome (none while its face is pending)."""
        return _settled(self)[1]

    @classmethod
    def settle(
        cls,
        spec: RollSpec,
        dice: tuple[tuple[DieResult, ...], ...],
        plot: PlotResult | None,
        dc: int | None,
        ranges: Ranges = DEFAULT_RANGES,
    ) -> RollResult:
        """The result of ``dice`` rolled for ``spec``'s pools, with its plot die, DC and ranges
        (its pools worked out when first read)."""
        if plot is None or plot.kept_index is None:  # none, or its face pending: no bonus
            bonus = 0
        else:
            bonus = plot_face(plot.faces[plot.kept_index])[1]
        result = _new(cls)
        _set_roll_fields(result, {"spec": spec, "dice": dice, "plot": plot, "dc": dc,
                                  "ranges": ranges, "plot_bonus": bonus,
                                  "pending": plot is not None and plot.kept_index is None})
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
        return RollResult.settle(spec, self.dice, plot, self.dc, self.ranges)


def _settled(result: RollResult) -> tuple[tuple[PoolResult, ...], tuple[int, int]]:
    """The result's pools, the plot bonus, the DC and the ranges applied to those they
    concern, and its luck; kept, each as if read."""
    spec, dice, dc, ranges, bonus = (result.spec, result.dice, result.dc, result.ranges,
                                     result.plot_bonus)
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
    plot = result.plot
    outcome = None if plot is None or plot.kept_index is None else \
        plot_face(plot.faces[plot.kept_index])[0]
    luck = (opportunities + (outcome is PlotOutcome.OPPORTUNITY),
            complications + (outcome is PlotOutcome.COMPLICATION))
    kept = result.__dict__
    kept["pools"], kept["luck"] = pools, luck
    return pools, luck


def _pool_result(spec: PoolSpec, dice: tuple[DieResult, ...], plot_bonus: int,
                 dc: int | None, ranges: Ranges) -> PoolResult:
    """``PoolResult(spec, dice, plot_bonus, dc, ranges)`` with its counts, set in one call."""
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
    _set_pool_fields(pool, {
        "spec": spec, "dice": dice, "plot_bonus": plot_bonus, "dc": dc, "ranges": ranges,
        "subtotal": subtotal, "total": total, "opportunities": opportunities,
        "complications": complications, "success": None if dc is None else total >= dc})
    return pool


_new = object.__new__
_set_pool_fields = PoolResult.__dict__["__dict__"].__set__
_set_roll_fields = RollResult.__dict__["__dict__"].__set__

build_die = DieResult
"""``build_die(sides, mode, kept, dropped)``: a die result (the name the evaluator uses)."""

