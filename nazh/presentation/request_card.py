"""A request's card as plain values (texts, buttons, Count options), within Discord's limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nazh.application.requests.access import Seen, seen
from nazh.application.requests.model import RequestRecord
from nazh.application.rolls.terms.request import ForRequest
from nazh.domain.request import Outcome, Request, Result, Sight
from nazh.presentation.chat import DiscordLimits, clip, escape, fit_lines, shown
from nazh.presentation.i18n import N_, _, ngettext, pgettext, term

ICON = "📣"
NAME_LIMIT = 32
LABEL_LIMIT = 100
RESULTS_LIMIT = 3000  # the lines of results, cut and marked beyond; the card's total is 4,000
CARD_LIMIT = 3900  # the card's texts together (Discord's 4,000, less the buttons' labels)
MAX_WAITING_SHOWN = 25
ROLL, ADVANTAGE, REVEAL, CLOSE, GM_VIEW = "roll", "advantage", "reveal", "close", "gm-view"
GM = "gm"  # the card's 👑 GM: opens the GM's private panel (GM view, Reveal, Close, Count)
ACTIONS = (ROLL, ADVANTAGE, GM, GM_VIEW, REVEAL, CLOSE)
_SIGHT_WORDS = {Sight.PUBLIC: "", Sight.GM: N_("🕶️ gm: the results are the GM's until revealed"),
                Sight.BLIND: N_("🕶️ blind: only the GM sees the results until revealed, not "
                                "even their rollers")}
_REVEALED = {Sight.PUBLIC: "", Sight.GM: N_("🕶️ gm: revealed"),
             Sight.BLIND: N_("🕶️ blind: revealed")}

FLAT_D20 = N_("flat d20")
"""A roll without a character: how the card names it."""


@dataclass(frozen=True, slots=True)
class RequestButton:
    """One of the card's buttons: its action (one of :data:`ACTIONS`) and label."""

    action: str
    label: str
    primary: bool = False
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class RequestCardView:
    """The card's texts, its buttons (none: a GM's own view) and its Count select's options."""

    texts: tuple[str, ...]
    buttons: tuple[RequestButton, ...]
    counts: tuple[tuple[str, str], ...] = ()  # a GM counts a result for the channel's endeavor


def asked_title(request: Request) -> str:
    """``Insight · DC 15 · stakes raised`` (with advantage: ``· advantage``)."""
    parts = [skill_word(request.skill)]
    if request.dc is not None:
        parts.append(_("DC {dc}").format(dc=request.dc))
    if request.stakes:
        parts.append(_("stakes raised (plot die)"))
    if request.advantage:
        parts.append(_("with advantage"))
    return " · ".join(parts)


def request_card(record: RequestRecord, *, gm_view: bool = False,
                 counting: bool = False) -> RequestCardView:
    """The card of ``record`` as the channel sees it (``gm_view``: as a GM does; ``counting``: an
    endeavor runs in the channel, so a GM may count its results)."""
    request = record.request
    title = f"## {ICON} {asked_title(request)}"
    if request.label:
        title += f"\n**{shown(request.label, LABEL_LIMIT)}**"
    asked = _("Asked by {gm} of {whom}.").format(gm=f"<@{record.requested_by}>",
                                                  whom=_whom(request))
    words = _REVEALED[request.sight] if request.revealed else _SIGHT_WORDS[request.sight]
    sight = _(words) if words else ""
    head = "\n".join([asked, sight] if sight else [asked])
    lines = [_line(request, result, gm_view) for result in request.results]
    body = fit_lines(lines or [_("Nobody has rolled yet.")], RESULTS_LIMIT)
    texts = [title, head, body]
    waiting = [w for w in request.waiting_for if request.result_of(w) is None]
    if waiting and not request.closed:
        names = ", ".join(f"<@{w}>" for w in waiting[:MAX_WAITING_SHOWN])
        more = len(waiting) - MAX_WAITING_SHOWN
        texts.append(ngettext("Not rolled yet: {names} and {n} more",
                              "Not rolled yet: {names} and {n} more", more).format(
                                  names=names, n=more) if more > 0
                     else _("Not rolled yet: {names}").format(names=names))
    texts.append(_status(request, gm_view))
    if request.revealed and request.settled:
        texts.append(verify_footer(request, CARD_LIMIT - sum(len(text) for text in texts)))
    if gm_view:
        return RequestCardView(tuple(texts), ())
    return RequestCardView(tuple(texts), _buttons(request, counting))


