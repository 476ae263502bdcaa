"""Use cases around one roll: roll a notation, add a plot die, choose a plot face."""

from __future__ import annotations

from nazh.domain import amend
from nazh.domain.amend import DieChange
from nazh.domain.injury import InjuryTerms, roll_injury
from nazh.domain.limits import MIN_DC
from nazh.domain.notation import add_plot_die, parse_roll
from nazh.domain.physical import TableDice, check_faces
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import RollResult
from nazh.domain.rolling import RandomSource, check_dc, check_judged, roll, roll_plot
from nazh.domain.spec import DieMode, PlotSpec


class RollDice:
    """Parse, validate and roll a whole notation as one transaction."""

    def __init__(self, rng: RandomSource) -> None:
        self._rng = rng

    def __call__(
        self, notation: str, *, add_plot: bool = False, dc: int | None = None,
        ranges: Ranges = DEFAULT_RANGES, least_dc: int = MIN_DC,
        faces: tuple[int, ...] | None = None,
    ) -> RollResult:
        """Roll ``notation`` (``faces``: dice rolled at the table); all is checked before a die is
        rolled."""
        if dc is not None:
            # least_dc: an attack's defense may be 0
            check_dc(dc, least=least_dc)
        spec = parse_roll(notation, add_plot=add_plot)
        check_judged(spec, dc)
        if faces is not None:
            check_faces(spec, faces)
            return roll(spec, TableDice(faces), dc, ranges)
        return roll(spec, self._rng, dc, ranges)

    def injury(self, terms: InjuryTerms) -> RollResult:
        """An injury roll, its terms checked before any die is rolled."""
        return roll_injury(terms.check(), self._rng)

    def add_plot_die(self, result: RollResult) -> RollResult:
        """Roll ONLY a plain plot die for an existing roll and apply its bonus."""
        add_plot_die(result.spec)
        return result.with_plot(roll_plot(PlotSpec(), self._rng))

    @staticmethod
    def choose_plot_face(result: RollResult, index: int) -> RollResult:
        """Settle a pending plot die by keeping face ``index`` (0-based)."""
        return result.choose_plot_face(index)

    def apply_mode(self, result: RollResult, changes: tuple[DieChange, ...], pool: int,
                   die: int, mode: DieMode, by: int) -> tuple[RollResult, tuple[DieChange, ...]]:
        """Advantage or disadvantage on one die of a posted roll: rolled again, or both cancel."""
        changed = amend.apply(result, changes, (pool, die), mode, by, self._rng)
        return amend.settled(result, changed), changed

    @staticmethod
    def keep_die_face(result: RollResult, changes: tuple[DieChange, ...],
                      index: int) -> tuple[RollResult, tuple[DieChange, ...]]:
        """Keep face ``index`` (0 or 1) of the die waiting for a choice."""
        changed = amend.choose(changes, index)
        return amend.settled(result, changed), changed

    def reroll_die(self, result: RollResult, changes: tuple[DieChange, ...], pool: int,
                   die: int, by: int) -> tuple[RollResult, tuple[DieChange, ...]]:
        """Roll one die again, the new face replacing the old (a server's allow-reroll)."""
        changed = amend.reroll(result, changes, pool, die, by, self._rng)
        return amend.settled(result, changed), changed
