"""What advantage, disadvantage and rerolls changed on a posted roll, in words."""

from __future__ import annotations

from collections.abc import Sequence

from nazh.domain.amend import PLOT, DieChange
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.presentation.i18n import N_, _

MODES = {DieMode.ADVANTAGE: N_("advantage"), DieMode.DISADVANTAGE: N_("disadvantage"),
         DieMode.NORMAL: N_("normal")}
"""Each die mode as a line says it."""


def mode_word(mode: DieMode) -> str:
    """``advantage``, in the language spoken here."""
    return _(MODES[mode])


def die_name(result: RollResult, pool: int, die: int) -> str:
    """``pool 1 d20`` (with the die's place when the pool has several), or ``plot die``."""
    if pool == PLOT or not 0 <= pool < len(result.pools):
        return _("plot die")
    spec = result.pools[pool].spec
    place = f" #{die + 1}" if spec.count > 1 else ""
    return _("pool {n}").format(n=pool + 1) + f" d{spec.sides}{place}"


def cancellation_text(result: RollResult, change: DieChange) -> str:
    """``disadvantage cancelled the advantage on pool 1 d20``."""
    return _("{cancelling} cancelled the {cancelled} on {die}").format(
        cancelling=mode_word(change.cancelling), cancelled=mode_word(change.cancelled),
        die=die_name(result, change.pool, change.die))


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
                what = _("{cancelling} cancelled the {cancelled}, back to {face}")
            else:
                what = _("{cancelling} cancelled the typed {cancelled}, kept {face} (one of its "
                         "two faces, at random)")
            said = what.format(cancelling=mode_word(change.cancelling),
                               cancelled=mode_word(change.cancelled), face=change.faces[0])
            lines.append(f"↔️ {name}: {said} (<@{change.by}>)")
            applied.discard(at)
        elif change.reroll:
            lines.append(f"🎲 {name}: " + _("{face} rerolled → {new}").format(
                face=change.faces[0], new=change.faces[1]) + f" (<@{change.by}>)")
            applied.discard(at)
        else:
            applied.add(at)
            lines.append(_applied(name, change))
    return lines


def _applied(name: str, change: DieChange) -> str:
    word = mode_word(change.mode)
    faces = ", ".join(str(face) for face in change.faces)
    if change.pending:
        return (f"⏳ {name}: {change.faces[0]} → [{faces}] ({word}): "
                + _("{who} chooses which to keep").format(who=f"<@{change.by}>"))
    return (f"🔁 {name}: {change.faces[0]} → [{faces}], "
            + _("kept {face} ({mode}, chosen by {who})").format(
                face=change.face, mode=word, who=f"<@{change.by}>"))
