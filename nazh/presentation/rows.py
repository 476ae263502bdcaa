"""What a roll looks like in any medium (given its :class:`Markup`): rows, marks and legend."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, HIGHEST_FACE, LOWEST_FACE
from nazh.domain.results import DieResult, PlotResult, PoolResult, RollResult
from nazh.domain.spec import DieMode
from nazh.presentation.i18n import N_, _

OPPORTUNITY = "(O)"
COMPLICATION = "!!(T)"
FLOORED = "(M)"
KEPT_HIGH = "↑"
KEPT_LOW = "↓"

LEGEND = {
    KEPT_HIGH: N_("↑/↓ kept die of advantage/disadvantage, the other in ( )"),
    COMPLICATION: N_("!!(T) Complication"),
    OPPORTUNITY: N_("(O) Opportunity"),
    FLOORED: N_("(M) raised to the minimum of 1"),
    "P": N_("(+NP) plot die bonus included"),
}
KEPT_LEGEND = {
    DieMode.ADVANTAGE: N_("↑ advantage, the other die in ( )"),
    DieMode.DISADVANTAGE: N_("↓ disadvantage, the other die in ( )"),
}
"""The kept die's mark explained by its mode: a line on a phone where both take two."""


class Markup(Protocol):
    """How a medium shows emphasis."""

    def strong(self, text: str) -> str:
        """Bold text (totals, a die's highest face)."""
        ...

    def emphasis(self, text: str) -> str:
        """Italic text (a die showing 1)."""
        ...


class PlainMarkup:
    """No emphasis at all."""

    def strong(self, text: str) -> str:
        """``text`` unchanged."""
        return text

    def emphasis(self, text: str) -> str:
        """``text`` unchanged."""
        return text


class Row(NamedTuple):
    """One line of a result: Total | Pool | Rolls."""

    total: str
    pool: str
    rolls: str


# a Row made without its constructor's call: a frozen dataclass's took a fifth of a pool's row
_tuple_new = tuple.__new__


def result_rows(result: RollResult, markup: Markup) -> list[Row]:
    """The rows of a result in the order the pools were typed (the plot die in its place)."""
    rows = []
    for pool in result.pools:
        rows.append(pool_row(pool, markup))
    if result.plot is not None:
        rows.insert(result.spec.plot_position, plot_row(result.plot, markup))
    return rows


def pool_row(pool: PoolResult, markup: Markup) -> Row:
    """``**27** (+4P) | a1d20+5 | [18↑(3)]`` and its marks."""
    total = pool.total
    shown = markup.strong(str(total))
    bonus = pool.plot_bonus
    if bonus:
        shown += f" (+{bonus}P)"
    if total == 1 and pool.floored:  # only a total of 1 can have been raised to it
        shown += f" {FLOORED}"
    faces = []
    for die in pool.dice:  # a plain face is its number: no call for most dice
        kept = die.kept
        faces.append(str(kept) if die.dropped is None and kept not in (1, die.sides)
                     else die_text(die, markup))
    marks = " ".join([OPPORTUNITY] * pool.opportunities + [COMPLICATION] * pool.complications)
    return _tuple_new(Row, (shown, pool.spec.notation,
                            f"[{', '.join(faces)}] {marks}".rstrip()))


def plot_row(plot: PlotResult, markup: Markup) -> Row:
    """The plot die's row: its outcome in the Total column, its face(s) in Rolls."""
    notation = f"{plot.mode.tag}p"
    if plot.pending:
        faces = " or ".join(f"{face} {plot_face_label(face)}" for face in plot.faces)
        return Row("choose", notation, f"[{faces}]")
    kept = plot.kept_index or 0
    shown = markup.strong(str(plot.faces[kept]))
    if len(plot.faces) > 1:
        shown += f" kept, {plot.faces[1 - kept]} dropped"
    return Row(plot_face_label(plot.faces[kept]), notation, f"[{shown}]")


def plot_face_label(face: int) -> str:
    """``!!(T) +4``, ``(O)`` or ``blank`` for a plot die face."""
    outcome, bonus = plot_face(face)
    if outcome is PlotOutcome.COMPLICATION:
        return f"{COMPLICATION} +{bonus}"
    if outcome is PlotOutcome.OPPORTUNITY:
        return OPPORTUNITY
    return _("blank")


