"""An encounter in words: the summary at its end and the lines of ``/encounter log``."""
# Mentions (``<@123>``) ping nobody: Nazh sends with no mentions allowed.

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nazh.application.encounters.model import NAZH_USER_ID, LogEntry
from nazh.domain.encounter.applied import Applied, AppliedKind
from nazh.domain.encounter.combatant import MAX_NAME_LENGTH, Side
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.summary import Line, Summary
from nazh.domain.encounter.timing import Phase
from nazh.presentation.chat import shown
from nazh.presentation.encounter_state import Sight

# the log's kinds of the encounter's own changes, beside the events' kinds
STARTED = "started"
ENDED = "ended"
SETTING = "setting"
CARD = "card"

MAX_DETAIL_SHOWN = 100
MAX_TITLE_SHOWN = 100


def count(amount: int, singular: str, plural: str | None = None) -> str:
    """``1 action``, ``2 actions``; ``plural`` when it is not ``singular`` + ``s``."""
    word = singular if amount == 1 else plural or singular + "s"
    return f"{amount} {word}"


def phase_title(phase: Phase) -> str:
    """``Slow players``."""
    return phase.title.capitalize()


def encounter_title(name: str) -> str:
    """The encounter's name as a title shows it (``Encounter`` when it has none)."""
    return shown(name, MAX_TITLE_SHOWN) if name.strip() else "Encounter"


# -- the summary --------------------------------------------------------------------------------


def summary_lines(summary: Summary) -> list[str]:
    """``⚔️ **Ambush** — ended after 3 rounds``, the headline (who won, who fell), then one line
    per combatant."""
    head = (f"⚔️ **{encounter_title(summary.name)}** — ended after "
            f"{count(summary.rounds, 'round')}")
    if not summary.lines:
        return [head, "No combatants took part."]
    return [head, headline(summary), *(summary_line(line) for line in summary.lines)]


MAX_FALLEN_NAMED = 8


def headline(summary: Summary) -> str:
    """``🏆 The players won: every enemy is down. Fell: Bandit 1, Bandit 2.``"""
    enemies = [line for line in summary.lines if line.side is Side.ENEMY]
    friends = [line for line in summary.lines if line.side is not Side.ENEMY]
    if enemies and all(line.down for line in enemies):
        said = "🏆 **The players won**: every enemy is down."
    elif friends and all(line.down for line in friends):
        said = "💀 **The enemies won**: every player is down."
    else:
        said = "🏁 **The fight ended** with both sides standing."
    fallen = [f"**{shown(line.name, MAX_NAME_LENGTH)}**" for line in summary.lines if line.down]
    if not fallen:
        return said
    more = len(fallen) - MAX_FALLEN_NAMED
    named = ", ".join(fallen[:MAX_FALLEN_NAMED]) + (f" and {more} more" if more > 0 else "")
    return f"{said} Fell: {named}."


def summary_line(line: Line) -> str:
    """One combatant's line of the summary."""
    tally = line.tally
    name = f"**{shown(line.name, MAX_NAME_LENGTH)}**" + (" (defeated)" if line.defeated else "")
    parts = [name, f"damage dealt {tally.damage_dealt}, taken {tally.damage_taken}"]
    if tally.critical_hits:
        parts.append(count(tally.critical_hits, "critical hit"))
    if tally.grazes:
        parts.append(count(tally.grazes, "graze"))
    if tally.injuries:
        parts.append(count(tally.injuries, "injury", "injuries"))
    if tally.conditions:
        parts.append("suffered " + ", ".join(c.title for c in tally.conditions))
    return " · ".join(parts)


# -- the log ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Said:
    """What a wording is made of, shown safely."""

    who: str  # ``the encounter`` when the entry has none
    detail: str
    round: int
    phase: Phase


Wording = Callable[[Said], str]


def _and_detail(text: str) -> Wording:
    return lambda said: text + (f" ({said.detail})" if said.detail else "")


def _turn(verb: str) -> Wording:
    def worded(said: Said) -> str:
        speed, _, amount = said.detail.partition(" ")
        actions = f" ({count(int(amount), 'action')})" if amount.isdigit() else ""
        kind = f"{speed} turn" if speed else "turn"
        return f"{said.who} {verb} {'its' if verb == 'ended' else 'a'} {kind}{actions}"
    return worded


def _focus_spent(said: Said) -> str:
    purpose, _, left = said.detail.rpartition(" ")
    if not left.isdigit():
        purpose, left = said.detail, ""
    return (f"{said.who} spent 1 focus" + (f" on {purpose}" if purpose else "")
            + (f" ({left} left)" if left else ""))


