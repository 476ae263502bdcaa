"""The reasons and hints of the refusals players meet most, in the reader's language.

The domain words its errors in English (it never translates); the constant ones listed here are
translated where a refusal is shown (:func:`nazh.presentation.chat.error_message`), any other
stays as the domain wrote it. ``tests/presentation/test_refusals.py`` keeps each one in step
with the domain's text.
"""

from __future__ import annotations

from nazh.domain.errors import NazhError, printable
from nazh.presentation.i18n import N_, _

KNOWN = (
    N_("empty roll"),
    N_("empty pool"),
    N_("missing the number of sides after d"),
    N_("expected d before the die size of the plot die"),
    N_("expected d after the number of dice"),
    N_("only one modifier per pool"),
    N_("the plot die takes no modifier"),
    N_("at most one plot die per roll"),
    N_("this roll already has a plot die"),
    N_("a pool looks like 2d6+3, d20 or a1d20+5"),
    N_("the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"),
    N_("tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"),
    N_("remove the second plot die"),
    N_("leave out add_plot / --plot, or remove the p pool"),
    N_("remove a pool to make room for the plot die"),
    N_("split the roll in several commands"),
    N_("roll the other pools in a second command"),
    N_("write the modifier as +5 or -2"),
    N_("write the modifier as +5 or -2, with one sign"),
    N_("add the modifiers up, e.g. +7 instead of +5+2"),
    N_("changing Nazh's settings needs the Manage Server permission"),
    N_("ask a server admin"),
    # requests, endeavors and sessions
    N_("this request is closed: it takes no more rolls"),
    N_("this request is not asked of you"),
    N_("the GM named who rolls with who:"),
    N_("you have rolled for this request already: one roll each"),
    N_("no roll of yours is waiting in this request"),
    N_("this request is closed already"),
    N_("a public request's results are seen already"),
    N_("this request's results are revealed already"),
    N_("requests are asked in a server's channels, where there is a GM"),
    N_("this request is not kept any more"),
    N_("the GM can ask again with /request"),
    N_("the request changed too often at once to keep your change"),
    N_("try again"),
    N_("Nazh could not post the request's card in this channel"),
    N_("let Nazh send messages here, then ask again"),
    N_("choose your character in the list Nazh showed you"),
    N_("click Roll on the request's card again"),
    N_("that roll is not one of this request's"),
    N_("who: mention roles or members, e.g. @Players or @Kal @Shallan"),
    N_("a server's managers name the GM role in /settings"),
    N_("a count is a success, a failure, or a success counted twice"),
    N_("endeavors run in a server's channels, where there is a GM"),
    N_("no endeavor is running in this channel"),
    N_("a GM starts one with /endeavor start"),
    N_("the endeavor changed too often at once to keep your change"),
    N_("Nazh could not post the endeavor's card in this channel"),
    N_("let Nazh send messages here"),
    N_("count it as a success, a success ×2 or a failure"),
    N_("reveal it first (a secret endeavor may count it unrevealed)"),
    N_("this session has ended already"),
    N_("a session's name must be printable text"),
    N_("a session is already open in this channel"),
    N_("end it first with /session end"),
    N_("no session is open in this channel"),
    N_("a GM starts one with /session start"),
    N_("no such session in this channel"),
    N_("/session recap lists this channel's sessions as you type"),
    N_("write it as 90m, 3h, 1h30m or 1d"),
)
"""The domain's constant reasons and hints that are translated."""
GM_ONLY = N_("only a GM (the server's gm-role, or Manage Server while none is set) may {what}")
"""A GM's act refused to a player: the application words it ``only {GM_WHO} may {what}``."""
GM_ACTS = (
    N_("ask the table for a test"),
    N_("reveal a request's results"),
    N_("close a request"),
    N_("see a secret request's results"),
    N_("count a result for an endeavor"),
    N_("count a roll's result for an endeavor"),
    N_("start or end an endeavor"),
    N_("see a secret endeavor's count"),
    N_("start a session"),
    N_("end a session"),
    N_("change the sessions' settings"),
)
"""The GM's acts of requests, endeavors and sessions whose refusal is translated (another's
stays as the application wrote it)."""
_GM_ONLY_OPENING = GM_ONLY.partition("{")[0]


def summary(error: NazhError) -> str:
    """The error's one line (``pool 2 "2d": …``), its reason translated where it is known."""
    written = getattr(error, "reason", None)
    if not isinstance(written, str):
        return error.summary  # a subclass that words itself
    reason = _gm_only(written) or _(written)
    if getattr(error, "pool_index", None) is None:
        return reason
    return _('pool {index} "{text}": {reason}').format(
        index=error.pool_index, text=printable(error.text or ""), reason=reason)


def _gm_only(written: str) -> str | None:
    """``only a GM (…) may close a request`` in the reader's language, when the act is known."""
    act = written.removeprefix(_GM_ONLY_OPENING)
    if act == written or act not in GM_ACTS:
        return None
    return _(GM_ONLY).format(what=_(act))


def hint(error: NazhError) -> str | None:
    """The error's hint, translated where it is known."""
    written = getattr(error, "hint", None)
    return _(written) if isinstance(written, str) and written else None
