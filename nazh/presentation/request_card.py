"""A request's card as plain values (texts, buttons, Count options), within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.requests.access import Seen, seen
from nazh.application.requests.model import RequestRecord
from nazh.domain.request import Outcome, Request, Result, Sight
from nazh.presentation.chat import DiscordLimits, clip, fit_lines, shown

ICON = "📣"
NAME_LIMIT = 32
LABEL_LIMIT = 100
RESULTS_LIMIT = 3000  # the lines of results, cut and marked beyond; the card's total is 4,000
CARD_LIMIT = 3900  # the card's texts together (Discord's 4,000, less the buttons' labels)
MAX_WAITING_SHOWN = 25
ROLL, ADVANTAGE, REVEAL, CLOSE, GM_VIEW = "roll", "advantage", "reveal", "close", "gm-view"
ACTIONS = (ROLL, ADVANTAGE, GM_VIEW, REVEAL, CLOSE)
_SIGHT_WORDS = {Sight.PUBLIC: "", Sight.GM: "🕶️ gm: the results are the GM's until revealed",
                Sight.BLIND: "🕶️ blind: only the GM sees the results until revealed, not even "
                             "their rollers"}


@dataclass(frozen=True, slots=True)
class RequestButton:
    """One of the card's buttons: its action (one of :data:`ACTIONS`) and label."""

    action: str
    label: str
    primary: bool = False


@dataclass(frozen=True, slots=True)
class RequestCardView:
    """The card's texts, its buttons (none: a GM's own view) and its Count select's options."""

    texts: tuple[str, ...]
    buttons: tuple[RequestButton, ...]
    counts: tuple[tuple[str, str], ...] = ()  # a GM counts a result for the channel's endeavor


def asked_title(request: Request) -> str:
    """``Insight · DC 15 · stakes raised`` (with advantage: ``· advantage``)."""
    parts = [request.skill]
    if request.dc is not None:
        parts.append(f"DC {request.dc}")
    if request.stakes:
        parts.append("stakes raised (plot die)")
    if request.advantage:
        parts.append("with advantage")
    return " · ".join(parts)


def request_card(record: RequestRecord, *, gm_view: bool = False,
                 counting: bool = False) -> RequestCardView:
    """The card of ``record`` as the channel sees it (``gm_view``: as a GM does; ``counting``: an
    endeavor runs in the channel, so a GM may count its results)."""
    request = record.request
    title = f"## {ICON} {asked_title(request)}"
    if request.label:
        title += f"\n**{shown(request.label, LABEL_LIMIT)}**"
    asked = f"Asked by <@{record.requested_by}> of {_whom(request)}."
    sight = f"🕶️ {request.sight.value}: revealed" if request.revealed \
        else _SIGHT_WORDS[request.sight]
    head = "\n".join([asked, sight] if sight else [asked])
    lines = [_line(request, result, gm_view) for result in request.results]
    body = fit_lines(lines or ["Nobody has rolled yet."], RESULTS_LIMIT)
    texts = [title, head, body]
    waiting = [w for w in request.waiting_for if request.result_of(w) is None]
    if waiting and not request.closed:
        names = ", ".join(f"<@{w}>" for w in waiting[:MAX_WAITING_SHOWN])
        more = len(waiting) - MAX_WAITING_SHOWN
        texts.append(f"Not rolled yet: {names}" + (f" and {more} more" if more > 0 else ""))
    texts.append(_status(request, gm_view))
    if request.revealed and request.settled:
        texts.append(verify_footer(request, CARD_LIMIT - sum(len(text) for text in texts)))
    if gm_view:
        return RequestCardView(tuple(texts), ())
    return RequestCardView(tuple(texts), _buttons(request),
                           count_options(request) if counting else ())


def verify_footer(request: Request, room: int) -> str:
    """Once revealed, the one place the card names its rolls' ids: for ``/verify``."""
    ids = ", ".join(f"{clip(o.name or 'flat d20', NAME_LIMIT)} `{o.roll_id}`"
                    for o in request.settled)
    return clip(f"-# /verify shows each commitment matches: {ids}", max(room, 40))


# how a result may be counted for an endeavor: the option value's suffix and its words
COUNTED = (("s", "a success"), ("d", "a success ×2"), ("f", "a failure"))


def count_options(request: Request) -> tuple[tuple[str, str], ...]:
    """The Count select's options (label, value ``<roll id>.<s|d|f>``), within Discord's 25."""
    options = [(f"{clip(outcome.name or 'flat d20', NAME_LIMIT)} ({outcome.total}): {words}",
                f"{outcome.roll_id}.{suffix}")
               for outcome in request.settled for suffix, words in COUNTED]
    return tuple(options[:DiscordLimits.SELECT_OPTIONS - DiscordLimits.SELECT_OPTIONS % 3])


def _whom(request: Request) -> str:
    if request.asked.everyone:
        return "everyone in the channel"
    named = [f"<@&{r}>" for r in sorted(request.asked.roles)]
    named += [f"<@{m}>" for m in sorted(request.asked.members)]
    return ", ".join(named)


def _line(request: Request, result: Result, gm_view: bool) -> str:
    who = f"<@{result.user_id}>"
    outcome = result.outcome
    if outcome is None:
        return f"{who} 🎲 rolling…"
    if seen(request, result.user_id, None, gm_view) is Seen.MADE:
        return f"{who} 🕶️ rolled"
    return f"{who} {outcome_text(outcome)}"


def outcome_text(outcome: Outcome) -> str:
    """``**Kaladin** **17** ✅ success · 🌟 1 Opportunity`` (no DC: no verdict)."""
    name = f"**{shown(outcome.name, NAME_LIMIT)}** " if outcome.name else ""
    verdict = {True: " ✅ success", False: " ❌ failure", None: ""}[outcome.success]
    extras = []
    if outcome.opportunities:
        extras.append(f"🌟 {_count(outcome.opportunities, 'Opportunity', 'Opportunities')}")
    if outcome.complications:
        extras.append(f"💥 {_count(outcome.complications, 'Complication', 'Complications')}")
    return f"{name}**{outcome.total}**{verdict}" + "".join(f" · {e}" for e in extras)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _status(request: Request, gm_view: bool) -> str:
    rolled = len(request.settled)
    roll = "Click **Roll** to roll your test once"
    if request.hidden and not gm_view:
        if request.closed:
            return f"🔒 Closed: {rolled} rolled; the GM reveals the results."
        counted = f"{rolled} rolled. " if rolled else ""
        return f"{counted}{roll}; the GM reveals the results."
    if request.revealed:
        return f"🔓 Revealed: {request.summary()}."
    if request.closed:
        return f"🔒 Closed: {request.summary()}."
    if gm_view:
        return f"GM view: {request.summary()} so far."
    return f"{request.summary()} so far. {roll}." if rolled else f"{roll}."


def _buttons(request: Request) -> tuple[RequestButton, ...]:
    buttons: list[RequestButton] = []
    if not request.closed:
        buttons.append(RequestButton(ROLL, "Roll", primary=True))
        if not request.advantage:
            buttons.append(RequestButton(ADVANTAGE, "Roll with advantage"))
    if request.hidden:
        buttons.append(RequestButton(GM_VIEW, "GM view"))
        buttons.append(RequestButton(REVEAL, "Reveal"))
    if not request.closed:
        buttons.append(RequestButton(CLOSE, "Close"))
    assert len(buttons) <= DiscordLimits.ACTION_ROW_BUTTONS
    return tuple(buttons)