# the wording of each kind of log entry, by the kind's value
WORDINGS: dict[str, Wording] = {
    EventKind.COMBATANT_ADDED.value: lambda s: f"added {s.who}",
    EventKind.COMBATANT_REMOVED.value: lambda s: f"removed {s.who}",
    EventKind.ROUND_STARTED.value: lambda s: f"round {s.round} started",
    EventKind.PHASE_STARTED.value: lambda s: f"the {s.phase.title} phase started",
    EventKind.PHASE_SKIPPED.value: lambda s: f"the {s.phase.title} phase was skipped "
                                             "(nobody in it)",
    EventKind.PHASE_ENDED.value: lambda s: f"the {s.phase.title} phase ended",
    EventKind.SPEED_CHOSEN.value: lambda s: f"{s.who} switched to {s.detail or 'a speed'}",
    EventKind.STAYED_SLOW.value: lambda s: f"{s.who} stays slow",
    EventKind.TURN_STARTED.value: _turn("started"),
    EventKind.TURN_ENDED.value: _turn("ended"),
    EventKind.ACTION_SPENT.value: lambda s: f"{s.who} spent an action"
                                            + (f" ({s.detail} left)" if s.detail else ""),
    EventKind.ACTION_RETURNED.value: lambda s: f"{s.who} was given back an action"
                                               + (f" ({s.detail} left)" if s.detail else ""),
    EventKind.REACTION_SPENT.value: lambda s: f"{s.who} spent its reaction"
                                              + (f" ({s.detail})" if s.detail else ""),
    EventKind.CONDITION_ADDED.value: lambda s: f"{s.who} is now {s.detail}",
    EventKind.CONDITION_ENDED.value: lambda s: f"{s.who}'s {s.detail} ended",
    EventKind.CONDITION_REMOVED.value: lambda s: f"removed {s.detail} from {s.who}",
    EventKind.AFFLICTED_DAMAGE.value: lambda s: f"{s.who} took {_amount(s)}damage from "
                                                "Afflicted",
    EventKind.INJURY_DUE.value: lambda s: f"{s.who} takes an injury"
                                          + (f" from {s.detail}" if s.detail else "")
                                          + ": roll it with /injury",
    EventKind.DAMAGE_TAKEN.value: lambda s: f"{s.who} took {_amount(s)}damage",
    EventKind.HEALED.value: lambda s: f"{s.who} recovered {_amount(s)}health",
    EventKind.DETERMINED_USED.value: lambda s: f"{s.who} used Determined: the failed test "
                                               "gains an Opportunity",
    EventKind.DEFEATED.value: lambda s: f"{s.who} was defeated",
    EventKind.FOCUS_SPENT.value: _focus_spent,
    EventKind.DODGE_MARKED.value: lambda s: f"{s.who} is Dodging: the next attack against it "
                                            "gains a disadvantage",
    EventKind.DODGE_USED.value: lambda s: f"{s.who}'s Dodge gave an attack a disadvantage",
    EventKind.DODGE_LAPSED.value: lambda s: f"{s.who}'s Dodge lapsed unused",
    EventKind.AID_GIVEN.value: lambda s: f"{s.who} Aided {s.detail or 'a combatant'}",
    EventKind.AID_USED.value: lambda s: f"{s.who}'s test gained the advantage of "
                                        + (f"{s.detail}'s Aid" if s.detail else "an Aid"),
    EventKind.EXTRA_ACTION.value: lambda s: f"{s.who} took an extra action"
                                            + (f" ({_actions(s.detail)} left)" if s.detail
                                               else ""),
    EventKind.RECOVERED.value: lambda s: f"{s.who} Recovered {s.detail}",
    EventKind.APPLICATION_UNDONE.value: lambda s: f"undid the latest damage or healing of "
                                                  f"{s.who}" + (f" (health {s.detail})"
                                                                if s.detail else ""),
    EventKind.SHEET_FOCUS.value: lambda s: f"{s.who}'s focus followed its sheet"
                                           + (f" ({s.detail})" if s.detail else ""),
    EventKind.ADVANTAGE_GAINED.value: lambda s: f"{s.who} gained an advantage on its next test "
                                                f"against {s.detail or 'a foe'}",
    EventKind.ADVANTAGE_USED.value: lambda s: f"{s.who}'s test used the advantage gained on "
                                              f"{s.detail or 'a foe'}",
    EventKind.GRAPPLED.value: lambda s: f"{s.who} grappled {s.detail or 'a combatant'}",
    EventKind.GRAPPLE_ENDED.value: lambda s: f"{s.who} is no longer grappled"
                                             + (f": {s.detail}" if s.detail else ""),
    EventKind.SHOVED.value: lambda s: f"{s.who} shoved {s.detail or 'a combatant'} 5 feet",
    STARTED: lambda s: "started the encounter" + (f": {s.detail}" if s.detail else ""),
    ENDED: _and_detail("ended the encounter"),
    SETTING: lambda s: "changed a setting" + (f": {setting_words(s.detail)}" if s.detail
                                              else ""),
    CARD: _and_detail("posted the card"),
}


