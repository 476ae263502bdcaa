"""A session's recap as plain values, which the Discord adapter turns into a Components V2
card: outcome first (the fights won and lost), then the session's name and length, then one
short line per player; its details (each player's best and worst roll, the fights, requests
and endeavors) behind a button, in a card only the asker sees.

The card stays short (a phone shows it whole, about 600 px): a headline and at most
:data:`PLAYERS_SHOWN` lines of at most :data:`LINE_LIMIT` characters. Players are named by
mention (shown as their names, pinging nobody) and their characters; the only ids shown are
roll ids, which ``/verify`` takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from nazh.application.sessions.recap import (
    EndeavorRecap,
    FightOutcome,
    FightRecap,
    PlayerRecap,
    Recap,
    RequestRecap,
    RollRef,
)
from nazh.domain.session import Ending
from nazh.presentation.chat import DiscordLimits, clip, fit_lines, shown
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.request_card import skill_word, summary_words

ICON = "🎬"
NAME_LIMIT = 60
LINE_LIMIT = 160
PLAYERS_SHOWN = 8
DETAILS, JOURNAL = "details", "journal"
ACTIONS = (DETAILS, JOURNAL)
_OUTCOMES = {FightOutcome.WON: ("🏆", N_("won")), FightOutcome.LOST: ("💀", N_("lost")),
             FightOutcome.ENDED: ("⏹️", N_("ended")), FightOutcome.RUNNING: ("⚔️", N_("running"))}
_ENDEAVOR_STATES = {"succeeded": N_("succeeded"), "failed": N_("failed"),
                    "stopped": N_("stopped")}
FLAT_D20 = N_("flat d20")


@dataclass(frozen=True, slots=True)
class SessionButton:
    """One of the card's buttons: what it does (one of :data:`ACTIONS`) and its label."""

    action: str
    label: str


@dataclass(frozen=True, slots=True)
class SessionCardView:
    """The card's texts (each a text display) and its buttons (none: the details)."""

    texts: tuple[str, ...]
    buttons: tuple[SessionButton, ...] = ()


def length_text(length: timedelta) -> str:
    """``3 h 05 min``, ``45 min``, ``under a minute``."""
    minutes = int(length.total_seconds() // 60)
    if minutes < 1:
        return _("under a minute")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02} min" if hours else f"{minutes} min"


def outcome_text(recap: Recap) -> str:
    """``🏆 2 fights won · 💀 1 lost`` (no fight: ``no fight``)."""
    if not recap.fights:
        return _("no fight")
    won, lost = recap.counted(FightOutcome.WON), recap.counted(FightOutcome.LOST)
    parts = ["🏆 " + ngettext("{n} fight won", "{n} fights won", won).format(n=won),
             "💀 " + ngettext("{n} lost", "{n} lost", lost).format(n=lost)]
    other = len(recap.fights) - won - lost
    if other:
        parts.append(ngettext("{n} ended undecided or running",
                              "{n} ended undecided or running", other).format(n=other))
    return " · ".join(parts)


def quiet_text(quiet: timedelta) -> str:
    """``3 h``, ``1 h 30 min``, ``45 min``, ``1 day``: a quiet spell."""
    minutes = int(quiet.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([ngettext("{n} day", "{n} days", days).format(n=days)] if days else []) + \
        ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes else [])
    return " ".join(parts) or "0 min"


def title_of(recap: Recap) -> str:
    """``## 🎬 The Shattered Plains`` (unnamed: ``## 🎬 Session``)."""
    name = recap.session.session.name
    return f"## {ICON} " + (shown(name, NAME_LIMIT) if name else _("Session"))


def headline(recap: Recap) -> str:
    """Outcome first, then the length, the rolls and how the session stands."""
    session = recap.session.session
    stands = _({None: N_("still open"), Ending.ENDED: N_("ended by a GM"),
                Ending.QUIET: N_("closed after a quiet spell")}[session.ending])
    rolls = "🎲 " + ngettext("{n} roll", "{n} rolls", recap.rolls).format(n=recap.rolls)
    started = f"<t:{int(session.started_at.timestamp())}:f>"
    length = _("{length} from {start}").format(length=length_text(recap.length), start=started)
    return f"**{outcome_text(recap)}**\n⏱️ {length} · {rolls} · {stands}"


def player_line(player: PlayerRecap) -> str:
    """``<@111> Kaladin · 🎲 4 (1 physical) · ✅ 3 ❌ 0 · 🌟 3 ⚠️ 0 · 💥 1 · ⚔️ 6 dealt, 4
    taken · 🩸 1``: only the parts that are not nothing past the rolls."""
    names = ", ".join(shown(name, 32) for name in player.names)
    parts = [f"<@{player.user_id}>" + (f" {names}" if names else "")]
    physical = " (" + _("{n} physical").format(n=player.physical) + ")" \
        if player.physical else ""
    parts.append(f"🎲 {player.rolls}{physical}")
    if player.successes or player.failures:
        parts.append(f"✅ {player.successes} ❌ {player.failures}")
    if player.opportunities or player.complications:
        parts.append(f"🌟 {player.opportunities} ⚠️ {player.complications}")
    if player.critical_hits:
        parts.append(f"💥 {player.critical_hits}")
    if player.damage_dealt or player.damage_taken:
        parts.append("⚔️ " + _("{dealt} dealt, {taken} taken").format(
            dealt=player.damage_dealt, taken=player.damage_taken))
    if player.injuries:
        parts.append(f"🩸 {player.injuries}")
    return clip(" · ".join(parts), LINE_LIMIT)


