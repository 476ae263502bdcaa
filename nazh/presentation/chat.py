"""Chat-message building blocks (Discord markdown) and the one home of Discord's size limits."""

from __future__ import annotations

import re
from typing import Final

from nazh.application.admission.gate import ServiceBusyError
from nazh.application.rolls.arrival import RollNotLoggedYetError
from nazh.application.rolls.errors import RollNotFoundError
from nazh.domain import limits
from nazh.domain.errors import (
    LimitError,
    NazhError,
    NotationError,
    NotYoursError,
    RoomError,
    printable,
)
from nazh.domain.odds import PoolOdds, RollOdds
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.presentation import refusals
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.odds_text import dc_chance, format_percent
from nazh.presentation.rows import (
    dc_line,
    marks_legend,
    plot_face_label,
    ranges_line,
    result_rows,
)


class DiscordLimits:
    """Discord's limits on what a message, an embed or a component may hold."""

    CONTENT: Final = 2000
    EMBED_TITLE: Final = 256
    EMBED_DESCRIPTION: Final = 4096
    EMBED_FIELDS: Final = 25
    EMBED_FIELD_NAME: Final = 256
    EMBED_FIELD_VALUE: Final = 1024
    EMBED_FOOTER: Final = 2048
    EMBED_AUTHOR: Final = 256
    EMBED_TOTAL: Final = 6000
    BUTTON_LABEL: Final = 80
    CUSTOM_ID: Final = 100
    CHOICES: Final = 25
    CHOICE_VALUE: Final = 100
    SELECT_OPTIONS: Final = 25
    SELECT_OPTION_LABEL: Final = 100
    SELECT_OPTION_VALUE: Final = 100
    COMPONENTS: Final = 40
    COMPONENTS_TEXT: Final = 4000
    ACTION_ROW_BUTTONS: Final = 5


ELLIPSIS = "…"
MARKDOWN_SPECIALS = "\\*_~`|[]"
LINE_MARK = re.compile(r"#|>|-|\+|\d+\.")  # a heading, quote or list at the start of a line
MASS_MENTION = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"
APOLOGY = N_("Sorry, something went wrong on my side while rolling. Please try again.")


class DiscordMarkup:
    """Discord markdown: ``**bold**`` and ``*italic*``."""

    def strong(self, text: str) -> str:
        """Bold."""
        return f"**{text}**"

    def emphasis(self, text: str) -> str:
        """Italic."""
        return f"*{text}*"


MARKUP = DiscordMarkup()  # it holds nothing: one serves every message


def escape(text: str) -> str:
    """``text`` with Discord markdown (inline marks, masked links) escaped."""
    for char in MARKDOWN_SPECIALS:
        text = text.replace(char, "\\" + char)
    return text  # mentions are harmless: every message is sent with allowed_mentions none


def shown(text: str, limit: int, *, code: bool = False) -> str:
    """Outside text (a file's, a chosen name) as a message shows it: every such text passes here."""
    # unprintables become escapes (always UTF-8, one line); the escapes may double ``limit``
    cut = clip(printable(text), limit)
    if code:  # inside a code span Discord reads no markup
        return cut.replace("`", "'")
    # no markup: markdown, masked links and a mention's, channel's or emoji's ``<`` escaped,
    # @everyone and @here broken, a heading, quote or list mark at its start escaped
    safe = MASS_MENTION.sub("@" + ZERO_WIDTH_SPACE, escape(cut).replace("<", "\\<"))
    return "\\" + safe if LINE_MARK.match(safe) else safe


def text_units(text: str) -> int:
    """How long Discord counts ``text``: its UTF-16 code units (most emoji count two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


SUBTEXT = "-# "
"""Discord's small grey line: the dice and the arithmetic under the outcome."""


def subtext(line: str) -> str:
    """``line`` as a small grey line (an empty line stays empty)."""
    return SUBTEXT + line if line else line


def single_verdict(result: RollResult) -> bool | None:
    """Whether the one pool facing the DC succeeds (``None``: no DC, several, or pending)."""
    if result.dc is None or result.pending:
        return None
    judged = [pool for pool in result.pools if pool.dc is not None]
    return judged[0].success if len(judged) == 1 else None


def luck_words(result: RollResult) -> list[str]:
    """``2 Complications``, ``1 Opportunity``: what the roll's marks give, in words."""
    if result.pending:
        return []
    opportunities, complications = result.luck
    words = []
    if opportunities:
        words.append(ngettext("{n} Opportunity", "{n} Opportunities", opportunities).format(
            n=opportunities))
    if complications:
        words.append(ngettext("{n} Complication", "{n} Complications", complications).format(
            n=complications))
    return words


