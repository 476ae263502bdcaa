"""An encounter in words: the summary at its end and the lines of ``/encounter log``."""
# Mentions (``<@123>``) ping nobody: Nazh sends with no mentions allowed.

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nazh.application.encounters.model import NAZH_USER_ID, LogEntry
from nazh.domain.encounter.applied import Applied, AppliedKind
from nazh.domain.encounter.brace import ATTACKED
from nazh.domain.encounter.combatant import MAX_NAME_LENGTH, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.named import OFFHAND_FOCUS
from nazh.domain.encounter.summary import Line, Summary
from nazh.domain.encounter.timing import Phase
from nazh.presentation.chat import clip, shown
from nazh.presentation.encounter_state import Sight
from nazh.presentation.fight_words import ATTRIBUTES, condition_word, damage_word, phase_word
from nazh.presentation.i18n import IN_ENGLISH, N_, Speaking, _, ngettext

# the log's kinds of the encounter's own changes, beside the events' kinds
STARTED = "started"
ENDED = "ended"
SETTING = "setting"
CARD = "card"

MAX_DETAIL_SHOWN = 100
MAX_TITLE_SHOWN = 100


def actions_count(amount: int) -> str:
    """``1 action``, ``2 actions``."""
    return ngettext("{n} action", "{n} actions", amount).format(n=amount)


def phase_title(phase: Phase) -> str:
    """``Slow players``."""
    return phase_word(phase)


def encounter_title(name: str) -> str:
    """The encounter's name as a title shows it (``Encounter`` when it has none)."""
    return shown(name, MAX_TITLE_SHOWN) if name.strip() else _("Encounter")


# -- the summary --------------------------------------------------------------------------------


def summary_lines(summary: Summary) -> list[str]:
    """``⚔️ **Ambush** — ended after 3 rounds``, the headline (who won, who fell), then one line
    per combatant."""
    head = f"⚔️ **{encounter_title(summary.name)}** — " + ngettext(
        "ended after {n} round", "ended after {n} rounds", summary.rounds).format(
        n=summary.rounds)
    if not summary.lines:
        return [head, _("No combatants took part.")]
    return [head, headline(summary), *(summary_line(line) for line in summary.lines)]


MAX_FALLEN_NAMED = 8


def headline(summary: Summary) -> str:
    """``🏆 The players won: every enemy is down. Fell: Bandit 1, Bandit 2.``"""
    enemies = [line for line in summary.lines if line.side is Side.ENEMY]
    friends = [line for line in summary.lines if line.side is not Side.ENEMY]
    if enemies and all(line.down for line in enemies):
        said = "🏆 " + _("**The players won**: every enemy is down.")
    elif friends and all(line.down for line in friends):
        said = "💀 " + _("**The enemies won**: every player is down.")
    else:
        said = "🏁 " + _("**The fight ended** with both sides standing.")
    fallen = [f"**{shown(line.name, MAX_NAME_LENGTH)}**" for line in summary.lines if line.down]
    if not fallen:
        return said
    more = len(fallen) - MAX_FALLEN_NAMED
    return f"{said} " + _("Fell: {names}.").format(names=and_more(fallen[:MAX_FALLEN_NAMED],
                                                                   more))


def and_more(names: list[str], more: int) -> str:
    """``A, B`` or ``A, B and 3 more``."""
    joined = ", ".join(names)
    return _("{names} and {n} more").format(names=joined, n=more) if more > 0 else joined


def summary_line(line: Line) -> str:
    """One combatant's line of the summary."""
    tally = line.tally
    name = f"**{shown(line.name, MAX_NAME_LENGTH)}**" + (
        " " + _("(defeated)") if line.defeated else "")
    parts = [name, _("damage dealt {dealt}, taken {taken}").format(
        dealt=tally.damage_dealt, taken=tally.damage_taken)]
    if tally.critical_hits:
        parts.append(ngettext("{n} critical hit", "{n} critical hits",
                              tally.critical_hits).format(n=tally.critical_hits))
    if tally.grazes:
        parts.append(ngettext("{n} graze", "{n} grazes", tally.grazes).format(n=tally.grazes))
    if tally.injuries:
        parts.append(ngettext("{n} injury", "{n} injuries", tally.injuries).format(
            n=tally.injuries))
    if tally.conditions:
        parts.append(_("suffered {conditions}").format(
            conditions=", ".join(condition_word(c) for c in tally.conditions)))
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
    return lambda said: _(text) + (f" ({said.detail})" if said.detail else "")