def gm_panel(record: RequestRecord, *, counting: bool = False,
             said: str | None = None) -> RequestCardView:
    """The GM's private panel of ``record``: what was just done (``said``), its GM view, Reveal
    and Close, and the Count select while an endeavor runs in the channel (``counting``)."""
    request = record.request
    head = "👑 **" + _("GM") + "** · " + asked_title(request)
    texts = [f"{said}\n{head}" if said else head, _status(request, gm_view=True)]
    buttons: list[RequestButton] = []
    if request.hidden:
        buttons.append(RequestButton(GM_VIEW, _("GM view")))
        buttons.append(RequestButton(REVEAL, _("Reveal")))
    if not request.closed:
        buttons.append(RequestButton(CLOSE, _("Close")))
    counts = count_options(request) if counting else ()
    if not buttons and not counts:
        texts.append(_("Nothing is left for the GM to do on this request."))
    return RequestCardView(tuple(texts), tuple(buttons), counts)


def verify_footer(request: Request, room: int) -> str:
    """Once revealed, the one place the card names its rolls' ids: for ``/verify``."""
    ids = ", ".join(f"{clip(o.name or _(FLAT_D20), NAME_LIMIT)} `{o.roll_id}`"
                    for o in request.settled)
    return clip("-# " + _("/verify shows each commitment matches: {ids}").format(ids=ids),
                max(room, 40))


# how a result may be counted for an endeavor: the option value's suffix and its words
COUNTED = (("s", N_("a success")), ("d", N_("a success ×2")), ("f", N_("a failure")))


def count_options(request: Request) -> tuple[tuple[str, str], ...]:
    """The Count select's options (label, value ``<roll id>.<s|d|f>``), within Discord's 25."""
    options = [(f"{clip(outcome.name or _(FLAT_D20), NAME_LIMIT)} ({outcome.total}): "
                 f"{_(words)}", f"{outcome.roll_id}.{suffix}")
               for outcome in request.settled for suffix, words in COUNTED]
    return tuple(options[:DiscordLimits.SELECT_OPTIONS - DiscordLimits.SELECT_OPTIONS % 3])


def _whom(request: Request) -> str:
    if request.asked.everyone:
        return _("everyone in the channel")
    named = [f"<@&{r}>" for r in sorted(request.asked.roles)]
    named += [f"<@{m}>" for m in sorted(request.asked.members)]
    return ", ".join(named)


def request_described(term: ForRequest) -> str:
    """``Perception, DC 15, stakes raised``: the request a roll answers, on its result (a
    homebrew skill escaped: the result's text is Markdown)."""
    parts = [skill_word(term.skill, escape)]
    if term.dc is not None:
        parts.append(_("DC {dc}").format(dc=term.dc))
    if term.stakes:
        parts.append(_("stakes raised"))
    if term.flat:
        parts.append(_(FLAT_D20))
    return ", ".join(parts)


def skill_word(skill: str, written: Callable[[str], str] = str) -> str:
    """The skill asked, in the game's word of the language spoken (a homebrew one as
    ``written`` shows it)."""
    word = term("skill", skill)
    return written(skill) if word == skill else word


def summary_text(request: Request) -> str:
    """``2 of 3 succeeded`` (no DC: ``3 rolled``), in the language spoken."""
    return summary_words(request.dc is not None, request.successes, len(request.settled))