def die_text(die: DieResult, markup: Markup) -> str:
    """``18``, ``18↑(3)`` or ``3↓(18)``, the kept face bold at the die's highest, italic at 1."""
    kept = die.kept
    if kept == die.sides:
        shown = markup.strong(str(kept))
    elif kept == 1:
        shown = markup.emphasis(str(kept))
    else:
        shown = str(kept)
    if die.dropped is None:
        return shown
    arrow = KEPT_HIGH if die.mode is DieMode.ADVANTAGE else KEPT_LOW
    return f"{shown}{arrow}({die.dropped})"


def ranges_line(result: RollResult) -> str | None:
    """``Opportunity on 19-20 · Complication on 1-2``, or ``None`` with the default ranges."""
    ranges = result.ranges
    if ranges is DEFAULT_RANGES:
        return None
    parts = []
    if ranges.opportunity != HIGHEST_FACE:
        parts.append(_("Opportunity on {low}-{high}").format(low=ranges.opportunity,
                                                              high=HIGHEST_FACE))
    if ranges.complication != LOWEST_FACE:
        parts.append(_("Complication on {low}-{high}").format(low=LOWEST_FACE,
                                                               high=ranges.complication))
    return " · ".join(parts) or None


def dc_line(result: RollResult) -> str | None:
    """``DC 15: success`` (or per pool when several pools face the DC)."""
    dc = result.dc
    if dc is None:
        return None
    judged = [pool for pool in result.pools if pool.dc is not None]  # those with a verdict
    if not judged:
        return None
    if result.pending:
        return _("DC {dc}: waiting for the plot die").format(dc=dc)
    if len(judged) == 1:
        return _("DC {dc}: {verdict}").format(dc=dc, verdict=_verdict(judged[0].success))
    verdicts = ", ".join(
        f"{pool.spec.notation} {_verdict(pool.success)}" for pool in judged
    )
    return _("DC {dc}: {verdict}").format(dc=dc, verdict=verdicts)


def _verdict(success: bool | None) -> str:
    return _("success") if success else _("failure")


def legend(result: RollResult) -> list[str]:
    """The explanation of every mark the result shows, in a fixed order."""
    dropped = floored = bonus = False
    for pool in result.pools:
        for die in pool.dice:
            if die.dropped is not None:
                dropped = True
        # floored only under a negative modifier (faces are at least 1, a plot bonus at
        # least 0): most pools are not asked (floored is a property's call)
        floored = floored or (pool.spec.modifier < 0 and pool.floored)
        bonus = bonus or bool(pool.plot_bonus)
    # the roll's luck counts its pools' marks and its settled plot face; a pending plot die
    # shows both its faces
    opportunities, complications = result.luck
    plot = result.plot
    faces = [] if plot is None else _pending_outcomes(plot)
    used: list[str] = []
    if dropped:
        used.append(_(LEGEND[KEPT_HIGH]))
    if complications or PlotOutcome.COMPLICATION in faces:
        used.append(_(LEGEND[COMPLICATION]))
    if opportunities or PlotOutcome.OPPORTUNITY in faces:
        used.append(_(LEGEND[OPPORTUNITY]))
    if floored:
        used.append(_(LEGEND[FLOORED]))
    if bonus:
        used.append(_(LEGEND["P"]))
    return used


def marks_legend(result: RollResult) -> list[str]:
    """:func:`legend` with the kept die's mark explained for the modes present only."""
    used = legend(result)
    modes = {die.mode for pool in result.pools for die in pool.dice if die.dropped is not None}
    if not modes:
        return used
    kept = [_(KEPT_LEGEND[mode]) for mode in (DieMode.ADVANTAGE, DieMode.DISADVANTAGE)
            if mode in modes]
    return [*kept, *used[1:]]  # the kept mark leads legend()'s list when present


def _pending_outcomes(plot: PlotResult) -> list[PlotOutcome]:
    if not plot.pending:
        return []
    return [plot_face(face)[0] for face in plot.faces]


UNREADABLE = "(unreadable record)"


def totals_summary(result: RollResult | None) -> str:
    """``23, 9 · plot opportunity``: a roll in a line of history (``None``: unreadable)."""
    if result is None:
        return UNREADABLE
    totals = ", ".join(str(pool.total) for pool in result.pools)
    plot = result.plot
    if plot is not None and plot.pending:
        return f"{totals} (plot face pending)".lstrip()
    if plot is not None and plot.outcome is not None:
        return f"{totals} · plot {plot.outcome.value}".lstrip(" ·")
    return totals
