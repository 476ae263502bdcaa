"""What advantage, disadvantage and rerolls changed on a posted roll, in words."""

from __future__ import annotations

from collections.abc import Sequence

from nazh.domain.amend import PLOT, DieChange
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode


def die_name(result: RollResult, pool: int, die: int) -> str:
    """``pool 1 d20`` (with the die's place when the pool has several), or ``plot die``."""
    if pool == PLOT or not 0 <= pool < len(result.pools):
        return "plot die"
    spec = result.pools[pool].spec
    place = f" #{die + 1}" if spec.count > 1 else ""
    return f"pool {pool + 1} d{spec.sides}{place}"


def cancellation_text(result: RollResult, change: DieChange) -> str:
    """``disadvantage cancelled the advantage on pool 1 d20``."""
    return (f"{change.cancelling.value} cancelled the {change.cancelled.value} on "
            f"{die_name(result, change.pool, change.die)}")


def cancellations(result: RollResult, changes: Sequence[DieChange]) -> list[str]:
    """Every cancellation among ``changes``, in words, oldest first."""
    return [cancellation_text(result, change) for change in changes if change.cancellation]


def change_lines(result: RollResult, changes: Sequence[DieChange]) -> list[str]:
    """One line per change after the roll: ``🔁 pool 1 d20: 7 → [7, 15], kept 15 (...)``."""
    lines = []
    # the dice whose net mode came from a change after posting (not their typed tag)
    applied: set[tuple[int, int]] = set()
    for change in changes:
        at = (change.pool, change.die)
        name = die_name(result, *at)
        if change.cancellation:
            if at in applied or change.mode is DieMode.NORMAL:  # NORMAL: an older record
                what = f"the {change.cancelled.value}, back to {change.faces[0]}"
            else:
                what = (f"the typed {change.cancelled.value}, kept {change.faces[0]} (one of "
                        "its two faces, at random)")
            lines.append(f"↔️ {name}: {change.cancelling.value} cancelled {what} "
                         f"(<@{change.by}>)")
            applied.discard(at)
        elif change.reroll:
            lines.append(f"🎲 {name}: {change.faces[0]} rerolled → {change.faces[1]} "
                         f"(<@{change.by}>)")
            applied.discard(at)
        else:
            applied.add(at)
            lines.append(_applied(name, change))
    return lines


def _applied(name: str, change: DieChange) -> str:
    word = change.mode.value
    faces = ", ".join(str(face) for face in change.faces)
    if change.pending:
        return (f"⏳ {name}: {change.faces[0]} → [{faces}] ({word}): <@{change.by}> chooses "
                "which to keep")
    return (f"🔁 {name}: {change.faces[0]} → [{faces}], kept {change.face} ({word}, chosen by "
            f"<@{change.by}>)")
