"""The roll builder: a staged roll edited one control at a time, then rolled."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from nazh.application.admission.gate import InteractionMetrics
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.errors import NotYourRollError
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Roller, RollRecord, RollRequest
from nazh.application.saved.shelves import SavedRolls
from nazh.domain import limits
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.domain.spec import DieMode

DIE_CHOICES = (4, 6, 8, 10, 12, 20, 100)
DEFAULT_SIDES = 20
BUILDER_MAX_MODIFIER = 99


class BuilderAction(Enum):
    SET_DIE = "die"
    DICE_MINUS = "n-"
    DICE_PLUS = "n+"
    MOD_MINUS = "m-"
    MOD_PLUS = "m+"
    ADVANTAGE = "adv"
    DISADVANTAGE = "dis"
    PLOT = "plot"
    ADD_POOL = "add"
    REMOVE_LAST = "del"
    CLEAR = "clr"


@dataclass(frozen=True, slots=True)
class StagedPool:
    """One pool being built; ``mode`` applies to its first die (``a1d20``, ``d1d20``)."""

    count: int = 1
    sides: int = DEFAULT_SIDES
    modifier: int = 0
    mode: DieMode = DieMode.NORMAL

    @property
    def notation(self) -> str:
        """E.g. ``a1d20+5``."""
        modifier = f"{self.modifier:+d}" if self.modifier else ""
        return f"{self.mode.tag}{self.count}d{self.sides}{modifier}"


_PLOT_CYCLE = {None: DieMode.NORMAL, DieMode.NORMAL: DieMode.ADVANTAGE,
               DieMode.ADVANTAGE: DieMode.DISADVANTAGE, DieMode.DISADVANTAGE: None}


# Each control is a pure transition, so a front end keeps the state anywhere (Discord: in custom
# ids, surviving restarts).
@dataclass(frozen=True, slots=True)
class BuilderState:
    """Up to five staged pools (the plot die included); the last pool is the one edited."""

    pools: tuple[StagedPool, ...] = (StagedPool(),)
    plot: DieMode | None = None

    @property
    def current(self) -> StagedPool:
        """The pool the controls edit."""
        return self.pools[-1]

    @property
    def notation(self) -> str:
        """The staged roll, e.g. ``a1d20+5, 2d6, p``."""
        parts = [pool.notation for pool in self.pools]
        if self.plot is not None:
            parts.append(f"{self.plot.tag}p")
        return ", ".join(parts)

    @property
    def pool_count(self) -> int:
        return len(self.pools) + (self.plot is not None)

    def can(self, action: BuilderAction) -> bool:
        """Whether a control would change anything (else the front end disables it)."""
        pool = self.current
        return {
            BuilderAction.DICE_MINUS: pool.count > limits.MIN_DICE,
            BuilderAction.DICE_PLUS: pool.count < limits.MAX_DICE,
            BuilderAction.MOD_MINUS: pool.modifier > -BUILDER_MAX_MODIFIER,
            BuilderAction.MOD_PLUS: pool.modifier < BUILDER_MAX_MODIFIER,
            BuilderAction.PLOT: self.plot is not None or self.pool_count < limits.MAX_POOLS,
            BuilderAction.ADD_POOL: self.pool_count < limits.MAX_POOLS,
            BuilderAction.REMOVE_LAST: len(self.pools) > 1,
            BuilderAction.CLEAR: self != BuilderState(),
        }.get(action, True)

    def apply(self, action: BuilderAction, value: int | None = None) -> BuilderState:
        """The state after pressing ``action`` (a control that cannot apply changes nothing)."""
        if not self.can(action):
            return self
        if action is BuilderAction.SET_DIE:
            sides = value if value in DIE_CHOICES else DEFAULT_SIDES
            return self._edit(sides=sides)
        if action in _POOL_STEPS:
            field, step = _POOL_STEPS[action]
            return self._edit(**{field: getattr(self.current, field) + step})
        if action in (BuilderAction.ADVANTAGE, BuilderAction.DISADVANTAGE):
            mode = DieMode.ADVANTAGE if action is BuilderAction.ADVANTAGE else DieMode.DISADVANTAGE
            return self._edit(mode=DieMode.NORMAL if self.current.mode is mode else mode)
        return self._apply_structure(action)

    def _apply_structure(self, action: BuilderAction) -> BuilderState:
        if action is BuilderAction.PLOT:
            return replace(self, plot=_PLOT_CYCLE[self.plot])
        if action is BuilderAction.ADD_POOL:
            return replace(self, pools=(*self.pools, StagedPool()))
        if action is BuilderAction.REMOVE_LAST:
            return replace(self, pools=self.pools[:-1])
        return BuilderState()

    def _edit(self, **changes: object) -> BuilderState:
        return replace(self, pools=(*self.pools[:-1], replace(self.current, **changes)))  # type: ignore[arg-type]

    @classmethod
    def from_notation(cls, notation: str) -> BuilderState:
        """A builder prefilled with a roll, or the default one when the roll cannot be staged."""
        try:
            # the builder has only d4-d100, one tag on the first die and modifiers up to 99
            spec = parse_roll(notation)
        except NazhError:
            return cls()
        pools: list[StagedPool] = []
        for pool in spec.pools:
            if (pool.sides not in DIE_CHOICES or abs(pool.modifier) > BUILDER_MAX_MODIFIER
                    or any(mode is not DieMode.NORMAL for mode in pool.modes[1:])):
                return cls()
            pools.append(StagedPool(pool.count, pool.sides, pool.modifier, pool.modes[0]))
        if not pools:
            return cls(plot=spec.plot.mode if spec.plot else None)
        return cls(tuple(pools), spec.plot.mode if spec.plot else None)


_POOL_STEPS = {
    BuilderAction.DICE_MINUS: ("count", -1),
    BuilderAction.DICE_PLUS: ("count", 1),
    BuilderAction.MOD_MINUS: ("modifier", -1),
    BuilderAction.MOD_PLUS: ("modifier", 1),
}


class Builders:
    """The builder's use cases: open one, press its controls, roll what it staged."""

    def __init__(self, table: RollActions, saved: SavedRolls,
                 metrics: InteractionMetrics) -> None:
        self._table = table
        self._saved = saved
        self._metrics = metrics

    async def open(self, pool: str, user_id: int, *, add_plot: bool = False,
                   channel_id: int | None = None, guild_id: int | None = None) -> BuilderState:
        """A builder prefilled with ``pool`` (or a saved ``@name``); counted as a session."""
        state = BuilderState.from_notation(
            await self._saved.resolve(user_id, pool, channel_id, guild_id))
        if add_plot and state.plot is None:
            state = state.apply(BuilderAction.PLOT)
        self._metrics.builder_opened()
        return state

    def press(self, owner_id: int, user_id: int, state: BuilderState, action: BuilderAction,
              value: int | None = None) -> BuilderState:
        """The state after ``user_id`` pressed ``action`` on ``owner_id``'s builder."""
        _check_owner(owner_id, user_id)
        return state.apply(action, value)

    async def roll(self, owner_id: int, roller: Roller, state: BuilderState, *,
                   received: float | None = None) -> RollRecord:
        """Roll the staged roll publicly (counted as a builder roll)."""
        _check_owner(owner_id, roller.user_id)
        return await self._table.roll(RollRequest(state.notation, roller,
                                                  source=RollSource.BUILDER, received=received))


def _check_owner(owner_id: int, user_id: int) -> None:
    if user_id != owner_id:
        raise NotYourRollError("only the person who opened this builder can use it",
                               hint="open your own with /roll build:true")
