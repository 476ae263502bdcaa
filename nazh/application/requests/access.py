"""Who may take each act on a request or an endeavor (:data:`DOORS`), and who sees what."""

from __future__ import annotations

from enum import Enum

from nazh.application.encounters.access import NotAllowedError
from nazh.domain.request import Request, RequestError, Sight

GM_WHO = "a GM (the server's gm-role, or Manage Server while none is set)"


class Door(Enum):
    """An act on a request."""

    ASK = "ask"
    ROLL = "roll"
    """Roll for it (Roll, Roll with advantage, the character choice, the modifier form)."""
    REVEAL = "reveal"
    """Reveal a secret request's results, all at once."""
    CLOSE = "close"
    """Take no more rolls."""
    GM_VIEW = "gm-view"
    """See every result of a secret request, in a message of one's own."""
    GM_PANEL = "gm-panel"
    """Open a card's 👑 GM panel (a request's, an endeavor's): the GM's controls of the card."""
    COUNT = "count"
    """Count a result for an endeavor (a request card's Count, ``/endeavor count``, the card's)."""
    COUNT_RESULT = "count-result"
    """Count a /check's or a request roll's result from its message (its Count button)."""
    ENDEAVOR = "endeavor"
    ENDEAVOR_VIEW = "endeavor-view"
    """See a secret endeavor's thresholds and count before it ends."""


class Who(Enum):
    GM = "gm"
    ASKED = "asked"
    """Whoever the request asks (everyone in the channel when it names nobody), GMs too."""


DOORS: dict[Door, Who] = {
    Door.ASK: Who.GM,
    Door.ROLL: Who.ASKED,
    Door.REVEAL: Who.GM,
    Door.CLOSE: Who.GM,
    Door.GM_VIEW: Who.GM,
    Door.GM_PANEL: Who.GM,
    Door.COUNT: Who.GM,
    Door.COUNT_RESULT: Who.GM,
    Door.ENDEAVOR: Who.GM,
    Door.ENDEAVOR_VIEW: Who.GM,
}

_WORDS = {Door.ASK: "ask the table for a test", Door.REVEAL: "reveal a request's results",
          Door.CLOSE: "close a request", Door.GM_VIEW: "see a secret request's results",
          Door.GM_PANEL: "use the GM panel",
          Door.COUNT: "count a result for an endeavor",
          Door.COUNT_RESULT: "count a roll's result for an endeavor",
          Door.ENDEAVOR: "start or end an endeavor",
          Door.ENDEAVOR_VIEW: "see a secret endeavor's count"}


def check(door: Door, request: Request | None, user_id: int, role_ids: frozenset[int],
          gm: bool) -> None:
    """Pass ``door`` or raise the reply the member gets (NotAllowedError, RequestError)."""
    if DOORS[door] is Who.GM:
        if not gm:
            raise NotAllowedError(f"only {GM_WHO} may {_WORDS[door]}",
                                  hint="a server's managers name the GM role in /settings")
        return
    if request is not None and not request.asked.includes(user_id, role_ids):
        raise RequestError("this request is not asked of you",
                           hint="the GM named who rolls with who:")


class Seen(Enum):
    """What a viewer sees of one result."""

    FULL = "full"
    """Its total, verdict, Opportunities and Complications."""
    MADE = "made"
    """That it is made, with its roll id (and commitment): not what it came to."""


def seen(request: Request, roller_id: int, viewer_id: int | None, gm: bool) -> Seen:
    """What ``viewer_id`` sees of ``roller_id``'s result (``None``: the channel, as a card)."""
    # gm: its GMs and each roller's own; blind: its GMs' alone; the others see that it is made
    if not request.hidden or gm:
        return Seen.FULL
    if request.sight is Sight.GM and viewer_id == roller_id:
        return Seen.FULL
    return Seen.MADE