def _turn(said: Said, *, ended: bool) -> str:
    speed, _blank, amount = said.detail.partition(" ")
    actions = f" ({actions_count(int(amount))})" if amount.isdigit() else ""
    kinds = {"fast": (_("{who} started a fast turn"), _("{who} ended its fast turn")),
             "slow": (_("{who} started a slow turn"), _("{who} ended its slow turn"))}
    started, finished = kinds.get(speed, (_("{who} started a turn"), _("{who} ended its turn")))
    return (finished if ended else started).format(who=said.who) + actions


def _focus_spent(said: Said) -> str:
    purpose, _blank, left = said.detail.rpartition(" ")
    if not left.isdigit():
        purpose, left = said.detail, ""
    text = (_("{who} spent 1 focus on {purpose}").format(who=said.who,
                                                          purpose=purpose_shown(purpose))
            if purpose else _("{who} spent 1 focus").format(who=said.who))
    return text + (" (" + _("{n} left").format(n=left) + ")" if left else "")


def _offhand(said: Said, text: str) -> str:
    """An offhand Strike's focus (its detail: ``2 3``, the cost and the focus left)."""
    cost, _blank, left = said.detail.partition(" ")
    return _(text).format(who=said.who, cost=cost or OFFHAND_FOCUS) + (
        " (" + _("{n} left").format(n=left) + ")" if left else "")


def _left(said: Said) -> str:
    """`` (2 left)``, or nothing."""
    return " (" + _("{n} left").format(n=said.detail) + ")" if said.detail else ""


def _detail(said: Said) -> str:
    return f" ({said.detail})" if said.detail else ""


def _phase(text: str) -> Wording:
    return lambda s: _(text).format(phase=phase_word(s.phase).lower())


def _who(text: str) -> Wording:
    return lambda s: _(text).format(who=s.who, detail=s.detail)


def _condition(text: str) -> Wording:
    return lambda s: _(text).format(who=s.who, detail=condition_shown(s.detail))


def condition_shown(label: str) -> str:
    """A condition's label as the log keeps it (``Exhausted -2``, ``Afflicted 3 keen (fire)``,
    ``Enhanced +1 Strength``) in the words of the language spoken here."""
    words = label.split(" ")
    try:
        name = ConditionName(words[0].casefold())
    except ValueError:
        return label
    words[0] = condition_word(name)
    if name is ConditionName.AFFLICTED and len(words) > 2:
        words[2] = damage_word(words[2])
    if name is ConditionName.ENHANCED and len(words) > 2:
        titles = {attribute.title.casefold(): word for attribute, word in ATTRIBUTES.items()}
        words[2] = _(titles[words[2].casefold()]) if words[2].casefold() in titles else words[2]
    return " ".join(words)


def _who_other(text: str, other: str) -> Wording:
    """``text`` naming the entry's other combatant (its detail), else ``other``'s words."""
    return lambda s: _(text).format(who=s.who, other=s.detail or _(other))