def recap_card(recap: Recap) -> SessionCardView:
    """The recap's card: title, headline, one line per player, and its buttons."""
    players = [player_line(player) for player in recap.players[:PLAYERS_SHOWN]]
    more = len(recap.players) - PLAYERS_SHOWN
    if more > 0:
        players.append(ngettext("…and {n} more: see the details",
                                "…and {n} more: see the details", more).format(n=more))
    body = "\n".join(players) if players else _("Nobody rolled.")
    return SessionCardView((title_of(recap), headline(recap), body),
                           (SessionButton(DETAILS, _("Details")),
                            SessionButton(JOURNAL, _("Journal"))))


def recap_details(recap: Recap) -> SessionCardView:
    """The details, for the asker alone: each player's best and worst test (roll ids
    ``/verify`` takes), each fight, request and endeavor."""
    sections = [title_of(recap) + " · " + _("details")]
    players = [line for player in recap.players for line in _player_details(player)]
    heading = "### " + _("Players")
    sections.append(fit_lines([heading, *players] if players
                              else [heading, _("Nobody rolled.")], 1500))
    lines = [*_list("### " + _("Fights"), [fight_line(f) for f in recap.fights]),
             *_list("### " + _("Requests"), [request_line(r) for r in recap.requests]),
             *_list("### " + _("Endeavors"), [endeavor_line(e) for e in recap.endeavors])]
    if recap.cut:
        lines.append(_("Only the first rolls are counted: the session had too many to read."))
    sections.append(fit_lines(lines or [_("No fight, request nor endeavor.")],
                              DiscordLimits.COMPONENTS_TEXT - 2000))
    return SessionCardView(tuple(sections))


def _list(title: str, lines: list[str]) -> list[str]:
    return [title, *lines] if lines else []


def _player_details(player: PlayerRecap) -> list[str]:
    lines = [player_line(player)]
    if player.best is not None and player.worst is not None:
        lines.append("  " + _("best {best} · worst {worst}").format(
            best=ref_text(player.best), worst=ref_text(player.worst)))
    return lines


def ref_text(ref: RollRef) -> str:
    """``**20** (23) Athletics``: a test's natural d20, its total, what it was (its roll's id is
    the journal's, for /verify)."""
    return f"**{ref.natural}** ({ref.total}) {skill_word(ref.what, lambda what: shown(what, 40))}"


def fight_line(fight: FightRecap, *, fallen: bool = True) -> str:
    """``🏆 won · Ambush · 3 rounds · fell: Bandit (round 1)`` (``fallen``: with who fell)."""
    rounds = ngettext("{n} round", "{n} rounds", fight.rounds).format(n=fight.rounds)
    name = shown(fight.name, NAME_LIMIT) if fight.name else _("a fight")
    fell = ", ".join(shown(f.name, 32) + " (" + _("round {n}").format(n=f.round) + ")"
                     for f in fight.fallen[:10]) if fallen else ""
    icon, outcome = _OUTCOMES[fight.outcome]
    return clip(f"{icon} {_(outcome)} · {name} · {rounds}"
                + (" · " + _("fell: {fallen}").format(fallen=fell) if fell else ""),
                LINE_LIMIT * 2)


def request_line(request: RequestRecap) -> str:
    """``📣 Athletics · DC 10: 1 of 1 succeeded (Kaladin 14 ✅)``."""
    asked = skill_word(request.skill, lambda skill: shown(skill, 60)) + (
        "" if request.dc is None else " · " + _("DC {dc}").format(dc=request.dc))
    if request.hidden:
        return f"📣 {asked}: " + ngettext(
            "{n} rolled, the GM keeps the results", "{n} rolled, the GM keeps the results",
            request.rolled).format(n=request.rolled)
    rolled = ", ".join(f"{shown(o.name, 32) if o.name else _(FLAT_D20)} {o.total}"
                       + {True: " ✅", False: " ❌", None: ""}[o.success]
                       for o in request.outcomes[:10])
    summary = summary_words(request.dc is not None,
                            sum(o.success is True for o in request.outcomes), request.rolled)
    return clip(f"📣 {asked}: {summary}"
                + (f" ({rolled})" if rolled else ""), LINE_LIMIT * 2)


def endeavor_line(endeavor: EndeavorRecap) -> str:
    """``🧗 Cross the chasm: succeeded, 2 of 2 successes, 0 of 3 failures``."""
    name = shown(endeavor.name, NAME_LIMIT)
    if endeavor.hidden:
        return f"🧗 {name}: " + _("secret, still running")
    state = _(_ENDEAVOR_STATES.get(endeavor.ending or "", N_("running")))
    return f"🧗 {name}: " + _("{state}, {successes} of {needed} successes, {failures} of "
                              "{allowed} failures").format(
        state=state, successes=endeavor.successes, needed=endeavor.needed,
        failures=endeavor.failures, allowed=endeavor.allowed)
