"""Terminal text: the result table of a roll and the odds with their histograms."""

from __future__ import annotations

from nazh.domain.odds import PoolOdds, RollOdds
from nazh.domain.results import RollResult
from nazh.presentation.odds_json import odds_notes
from nazh.presentation.odds_text import (
    Bin,
    bar,
    format_percent,
    histogram,
    pool_summary,
    story_summary,
)
from nazh.presentation.rows import (
    Markup,
    PlainMarkup,
    Row,
    dc_line,
    legend,
    plot_face_label,
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
    """The result as an aligned terminal table, then the DC verdict and the legend."""
    plain = result_rows(result, PlainMarkup())
    shown = result_rows(result, markup)
    header = Row("Total", "Pool", "Rolls")
    widths = [max(len(getattr(row, name)) for row in [header, *plain]) for name in
              ("total", "pool")]
    lines = [_line(header, header, widths)]
    lines += [_line(row, bare, widths) for row, bare in zip(shown, plain, strict=True)]
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


BAR_WIDTH = 32


MEETS_DC = "✓"


def render_odds(odds: RollOdds) -> str:
    """The odds as terminal text: the roll, the story odds, then each pool and its histogram."""
    title = f"Odds of {odds.spec.notation}"
    if odds.dc is not None:
        title += f" against DC {odds.dc}"
    lines = [title, story_summary(odds)]
    lines += [f"Note: {note}." for note in odds_notes(odds)]
    for pool in odds.pools:
        lines += ["", *render_pool(pool)]
    return "\n".join(lines) + "\n"


def render_pool(pool: PoolOdds) -> list[str]:
    """A pool's heading, its summary and its histogram rows."""
    heading = pool.spec.notation
    if pool.plot_bonus:
        heading += " (plot die bonus included)"
    if not pool.exact:
        heading += " (floating point)"
    bins = histogram(pool)
    return [heading, f"  {pool_summary(pool)}", *histogram_lines(bins)]


def histogram_lines(bins: list[Bin]) -> list[str]:
    """``  15-16 ✓ ██████▌   10.25%``: label, DC mark, bar scaled to the tallest row, percent."""
    tallest = max(b.probability for b in bins) or 1.0
    label_width = max(len(b.label) for b in bins)
    marks = any(b.meets_dc for b in bins)
    lines = []
    for row in bins:
        mark = (MEETS_DC if row.meets_dc else " ") + " " if marks else ""
        drawn = bar(row.probability / tallest, BAR_WIDTH).ljust(BAR_WIDTH)
        chance = format_percent(row.probability, possible=True, certain=len(bins) == 1)
        lines.append(f"  {row.label.rjust(label_width)} {mark}{drawn} {chance}")
    return lines