# the wording of each kind of log entry, by the kind's value
WORDINGS: dict[str, Wording] = {
    EventKind.COMBATANT_ADDED.value: _who(N_("added {who}")),
    EventKind.COMBATANT_REMOVED.value: _who(N_("removed {who}")),
    EventKind.ROUND_STARTED.value: lambda s: _("round {n} started").format(n=s.round),
    EventKind.PHASE_STARTED.value: _phase(N_("the {phase} phase started")),
    EventKind.PHASE_SKIPPED.value: _phase(N_("the {phase} phase was skipped (nobody in it)")),
    EventKind.PHASE_ENDED.value: _phase(N_("the {phase} phase ended")),
    EventKind.SPEED_CHOSEN.value: lambda s: _("{who} switched to {speed}").format(
        who=s.who, speed=_speed(s.detail)),
    EventKind.STAYED_SLOW.value: _who(N_("{who} stays slow")),
    EventKind.TURN_STARTED.value: lambda s: _turn(s, ended=False),
    EventKind.TURN_ENDED.value: lambda s: _turn(s, ended=True),
    EventKind.ACTION_SPENT.value: lambda s: _("{who} spent an action").format(who=s.who)
                                            + _left(s),
    EventKind.ACTION_RETURNED.value: lambda s: _("{who} was given back an action").format(
        who=s.who) + _left(s),
    EventKind.REACTION_SPENT.value: lambda s: _("{who} spent its reaction").format(who=s.who)
                                              + (f" ({reaction_shown(s.detail)})" if s.detail
                                                 else ""),
    EventKind.CONDITION_ADDED.value: _condition(N_("{who} is now {detail}")),
    EventKind.CONDITION_ENDED.value: _condition(N_("{who}'s {detail} ended")),
    EventKind.CONDITION_REMOVED.value: _condition(N_("removed {detail} from {who}")),
    EventKind.AFFLICTED_DAMAGE.value: lambda s: _amounted(
        s, N_("{who} took {n} damage from Afflicted"), N_("{who} took no damage from Afflicted"),
        N_("{who} took damage from Afflicted")),
    EventKind.INJURY_DUE.value: lambda s: (
        _("{who} takes an injury from {detail}: roll it with /injury") if s.detail
        else _("{who} takes an injury: roll it with /injury")).format(who=s.who,
                                                                      detail=s.detail),
    EventKind.DAMAGE_TAKEN.value: lambda s: _amounted(
        s, N_("{who} took {n} damage"), N_("{who} took no damage"), N_("{who} took damage")),
    EventKind.HEALED.value: lambda s: _amounted(
        s, N_("{who} recovered {n} health"), N_("{who} recovered no health"),
        N_("{who} recovered health")),
    EventKind.DETERMINED_USED.value: _who(N_("{who} used Determined: the failed test gains an "
                                             "Opportunity")),
    EventKind.DEFEATED.value: _who(N_("{who} was defeated")),
    EventKind.BRACED.value: _who(N_("{who} Braced behind cover: attacks against it gain a "
                                    "disadvantage")),
    EventKind.BRACE_ENDED.value: lambda s: (
        _("{who}'s Brace ended: it attacked") if s.detail == ATTACKED
        else _("{who} left its cover: its Brace ended")).format(who=s.who),
    EventKind.KNOCKED_OUT.value: _who(N_("{who} was knocked out instead: Unconscious, not dead")),
    EventKind.FOCUS_SPENT.value: _focus_spent,
    EventKind.DODGE_MARKED.value: _who(N_("{who} is Dodging: the next attack against it gains "
                                          "a disadvantage")),
    EventKind.DODGE_USED.value: _who(N_("{who}'s Dodge gave an attack a disadvantage")),
    EventKind.DODGE_LAPSED.value: _who(N_("{who}'s Dodge lapsed unused")),
    EventKind.INVESTITURE_REFILLED.value: _who(N_("{who}'s Investiture refilled to its maximum "
                                                  "(Empowered)")),
    EventKind.AID_GIVEN.value: _who_other(N_("{who} Aided {other}"), N_("a combatant")),
    EventKind.AID_USED.value: lambda s: (
        _("{who}'s test gained the advantage of {other}'s Aid") if s.detail
        else _("{who}'s test gained the advantage of an Aid")).format(who=s.who,
                                                                      other=s.detail),
    EventKind.AID_LAPSED.value: _who_other(N_("{other}'s Aid to {who} lapsed unused (its turn "
                                             "began first)"), N_("a combatant")),
    EventKind.EXTRA_ACTION.value: lambda s: _("{who} took an extra action").format(who=s.who)
                                            + (" (" + _("{n} left").format(
                                                n=_actions(s.detail)) + ")" if s.detail
                                               else ""),
    EventKind.RECOVERED.value: lambda s: _("{who} Recovered {detail}").format(
        who=s.who, detail=recovered_shown(s.detail)),
    EventKind.APPLICATION_UNDONE.value: lambda s: _(
        "undid the latest damage or healing of {who}").format(who=s.who) + (
        " (" + _("health {n}").format(n=s.detail) + ")" if s.detail else ""),
    EventKind.SHEET_FOCUS.value: lambda s: _("{who}'s focus followed its sheet").format(
        who=s.who) + (f" ({followed_shown(s.detail)})" if s.detail else ""),
    EventKind.ADVANTAGE_GAINED.value: _who_other(
        N_("{who} gained an advantage on its next test against {other}"), N_("a foe")),
    EventKind.ADVANTAGE_USED.value: _who_other(
        N_("{who}'s test used the advantage gained on {other}"), N_("a foe")),
    EventKind.GRAPPLED.value: _who_other(N_("{who} grappled {other}"), N_("a combatant")),
    EventKind.GRAPPLE_ENDED.value: lambda s: _("{who} is no longer grappled").format(who=s.who)
                                             + (f": {s.detail}" if s.detail else ""),
    EventKind.SHOVED.value: _who_other(N_("{who} shoved {other} 5 feet"), N_("a combatant")),
    EventKind.SHOVE_HELD.value: _who_other(N_("{who}'s Shove did not move {other}: "
                                              "Immobilized"), N_("a combatant")),
    EventKind.OFFHAND_STRIKE.value: lambda s: _offhand(
        s, N_("{who} struck with the offhand for {cost} focus")),
    EventKind.OFFHAND_UNDONE.value: lambda s: _offhand(
        s, N_("{who}'s offhand Strike was undone: {cost} focus back")),
    STARTED: lambda s: _("started the encounter") + (f": {s.detail}" if s.detail else ""),
    ENDED: _and_detail(N_("ended the encounter")),
    SETTING: lambda s: _("changed a setting") + (f": {setting_words(s.detail)}" if s.detail
                                                 else ""),
    CARD: _and_detail(N_("posted the card")),
}


