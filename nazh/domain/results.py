"""The outcome of a roll as values: dice, pools, the plot die, totals, DC success."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from types import MemberDescriptorType
from typing import Any, TypeVar, cast

from nazh.domain.errors import RollStateError
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec

_T = TypeVar("_T")


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
    """A rolled pool; ``plot_bonus`` is what the plot die adds to this pool (skill pools only)."""

    spec: PoolSpec
    dice: tuple[DieResult, ...]
    plot_bonus: int = 0
    dc: int | None = None

    @property
    def skill(self) -> bool:
        """The pool is a skill test (it has d20s)."""
        return self.spec.skill

    @property
    def subtotal(self) -> int:
        """Kept faces plus the modifier."""
        return sum(die.kept for die in self.dice) + self.spec.modifier

    @property
    def total(self) -> int:
        """Subtotal plus the plot bonus, never below 1 (the Minimum 1 Rule)."""
        return max(1, self.subtotal + self.plot_bonus)

    @property
    def floored(self) -> bool:
        """The total was raised to 1."""
        return self.subtotal + self.plot_bonus < 1

    @property
    def opportunities(self) -> int:
        """Natural 20s among the kept d20s (each is an Opportunity)."""
        if not self.skill:
            return 0
        return sum(1 for die in self.dice if die.kept == SKILL_DIE_SIDES)

    @property
    def complications(self) -> int:
        """Natural 1s among the kept d20s (each is a Complication, with no bonus)."""
        if not self.skill:
            return 0
        return sum(1 for die in self.dice if die.kept == 1)

    @property
    def success(self) -> bool | None:
        """Whether the total meets the DC; ``None`` when there is no DC for this pool."""
        return None if self.dc is None else self.total >= self.dc


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
    """A whole roll: every pool, the plot die if any, and the DC it was rolled against."""

    spec: RollSpec
    pools: tuple[PoolResult, ...]
    plot: PlotResult | None = None
    dc: int | None = None

    @classmethod
    def settle(
        cls,
        spec: RollSpec,
        dice: tuple[tuple[DieResult, ...], ...],
        plot: PlotResult | None,
        dc: int | None,
    ) -> RollResult:
        """Build the result, applying the plot bonus and the DC to the pools they concern."""
        bonus = plot.bonus if plot else 0
        skills = [pool.skill for pool in spec.pools]
        dc_all = not any(skills)
        build = _build_pool  # PoolResult(...), built faster
        pools: list[PoolResult] = []
        for pool, faces, skill in zip(spec.pools, dice, skills, strict=True):
            pools.append(build(pool, faces, bonus if skill else 0,
                               dc if (skill or dc_all) else None))
        if cls is RollResult:
            return _build_roll(spec, tuple(pools), plot, dc)
        return cls(spec, tuple(pools), plot, dc)

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
        return RollResult.settle(spec, dice, plot, self.dc)



def _slot_builder(cls: type[_T], names: tuple[str, str, str, str]) -> Callable[..., _T]:
    """A faster ``cls(a, b, c, d)`` for a frozen, slotted dataclass with fields ``names``.

    A frozen dataclass's ``__init__`` stores each field with ``object.__setattr__(self, name,
    value)``, which looks the slot up by name every time; storing through the slots'
    descriptors, looked up once here, builds the very same object in about 60% of the time
    (a roll builds up to 200 dice). If the class ever gains or reorders a field, loses its
    slots, or gets a ``__post_init__``, the builder is the class itself.
    """
    if (
        tuple(field.name for field in fields(cast(Any, cls))) != names
        or hasattr(cls, "__post_init__")
        or not all(isinstance(vars(cls).get(name), MemberDescriptorType) for name in names)
    ):
        return cls
    new = object.__new__
    set_a, set_b, set_c, set_d = (vars(cls)[name].__set__ for name in names)

    def build(a: object, b: object, c: object, d: object) -> _T:
        value = new(cls)
        set_a(value, a)
        set_b(value, b)
        set_c(value, c)
        set_d(value, d)
        return value

    return build


build_die: Callable[[int, DieMode, int, int | None], DieResult] = _slot_builder(
    DieResult, ("sides", "mode", "kept", "dropped")
)
"""``build_die(sides, mode, kept, dropped)`` is ``DieResult(sides, mode, kept, dropped)``."""
_build_pool: Callable[[PoolSpec, tuple[DieResult, ...], int, int | None], PoolResult] = (
    _slot_builder(PoolResult, ("spec", "dice", "plot_bonus", "dc"))
)
_build_roll: Callable[
    [RollSpec, tuple[PoolResult, ...], PlotResult | None, int | None], RollResult
] = _slot_builder(RollResult, ("spec", "pools", "plot", "dc"))