# a setting's words for players, by its key (the command's option and the log's detail)
SETTING_WORDS = {"keep-speed": "new rounds keep last round's speeds",
                 "show-health": "everyone sees the enemies' health",
                 "ping": "a ping when their phase starts"}


def setting_words(detail: str) -> str:
    """``keep-speed on`` as ``new rounds keep last round's speeds: on`` (several: joined)."""
    said = []
    for part in detail.split(", "):
        key, _, value = part.partition(" ")
        said.append(f"{SETTING_WORDS.get(key, key)}: {value}" if value else part)
    return ", ".join(said)


def _amount(said: Said) -> str:
    """``10 `` before the word it counts (``no`` for 0), or nothing when the viewer may not see
    it."""
    if said.detail == "0":
        return "no "
    return f"{said.detail} " if said.detail else ""


def applied_text(applied: Applied) -> str:
    """``12 keen - 2 deflect`` (the roll's id is /verify's, not the log's)."""
    if applied.kind is AppliedKind.HEAL:
        return ""
    kind = f" {applied.damage_type.value}" if applied.damage_type else ""
    deflect = f" - {applied.deflect} deflect" if applied.deflect else ""
    return f"{applied.amount}{kind}{deflect}"


def _actions(detail: str) -> str:
    """``3 actions``, ``1 action`` (a detail that is no number: as it is)."""
    return count(int(detail), "action") if detail.isdigit() else detail


def log_line(entry: LogEntry, sight: Sight) -> str:
    """One line of the whole log: ``R2 · Slow players · <@123>: Kaladin is now Exhausted``."""
    what = entry_said(entry, sight)
    return f"R{entry.round} · {phase_title(entry.phase)} · {actor(entry.user_id)}: {what}"


def entry_said(entry: LogEntry, sight: Sight) -> str:
    """What an entry says happened: ``Kaladin is now Exhausted`` (its viewer's sight applied)."""
    entry = sight.seen(entry)
    said = Said(shown(entry.combatant, MAX_NAME_LENGTH) if entry.combatant else "the encounter",
                shown(entry.detail, MAX_DETAIL_SHOWN), entry.round, entry.phase)
    wording = WORDINGS.get(entry.kind)
    what = wording(said) if wording is not None else _unknown(entry.kind, said)
    applied = "" if entry.applied is None else applied_text(entry.applied)
    if applied and applied != entry.detail:  # ``took 6 damage: 6`` says nothing more
        what += f": {shown(applied, MAX_DETAIL_SHOWN)}"
    return what


SHORT_LOG = 8
"""How many of the newest changes ``/encounter log`` shows before its Whole log button."""


def short_log(entries: list[LogEntry], sight: Sight, limit: int = SHORT_LOG) -> list[str]:
    """The newest ``limit`` changes under their round and phase, newest first: a glance."""
    lines: list[str] = []
    moment: tuple[int, Phase] | None = None
    for entry in entries[:limit]:
        if (entry.round, entry.phase) != moment:
            moment = (entry.round, entry.phase)
            lines.append(f"**Round {entry.round} · {phase_title(entry.phase)}**")
        what = entry_said(entry, sight)
        lines.append(f"• {what[:1].upper()}{what[1:]}")
    if len(entries) > limit:
        lines.append(f"-# and {len(entries) - limit} earlier: Whole log shows them all")
    return lines or ["Nothing has happened yet."]


def actor(user_id: int) -> str:
    """``<@123>``, or ``Nazh`` for Nazh's own changes."""
    return "Nazh" if user_id == NAZH_USER_ID else f"<@{user_id}>"


def _unknown(kind: str, said: Said) -> str:
    return " ".join(part for part in (shown(kind, MAX_DETAIL_SHOWN), said.who, said.detail)
                    if part)