PURPOSES = {"dodge": N_("dodge"), "aid": N_("aid"), "reactive strike": N_("reactive strike"),
            "extra action": N_("extra action")}
"""What focus is spent on, as the log keeps it (the domain's words)."""
FOCUSED_FREE = ", Focused: no focus"  # a reaction Focused made free, as the log keeps it
RECOVERED = re.compile(r"(?P<n>\d+): health \+(?P<health>\d+), focus \+(?P<focus>\d+)")
FOLLOWED = re.compile(r"(?P<why>graze|Complication|Opportunity): (?P<before>\d+) -> "
                      r"(?P<after>\d+)")
WHYS = {"graze": N_("graze"), "Complication": N_("Complication"),
        "Opportunity": N_("Opportunity")}


def purpose_shown(purpose: str) -> str:
    """``dodge``, ``end stunned`` (as the log keeps them) in words."""
    if purpose.startswith("end "):
        try:
            name = ConditionName(purpose.removeprefix("end "))
        except ValueError:
            return purpose
        return _("ending {condition}").format(condition=condition_word(name))
    return _(PURPOSES[purpose]) if purpose in PURPOSES else purpose


def reaction_shown(detail: str) -> str:
    """``dodge`` or ``dodge, Focused: no focus`` in words."""
    if detail.endswith(FOCUSED_FREE):
        return _("{purpose}, Focused: no focus").format(
            purpose=purpose_shown(detail.removesuffix(FOCUSED_FREE)))
    return purpose_shown(detail)


def recovered_shown(detail: str) -> str:
    """``4: health +3, focus +1`` in words (a viewer's hidden one, ``4``, as it is)."""
    match = RECOVERED.fullmatch(detail)
    if match is None:
        return detail
    return _("{n}: health +{health}, focus +{focus}").format(**match.groupdict())


def followed_shown(detail: str) -> str:
    """``graze: 3 -> 2`` in words (a viewer's hidden one, ``graze``, too)."""
    match = FOLLOWED.fullmatch(detail)
    if match is None:
        return _(WHYS[detail]) if detail in WHYS else detail
    return f"{_(WHYS[match['why']])}: {match['before']} -> {match['after']}"


