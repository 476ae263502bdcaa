"""An endeavor's card as plain values (texts and buttons) for the Discord adapter to draw."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.endeavors.model import EndeavorRecord
from nazh.domain.endeavor import Endeavor, Ending, Tally
from nazh.presentation.chat import fit_lines, shown
from nazh.presentation.i18n import N_, _, ngettext

ICON = "🧗"
NAME_LIMIT = 100
NOTE_LIMIT = 40
HISTORY_SHOWN = 10
SUCCESS, DOUBLE, FAILURE, GM_VIEW, END = "success", "double", "failure", "gm-view", "end"
GM = "gm"  # the card's 👑 GM: opens the GM's private panel (the counting buttons, End)
ACTIONS = (GM, SUCCESS, DOUBLE, FAILURE, GM_VIEW, END)
_ENDINGS = {Ending.SUCCEEDED: ("🏁", N_("Succeeded")), Ending.FAILED: ("💀", N_("Failed")),
            Ending.STOPPED: ("⏹️", N_("Ended by the GM"))}
ENDED = {Ending.SUCCEEDED: N_("It has succeeded."), Ending.FAILED: N_("It has failed."),
         Ending.STOPPED: N_("It was ended by the GM.")}
"""How an answer says the endeavor just ended."""
NOTES = {"by hand": N_("by hand"), "spectacular, by hand": N_("spectacular, by hand"),
         "a roll": N_("a roll"), "flat d20": N_("flat d20")}
"""The notes the card's buttons count with (kept in English, shown in the table's language)."""


@dataclass(frozen=True, slots=True)
class EndeavorButton:
    """One of the card's buttons: what it does (one of :data:`ACTIONS`) and its label."""

    action: str
    label: str
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class EndeavorCardView:
    """The card's texts and its buttons (none: ended, or a GM's own view)."""

    texts: tuple[str, ...]
    buttons: tuple[EndeavorButton, ...]


def tally_text(tally: Tally) -> str:
    """``✅ success ×2 · Kaladin`` (who, not the roll's id)."""
    word = ("✅ " + _("success") if tally.success else "❌ " + _("failure")) + (
        " ×2" if tally.amount == 2 else "")
    parts = [word]
    if tally.note:
        note = NOTES.get(tally.note)
        parts.append(_(note) if note else shown(tally.note, NOTE_LIMIT))
    return " · ".join(parts)


def count_text(endeavor: Endeavor) -> str:
    """``Successes 2 of 5 · Failures 1 of 3``."""
    return _("Successes {count} of {needed} · Failures {failed} of {allowed}").format(
        count=endeavor.success_count, needed=endeavor.successes,
        failed=endeavor.failure_count, allowed=endeavor.failures)


def ended_text(endeavor: Endeavor) -> str:
    """`` It has succeeded.`` once ended (a space first), else nothing."""
    return "" if endeavor.ending is None else " " + _(ENDED[endeavor.ending])


def counted_text(endeavor: Endeavor) -> str:
    """A GM's answer once a result is counted: the count, and how it ended if it did."""
    return _("Counted for {name}: {count}.").format(
        name=shown(endeavor.name, NAME_LIMIT), count=count_text(endeavor)) + ended_text(endeavor)


def endeavor_card(record: EndeavorRecord, *, gm_view: bool = False) -> EndeavorCardView:
    """The card of ``record`` as the channel sees it (``gm_view``: as a GM does)."""
    endeavor = record.endeavor
    texts = [f"## {ICON} {shown(endeavor.name, NAME_LIMIT)}",
             _("An endeavor started by {gm}.").format(gm=f"<@{record.started_by}>")]
    open_secret = endeavor.secret and not endeavor.ended and not gm_view
    if open_secret:
        counted = len(endeavor.tallies)
        texts.append("🤫 " + ngettext(
            "A secret endeavor: the GM keeps the thresholds and the count ({n} counted so "
            "far).", "A secret endeavor: the GM keeps the thresholds and the count ({n} "
            "counted so far).", counted).format(n=counted))
    else:
        texts.append(count_text(endeavor))
        latest = endeavor.tallies[-HISTORY_SHOWN:]
        if latest:
            texts.append(fit_lines([tally_text(t) for t in latest], 1500))
    if endeavor.ending is not None:
        icon, words = _ENDINGS[endeavor.ending]
        texts.append(f"{icon} {_(words)}: {count_text(endeavor)}.")
    buttons: tuple[EndeavorButton, ...] = ()
    if not endeavor.ended and not gm_view:
        buttons = (EndeavorButton(GM, _("GM"), emoji="👑"),)
    return EndeavorCardView(tuple(texts), buttons)


def gm_panel(record: EndeavorRecord, said: str | None = None) -> EndeavorCardView:
    """The GM's private panel of ``record``: what was just done (``said``), the count (a secret
    one too: the panel is the GM's alone), the counting buttons and End while it runs."""
    endeavor = record.endeavor
    head = "👑 **" + _("GM") + "** · " + shown(endeavor.name, NAME_LIMIT)
    texts = [f"{said}\n{head}" if said else head, count_text(endeavor) + ended_text(endeavor)]
    buttons: tuple[EndeavorButton, ...] = ()
    if not endeavor.ended:
        buttons = (EndeavorButton(SUCCESS, _("Success")),
                   EndeavorButton(DOUBLE, _("Success ×2")),
                   EndeavorButton(FAILURE, _("Failure")),
                   *((EndeavorButton(GM_VIEW, _("GM view")),) if endeavor.secret else ()),
                   EndeavorButton(END, _("End")))
    return EndeavorCardView(tuple(texts), buttons)
