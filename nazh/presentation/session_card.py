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

ICON = "🎬"
NAME_LIMIT = 60
LINE_LIMIT = 160
PLAYERS_SHOWN = 8
DETAILS, JOURNAL = "details", "journal"
ACTIONS = (DETAILS, JOURNAL)
_OUTCOMES = {FightOutcome.WON: "🏆 won", FightOutcome.LOST: "💀 lost",
             FightOutcome.ENDED: "⏹️ ended", FightOutcome.RUNNING: "⚔️ running"}


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
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02} min" if hours else f"{minutes} min"


def outcome_text(recap: Recap) -> str:
    """``🏆 2 fights won · 💀 1 lost`` (no fight: ``no fight``)."""
    if not recap.fights:
        return "no fight"
    won, lost = recap.counted(FightOutcome.WON), recap.counted(FightOutcome.LOST)
    word = "fight" if won == 1 else "fights"
    parts = [f"🏆 {won} {word} won", f"💀 {lost} lost"]
    other = len(recap.fights) - won - lost
    if other:
        parts.append(f"{other} ended undecided or running")
    return " · ".join(parts)


def title_of(recap: Recap) -> str:
    """``## 🎬 The Shattered Plains`` (unnamed: ``## 🎬 Session``)."""
    name = recap.session.session.name
    return f"## {ICON} " + (shown(name, NAME_LIMIT) if name else "Session")


def headline(recap: Recap) -> str:
    """Outcome first, then the length, the rolls and how the session stands."""
    session = recap.session.session
    stands = {None: "still open", Ending.ENDED: "ended by a GM",
              Ending.QUIET: "closed after a quiet spell"}[session.ending]
    rolls = f"🎲 {recap.rolls} roll" + ("" if recap.rolls == 1 else "s")
    started = f"<t:{int(session.started_at.timestamp())}:f>"
    return (f"**{outcome_text(recap)}**\n⏱️ {length_text(recap.length)} from {started} · "
            f"{rolls} · {stands}")


def player_line(player: PlayerRecap) -> str:
    """``<@111> Kaladin · 🎲 4 (1 physical) · ✅ 3 ❌ 0 · 🌟 3 💥 0 · 🎯 1 · ⚔️ 6 dealt, 4
    taken · 🩸 1``: only the parts that are not nothing past the rolls."""
    names = ", ".join(shown(name, 32) for name in player.names)
    parts = [f"<@{player.user_id}>" + (f" {names}" if names else "")]
    physical = f" ({player.physical} physical)" if player.physical else ""
    parts.append(f"🎲 {player.rolls}{physical}")
    if player.successes or player.failures:
        parts.append(f"✅ {player.successes} ❌ {player.failures}")
    if player.opportunities or player.complications:
        parts.append(f"🌟 {player.opportunities} 💥 {player.complications}")
    if player.critical_hits:
        parts.append(f"🎯 {player.critical_hits}")
    if player.damage_dealt or player.damage_taken:
        parts.append(f"⚔️ {player.damage_dealt} dealt, {player.damage_taken} taken")
    if player.injuries:
        parts.append(f"🩸 {player.injuries}")
    return clip(" · ".join(parts), LINE_LIMIT)


def recap_card(recap: Recap) -> SessionCardView:
    """The recap's card: title, headline, one line per player, and its buttons."""
    players = [player_line(player) for player in recap.players[:PLAYERS_SHOWN]]
    more = len(recap.players) - PLAYERS_SHOWN
    if more > 0:
        players.append(f"…and {more} more: see the details")
    body = "\n".join(players) if players else "Nobody rolled."
    return SessionCardView((title_of(recap), headline(recap), body),
                           (SessionButton(DETAILS, "Details"),
                            SessionButton(JOURNAL, "Journal")))


def recap_details(recap: Recap) -> SessionCardView:
    """The details, for the asker alone: each player's best and worst test (roll ids
    ``/verify`` takes), each fight, request and endeavor."""
    sections = [title_of(recap) + " · details"]
    players = [line for player in recap.players for line in _player_details(player)]
    sections.append(fit_lines(["### Players", *players] if players
                              else ["### Players", "Nobody rolled."], 1500))
    lines = [*_list("### Fights", [fight_line(f) for f in recap.fights]),
             *_list("### Requests", [request_line(r) for r in recap.requests]),
             *_list("### Endeavors", [endeavor_line(e) for e in recap.endeavors])]
    if recap.cut:
        lines.append("Only the first rolls are counted: the session had too many to read.")
    sections.append(fit_lines(lines or ["No fight, request nor endeavor."],
                              DiscordLimits.COMPONENTS_TEXT - 2000))
    return SessionCardView(tuple(sections))


def _list(title: str, lines: list[str]) -> list[str]:
    return [title, *lines] if lines else []


def _player_details(player: PlayerRecap) -> list[str]:
    lines = [player_line(player)]
    if player.best is not None and player.worst is not None:
        lines.append(f"  best {ref_text(player.best)} · worst {ref_text(player.worst)}")
    return lines


def ref_text(ref: RollRef) -> str:
    """``**20** (23) Athletics``: a test's natural d20, its total, what it was (its roll's id is
    the journal's, for /verify)."""
    return f"**{ref.natural}** ({ref.total}) {shown(ref.what, 40)}"


def fight_line(fight: FightRecap, *, fallen: bool = True) -> str:
    """``🏆 won · Ambush · 3 rounds · fell: Bandit (round 1)`` (``fallen``: with who fell)."""
    rounds = f"{fight.rounds} round" + ("" if fight.rounds == 1 else "s")
    name = shown(fight.name, NAME_LIMIT) if fight.name else "a fight"
    fell = ", ".join(f"{shown(f.name, 32)} (round {f.round})"
                     for f in fight.fallen[:10]) if fallen else ""
    return clip(f"{_OUTCOMES[fight.outcome]} · {name} · {rounds}"
                + (f" · fell: {fell}" if fell else ""), LINE_LIMIT * 2)


def request_line(request: RequestRecap) -> str:
    """``📣 Athletics · DC 10: 1 of 1 succeeded (Kaladin 14 ✅)``."""
    asked = request.skill + ("" if request.dc is None else f" · DC {request.dc}")
    if request.hidden:
        return f"📣 {shown(asked, 60)}: {request.rolled} rolled, the GM keeps the results"
    rolled = ", ".join(f"{shown(o.name or 'flat d20', 32)} {o.total}"
                       + {True: " ✅", False: " ❌", None: ""}[o.success]
                       for o in request.outcomes[:10])
    return clip(f"📣 {shown(asked, 60)}: {request.summary}"
                + (f" ({rolled})" if rolled else ""), LINE_LIMIT * 2)


def endeavor_line(endeavor: EndeavorRecap) -> str:
    """``🧗 Cross the chasm: succeeded, 2 of 2 successes, 0 of 3 failures``."""
    name = shown(endeavor.name, NAME_LIMIT)
    if endeavor.hidden:
        return f"🧗 {name}: secret, still running"
    state = endeavor.ending or "running"
    return (f"🧗 {name}: {state}, {endeavor.successes} of {endeavor.needed} successes, "
            f"{endeavor.failures} of {endeavor.allowed} failures")