def _speed(detail: str) -> str:
    """A speed chosen as the log keeps it (``fast``), in words."""
    return {"fast": _("fast"), "slow": _("slow")}.get(detail, detail) if detail else _(
        "a speed")


def _amounted(said: Said, counted: str, none: str, unseen: str) -> str:
    """``counted`` with the entry's amount, ``none`` for 0, ``unseen`` when the viewer may not
    see it."""
    if said.detail == "0":
        return _(none).format(who=said.who)
    if said.detail:
        return _(counted).format(who=said.who, n=said.detail)
    return _(unseen).format(who=said.who)


# a setting's words for players, by its key (the command's option and the log's detail)
SETTING_WORDS = {"keep-speed": N_("new rounds keep last round's speeds"),
                 "show-health": N_("everyone sees the enemies' health"),
                 "ping": N_("a ping when their phase starts")}
SETTING_VALUES = {"on": N_("on"), "off": N_("off")}


def setting_words(detail: str) -> str:
    """``keep-speed on`` as ``new rounds keep last round's speeds: on`` (several: joined)."""
    said = []
    for part in detail.split(", "):
        key, _blank, value = part.partition(" ")
        words = SETTING_WORDS.get(key)
        shown_value = _(SETTING_VALUES[value]) if value in SETTING_VALUES else value
        said.append(f"{_(words) if words else key}: {shown_value}" if value else part)
    return ", ".join(said)


def applied_text(applied: Applied) -> str:
    """``12 keen - 2 deflect`` (the roll's id is /verify's, not the log's)."""
    if applied.kind is AppliedKind.HEAL:
        return ""
    kind = f" {damage_word(applied.damage_type.value)}" if applied.damage_type else ""
    deflect = (" - " + _("{n} deflect").format(n=applied.deflect)) if applied.deflect else ""
    return f"{applied.amount}{kind}{deflect}"


def _actions(detail: str) -> str:
    """``3 actions``, ``1 action`` (a detail that is no number: as it is)."""
    return actions_count(int(detail)) if detail.isdigit() else detail


def log_line(entry: LogEntry, sight: Sight) -> str:
    """One line of the whole log: ``R2 · Slow players · <@123>: Kaladin is now Exhausted``."""
    what = entry_said(entry, sight)
    return f"R{entry.round} · {phase_title(entry.phase)} · {actor(entry.user_id)}: {what}"


def entry_said(entry: LogEntry, sight: Sight) -> str:
    """What an entry says happened: ``Kaladin is now Exhausted`` (its viewer's sight applied)."""
    entry = sight.seen(entry)
    said = Said(shown(entry.combatant, MAX_NAME_LENGTH) if entry.combatant
                else _("the encounter"),
                shown(entry.detail, MAX_DETAIL_SHOWN), entry.round, entry.phase)
    wording = WORDINGS.get(entry.kind)
    what = wording(said) if wording is not None else _unknown(entry.kind, said)
    if entry.applied is None:
        return what
    with Speaking(IN_ENGLISH):  # as the log keeps it
        kept = applied_text(entry.applied)
    if kept and kept != entry.detail:  # ``took 6 damage: 6`` says nothing more
        what += f": {clip(applied_text(entry.applied), MAX_DETAIL_SHOWN)}"  # no outside text
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
            lines.append("**" + _("Round {n}").format(n=entry.round)
                         + f" · {phase_title(entry.phase)}**")
        what = entry_said(entry, sight)
        lines.append(f"• {what[:1].upper()}{what[1:]}")
    if len(entries) > limit:
        lines.append("-# " + _("and {n} earlier: Whole log shows them all").format(
            n=len(entries) - limit))
    return lines or [_("Nothing has happened yet.")]


def actor(user_id: int) -> str:
    """``<@123>``, or ``Nazh`` for Nazh's own changes."""
    return "Nazh" if user_id == NAZH_USER_ID else f"<@{user_id}>"


def _unknown(kind: str, said: Said) -> str:
    return " ".join(part for part in (shown(kind, MAX_DETAIL_SHOWN), said.who, said.detail)
                    if part)