def summary_words(against_dc: bool, successes: int, rolled: int) -> str:
    """``2 of 3 succeeded`` (``against_dc`` false: ``3 rolled``)."""
    if not against_dc:
        return ngettext("{n} rolled", "{n} rolled", rolled).format(n=rolled)
    return ngettext("{successes} of {n} succeeded", "{successes} of {n} succeeded",
                    successes).format(successes=successes, n=rolled)


def _line(request: Request, result: Result, gm_view: bool) -> str:
    who = f"<@{result.user_id}>"
    outcome = result.outcome
    if outcome is None:
        return f"{who} 🎲 " + _("rolling…")
    if seen(request, result.user_id, None, gm_view) is Seen.MADE:
        return f"{who} 🕶️ " + _("rolled")
    return f"{who} {outcome_text(outcome)}"


def outcome_text(outcome: Outcome) -> str:
    """``**Kaladin** **17** ✅ success · 🌟 1 Opportunity`` (no DC: no verdict)."""
    name = f"**{shown(outcome.name, NAME_LIMIT)}** " if outcome.name else ""
    verdict = {True: " ✅ " + _("success"), False: " ❌ " + _("failure"),
               None: ""}[outcome.success]
    extras = []
    if outcome.opportunities:
        extras.append("🌟 " + ngettext("{n} Opportunity", "{n} Opportunities",
                                       outcome.opportunities).format(n=outcome.opportunities))
    if outcome.complications:
        extras.append("⚠️ " + ngettext("{n} Complication", "{n} Complications",
                                       outcome.complications).format(n=outcome.complications))
    return f"{name}**{outcome.total}**{verdict}" + "".join(f" · {e}" for e in extras)


def _status(request: Request, gm_view: bool) -> str:
    if request.hidden and not gm_view:
        return _hidden_status(request)
    summary = summary_text(request)
    if request.revealed:
        return "🔓 " + _("Revealed: {summary}.").format(summary=summary)
    if request.closed:
        return "🔒 " + _("Closed: {summary}.").format(summary=summary)
    if gm_view:
        return _("GM view: {summary} so far.").format(summary=summary)
    if request.settled:
        return _("{summary} so far. Click **{roll}** to roll your test once.").format(
            summary=summary, roll=roll_label())
    return _("Click **{roll}** to roll your test once.").format(roll=roll_label())


def _hidden_status(request: Request) -> str:
    """The status of a request whose results are the GM's, as the channel sees it."""
    rolled = len(request.settled)
    if request.closed:
        return "🔒 " + ngettext("Closed: {n} rolled; the GM reveals the results.",
                                "Closed: {n} rolled; the GM reveals the results.",
                                rolled).format(n=rolled)
    if rolled:
        return ngettext("{n} rolled. Click **{roll}** to roll your test once; the GM reveals "
                        "the results.",
                        "{n} rolled. Click **{roll}** to roll your test once; the GM reveals "
                        "the results.", rolled).format(n=rolled, roll=roll_label())
    return _("Click **{roll}** to roll your test once; the GM reveals the results.").format(
        roll=roll_label())


def roll_label() -> str:
    """The card's Roll button (a verb: its own context, not the roll card's heading)."""
    return pgettext("button", "Roll")


def _buttons(request: Request, counting: bool) -> tuple[RequestButton, ...]:
    """The players' Roll, and 👑 GM while the GM has something left to do on the request."""
    buttons: list[RequestButton] = []
    if not request.closed:
        buttons.append(RequestButton(ROLL, roll_label(), primary=True))
        if not request.advantage:
            buttons.append(RequestButton(ADVANTAGE, _("Roll with advantage")))
    if not request.closed or request.hidden or (counting and request.settled):
        buttons.append(RequestButton(GM, _("GM"), emoji="👑"))
    assert len(buttons) <= DiscordLimits.ACTION_ROW_BUTTONS
    return tuple(buttons)
