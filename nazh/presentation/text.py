"""Terminal text: the result table of a roll (``nazh odds`` is drawn by :mod:`.odds_text`)."""

from __future__ import annotations

from nazh.domain.results import RollResult
from nazh.presentation.rows import (
    Markup,
    PlainMarkup,
    Row,
    dc_line,
    legend,
    plot_face_label,
    ranges_line,
    result_rows,
)


class AnsiMarkup:
    """Bold and italic through ANSI escape codes, for a terminal."""

    def strong(self, text: str) -> str:
        """Bold."""
        return f"\x1b[1m{text}\x1b[22m"

    def emphasis(self, text: str) -> str:
        """Italic."""
        return f"\x1b[3m{text}\x1b[23m"


def describe_option(option: RollResult) -> str:
    """``face 2, !!(T) +4: totals 27, 9``."""
    face = option.plot.face if option.plot and option.plot.face else 0
    totals = ", ".join(str(pool.total) for pool in option.pools)
    return f"face {face}, {plot_face_label(face)}" + (f": totals {totals}" if totals else "")


def render_result(result: RollResult, markup: Markup) -> str:
    """The result as an aligned terminal table, then its ranges, DC verdict and legend."""
    plain = result_rows(result, PlainMarkup())
    shown = result_rows(result, markup)
    header = Row("Total", "Pool", "Rolls")
    widths = [max(len(getattr(row, name)) for row in [header, *plain]) for name in
              ("total", "pool")]
    lines = [_line(header, header, widths)]
    lines += [_line(row, bare, widths) for row, bare in zip(shown, plain, strict=True)]
    ranges = ranges_line(result)
    if ranges:
        lines.append(ranges)
    if result.pending:
        lines.append("Plot die: two faces rolled, one is to be chosen:")
        lines += [f"  {n}) {describe_option(o)}" for n, o in
                  enumerate(result.plot_options(), start=1)]
    verdict = dc_line(result)
    if verdict:
        lines.append(verdict)
    marks = legend(result)
    if marks:
        lines.append("Legend: " + "; ".join(marks))
    return "\n".join(lines) + "\n"


def _line(row: Row, bare: Row, widths: list[int]) -> str:
    total = row.total + " " * (widths[0] - len(bare.total))
    pool = row.pool + " " * (widths[1] - len(bare.pool))
    return f"{total} | {pool} | {row.rolls}"

