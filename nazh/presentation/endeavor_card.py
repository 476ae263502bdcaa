"""An endeavor's card as plain values (texts and buttons) for the Discord adapter to draw."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.endeavors.model import EndeavorRecord
from nazh.domain.endeavor import Endeavor, Ending, Tally
from nazh.presentation.chat import fit_lines, shown

ICON = "🧗"
NAME_LIMIT = 100
NOTE_LIMIT = 40
HISTORY_SHOWN = 10
SUCCESS, DOUBLE, FAILURE, GM_VIEW, END = "success", "double", "failure", "gm-view", "end"
ACTIONS = (SUCCESS, DOUBLE, FAILURE, GM_VIEW, END)
_ENDINGS = {Ending.SUCCEEDED: "🏁 Succeeded", Ending.FAILED: "💀 Failed",
            Ending.STOPPED: "⏹️ Ended by the GM"}


@dataclass(frozen=True, slots=True)
class EndeavorButton:
    """One of the card's buttons: what it does (one of :data:`ACTIONS`) and its label."""

    action: str
    label: str


@dataclass(frozen=True, slots=True)
class EndeavorCardView:
    """The card's texts and its buttons (none: ended, or a GM's own view)."""

    texts: tuple[str, ...]
    buttons: tuple[EndeavorButton, ...]


def tally_text(tally: Tally) -> str:
    """``✅ success ×2 · Kaladin`` (who, not the roll's id)."""
    word = ("✅ success" if tally.success else "❌ failure") + (" ×2" if tally.amount == 2 else "")
    parts = [word]
    if tally.note:
        parts.append(shown(tally.note, NOTE_LIMIT))
    return " · ".join(parts)


def count_text(endeavor: Endeavor) -> str:
    """``Successes 2 of 5 · Failures 1 of 3``."""
    return (f"Successes {endeavor.success_count} of {endeavor.successes} · "
            f"Failures {endeavor.failure_count} of {endeavor.failures}")


def endeavor_card(record: EndeavorRecord, *, gm_view: bool = False) -> EndeavorCardView:
    """The card of ``record`` as the channel sees it (``gm_view``: as a GM does)."""
    endeavor = record.endeavor
    texts = [f"## {ICON} {shown(endeavor.name, NAME_LIMIT)}",
             f"An endeavor started by <@{record.started_by}>."]
    open_secret = endeavor.secret and not endeavor.ended and not gm_view
    if open_secret:
        texts.append(f"🤫 A secret endeavor: the GM keeps the thresholds and the count "
                     f"({len(endeavor.tallies)} counted so far).")
    else:
        texts.append(count_text(endeavor))
        latest = endeavor.tallies[-HISTORY_SHOWN:]
        if latest:
            texts.append(fit_lines([tally_text(t) for t in latest], 1500))
    if endeavor.ending is not None:
        texts.append(f"{_ENDINGS[endeavor.ending]}: {count_text(endeavor)}.")
    buttons: tuple[EndeavorButton, ...] = ()
    if not endeavor.ended and not gm_view:
        buttons = (EndeavorButton(SUCCESS, "Success"), EndeavorButton(DOUBLE, "Success ×2"),
                   EndeavorButton(FAILURE, "Failure"),
                   *((EndeavorButton(GM_VIEW, "GM view"),) if endeavor.secret else ()),
                   EndeavorButton(END, "End"))
    return EndeavorCardView(tuple(texts), buttons)