def outcome_heading(result: RollResult, outcome: str | None = None) -> str:
    """The first line: ``## 17 · Success, 1 Opportunity``, or a kind's ``outcome`` after it."""
    plot = result.plot
    if plot is not None and plot.pending:
        return "## " + _("Choose the plot die's face")
    if outcome is not None:  # a kind's outcome (an attack's) is its test's: the first pool's
        kind = ", ".join([outcome, *luck_words(result)])
        return f"## {result.pools[0].total} · {kind}" if result.pools else f"## {kind}"
    totals = ", ".join(str(pool.total) for pool in result.pools)
    verdict = single_verdict(result)
    said = [] if verdict is None else [_("Success") if verdict else _("Failure")]
    said += luck_words(result)
    if not said:
        return f"## {totals}"
    return f"## {totals} · {', '.join(said)}" if totals else "## " + ", ".join(said)


def result_lines(result: RollResult) -> list[str]:
    """The dice as small lines under the outcome: rows, ranges, the marks' legend, the DC."""
    lines = []
    verdict = single_verdict(result)
    for total, pool, rolls in result_rows(result, MARKUP):
        row = f"{total} | `{pool}` | {rolls}"
        lines.append(subtext(row))
    if verdict is not None:  # the heading says success or failure: the DC faced goes on its row
        judged = next(index for index, pool in enumerate(result.pools) if pool.dc is not None)
        if result.plot is not None and result.spec.plot_position <= judged:
            judged += 1  # the plot die's row comes before it
        lines[judged] += " · " + _("DC {dc}").format(dc=result.dc)
    ranges = ranges_line(result)
    if ranges:
        lines.append(subtext(ranges))
    marks = marks_legend(result)
    if marks:
        lines.append(subtext(" · ".join(marks)))
    plot = result.plot
    if plot is not None and plot.pending:
        lines.append(_("**Plot die:** the roller keeps one face:")
                     if plot.mode is DieMode.ADVANTAGE
                     else _("**Plot die:** the GM keeps one face:"))
        lines += [f"• {option_label(option)}" for option in result.plot_options()]
    if verdict is None:  # several pools facing the DC, or waiting for the plot die
        said = dc_line(result)
        if said:
            lines.append(subtext(said))
    return lines


def option_label(option: RollResult) -> str:
    """``Keep 2 (!!(T) +4): 27, 9``: a face and the totals it gives."""
    face = option.plot.face if option.plot and option.plot.face else 0
    totals = ", ".join(str(pool.total) for pool in option.pools)
    label = _("Keep {face} ({label})").format(face=face, label=plot_face_label(face))
    return f"{label}: {totals}" if totals else label


def fit_lines(lines: list[str], limit: int) -> str:
    """Join lines, cutting whole lines (and marking it) so the text fits ``limit``."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    budget = limit - len(ELLIPSIS) - 1
    for line in lines:
        shown = line if len(line) <= budget else clip(line, budget)
        if len("\n".join([*kept, shown])) > budget:
            break
        kept.append(shown)
    return "\n".join([*kept, ELLIPSIS])


def error_message(error: NazhError, notation: str | None = None) -> str:
    """A friendly, specific error: what is wrong, where (with a caret) and how to fix it."""
    if isinstance(error, ServiceBusyError):
        return error.reason
    lines = [f"**{_heading(error)}** {refusals.summary(error, _outside)}"]
    if notation and error.column is not None and len(notation) <= limits.MAX_INPUT_LENGTH:
        shown = printable(notation).replace("`", "'")
        caret = len(printable(notation[: error.column - 1]))
        lines += ["```", shown, " " * caret + "^", "```"]
    elif error.column is not None:
        lines.append(_("At column {column}.").format(column=error.column))
    hint = refusals.hint(error, _outside)
    if hint:
        lines.append(_("Hint: {hint}").format(hint=hint))
    return clip("\n".join(lines), DiscordLimits.CONTENT)


def _outside(text: str) -> str:
    """Text in a refusal that is not Nazh's own words (a value someone typed), as shown."""
    return escape(printable(text))


def _heading(error: NazhError) -> str:
    if isinstance(error, NotYoursError):
        return _("Not yours.")
    if isinstance(error, RollNotLoggedYetError):
        return _("Roll on its way.")
    if isinstance(error, RollNotFoundError):
        return _("Roll expired.")
    if isinstance(error, RoomError):
        return _("Can't keep that.")
    if isinstance(error, NotationError | LimitError):
        return _("Can't roll that.")
    return _("Can't do that.")


def pool_line(odds: RollOdds, pool: PoolOdds) -> str:
    """``mean 19.82 · σ 4.95 · range 6–29 · P(≥ 15) 83.42%``, and a test's Opportunity odds."""
    parts = [_("mean **{mean}**").format(mean=f"{pool.moments.mean:.2f}"),
             f"σ {pool.moments.stdev:.2f}",
             _("range {low}–{high}").format(low=pool.minimum, high=pool.maximum)]
    chance = dc_chance(pool)
    if chance is not None:
        parts.append(f"P(≥ {pool.dc}) **{chance}**")
    story = odds.pool_story(pool)
    if story is not None:
        opportunity, complication = (format_percent(float(p), possible=p > 0, certain=p == 1)
                                     for p in story)
        parts.append(_("Opportunity {opportunity} · Complication {complication}").format(
            opportunity=opportunity, complication=complication))
    return " · ".join(parts)
