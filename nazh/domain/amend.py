"""Advantage and disadvantage applied to one die of a posted roll (the Cosmere rules).

After a test is posted, advantage (the roller) or disadvantage (a GM) may be applied to ONE die
of the roll that has none yet: a d20, a damage die or the plot die. The die is rolled again and
the person who applied it CHOOSES which of the two results to keep (not necessarily the better
one). Each die takes one advantage; a disadvantage applied to a die that got its advantage this
way cancels it: the die goes back to the face it showed before.

A change is pending from the reroll until the choice; the roll's totals, Opportunities,
Complications and DC verdicts follow the kept faces.

Where a server allows it (talents, house rules), a die may also be rerolled outright: the new
face replaces the old one, once per die.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.errors import RollStateError
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.rolling import RandomSource
from nazh.domain.spec import PLOT_DIE_SIDES, DieMode

PLOT = -1
"""The ``pool`` of a change to the plot die."""


@dataclass(frozen=True, slots=True)
class DieChange:
    """Advantage or disadvantage applied to one die after the roll.

    Attributes:
        pool: 0-based pool index (:data:`PLOT` for the plot die).
        die: 0-based die index within the pool (0 for the plot die).
        mode: ADVANTAGE or DISADVANTAGE; NORMAL: a cancellation (one face: the one kept) or
            a reroll (two faces, the second kept).
        faces: the face the die showed, and the new roll (one face for a cancellation).
        by: who applied it (the one who chooses).
        kept: the index of the kept face in ``faces`` (``None`` while pending).
    """

    pool: int
    die: int
    mode: DieMode
    faces: tuple[int, ...]
    by: int
    kept: int | None = None

    @property
    def pending(self) -> bool:
        """Rolled again, waiting for the choice."""
        return self.kept is None

    @property
    def face(self) -> int | None:
        """The kept face (``None`` while pending)."""
        return None if self.kept is None else self.faces[self.kept]


@dataclass(frozen=True, slots=True)
class DieRef:
    """A die of a roll that can take a change, with what it shows now."""

    pool: int
    die: int
    sides: int
    face: int
    cancels: bool = False
    """A disadvantage here cancels the advantage applied after posting."""


def eligible(result: RollResult, changes: tuple[DieChange, ...],
             mode: DieMode) -> list[DieRef]:
    """The dice that can take ``mode`` now (none while a change or a plot face is pending)."""
    if result.pending or any(change.pending for change in changes):
        return []
    changed = {(c.pool, c.die): c for c in changes}
    found: list[DieRef] = []
    for p, pool in enumerate(result.pools):
        for d, die in enumerate(pool.dice):
            ref = _eligible(changed.get((p, d)), die.mode, mode, (p, d), die.sides, die.kept)
            if ref is not None:
                found.append(ref)
    plot = result.plot
    if plot is not None and plot.face is not None:
        ref = _eligible(changed.get((PLOT, 0)), plot.mode, mode, (PLOT, 0), PLOT_DIE_SIDES,
                        plot.face)
        if ref is not None:
            found.append(ref)
    return found


def _eligible(change: DieChange | None, current: DieMode, wanted: DieMode,
              at: tuple[int, int], sides: int, face: int) -> DieRef | None:
    pool, die = at
    if change is None:
        return DieRef(pool, die, sides, face) if current is DieMode.NORMAL else None
    if (change.mode is DieMode.ADVANTAGE and wanted is DieMode.DISADVANTAGE
            and not change.pending):
        return DieRef(pool, die, sides, face, cancels=True)
    return None


def apply(result: RollResult, changes: tuple[DieChange, ...], at: tuple[int, int],
          mode: DieMode, by: int, rng: RandomSource) -> tuple[DieChange, ...]:
    """Apply ``mode`` to one die: it is rolled again and the change waits for ``by``'s
    choice; or, a disadvantage on a die that got advantage after posting, the two cancel and
    the die goes back to the face it showed before (settled at once).

    Raises:
        RollStateError: the die cannot take it (already has one, does not exist, or something
            is pending).
    """
    pool, die = at
    ref = next((r for r in eligible(result, changes, mode)
                if (r.pool, r.die) == (pool, die)), None)
    if ref is None:
        word = "advantage" if mode is DieMode.ADVANTAGE else "disadvantage"
        raise RollStateError(f"that die cannot take {word} now",
                             hint="each die takes one advantage or disadvantage")
    if ref.cancels:
        earlier = next(c for c in changes if (c.pool, c.die) == (pool, die))
        cancelled = DieChange(pool, die, DieMode.NORMAL, (earlier.faces[0],), by, kept=0)
        return (*(c for c in changes if c is not earlier), cancelled)
    return (*changes, DieChange(pool, die, mode, (ref.face, rng.roll(ref.sides)), by))


def rerollable(result: RollResult, changes: tuple[DieChange, ...]) -> list[DieRef]:
    """The dice that may be rerolled now: any die (or the settled plot die) not rerolled yet,
    while nothing is pending."""
    if result.pending or any(change.pending for change in changes):
        return []
    done = {(c.pool, c.die) for c in changes if c.mode is DieMode.NORMAL and len(c.faces) == 2}
    found = [DieRef(p, d, die.sides, die.kept) for p, pool in enumerate(result.pools)
             for d, die in enumerate(pool.dice) if (p, d) not in done]
    plot = result.plot
    if plot is not None and plot.face is not None and (PLOT, 0) not in done:
        found.append(DieRef(PLOT, 0, PLOT_DIE_SIDES, plot.face))
    return found


def reroll(result: RollResult, changes: tuple[DieChange, ...], pool: int, die: int, by: int,
           rng: RandomSource) -> tuple[DieChange, ...]:
    """Roll one die again; the new face replaces the old one (settled at once).

    Raises:
        RollStateError: the die was rerolled already, does not exist, or something is pending.
    """
    ref = next((r for r in rerollable(result, changes) if (r.pool, r.die) == (pool, die)), None)
    if ref is None:
        raise RollStateError("that die cannot be rerolled now",
                             hint="each die is rerolled at most once")
    return (*changes, DieChange(pool, die, DieMode.NORMAL, (ref.face, rng.roll(ref.sides)), by,
                                kept=1))


def choose(changes: tuple[DieChange, ...], index: int) -> tuple[DieChange, ...]:
    """Keep face ``index`` (0 or 1) of the pending change.

    Raises:
        RollStateError: nothing is pending, or ``index`` is not 0 or 1.
    """
    pending = next((c for c in changes if c.pending), None)
    if pending is None:
        raise RollStateError("no die is waiting for a choice")
    if index not in (0, 1):
        raise RollStateError(f"choose the first or the second face (got {index + 1})")
    return tuple(replace(c, kept=index) if c is pending else c for c in changes)


def settled(base: RollResult, changes: tuple[DieChange, ...]) -> RollResult:
    """``base`` (the roll as posted) with every chosen change applied to its dice."""
    if not changes:
        return base
    chosen = {(c.pool, c.die): c for c in changes if not c.pending}
    dice = tuple(
        tuple(_die(die, chosen.get((p, d))) for d, die in enumerate(pool.dice))
        for p, pool in enumerate(base.pools))
    plot = base.plot
    change = chosen.get((PLOT, 0))
    if plot is not None and change is not None:
        plot = (PlotResult(DieMode.NORMAL, (change.faces[change.kept or 0],), 0)
                if change.mode is DieMode.NORMAL
                else PlotResult(change.mode, change.faces, change.kept))
    return RollResult.settle(base.spec, dice, plot, base.dc, base.ranges)


def _die(die: DieResult, change: DieChange | None) -> DieResult:
    if change is None or change.kept is None:
        return die
    if change.mode is DieMode.NORMAL:
        return DieResult(die.sides, DieMode.NORMAL, change.faces[change.kept])
    return DieResult(die.sides, change.mode, change.faces[change.kept],
                     change.faces[1 - change.kept])
