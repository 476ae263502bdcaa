"""A session's journal as Markdown, for a GM to paste into a campaign wiki: the headline, the
chain head it was made from (and how to check it), a table of the players, then the scenes in
order, each roll with its id.

Players are named by the characters they played (a player with none: ``Player 2``, in the
order they first appear); names are shown as plain text (Markdown in them escaped). It is
written in the language spoken (``/session journal``: the table's); ids and hashes stay as
they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from nazh.application.sessions.journal import ChainHead, Journal, JournalRoll, Scene, SceneKind
from nazh.application.sessions.recap import PlayerRecap, Recap, RollRef
from nazh.domain.session import Ending
from nazh.presentation.chat import shown
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.request_card import skill_word
from nazh.presentation.session_card import (
    endeavor_line,
    fight_line,
    length_text,
    outcome_text,
    request_line,
)

NAME_LIMIT = 100
_ENDINGS = {None: N_("still open"), Ending.ENDED: N_("ended by a GM"),
            Ending.QUIET: N_("closed by Nazh after a quiet spell")}
_TITLES = {SceneKind.ROLLS: N_("Rolls"), SceneKind.FIGHT: N_("Fight"),
           SceneKind.REQUEST: N_("Request"), SceneKind.ENDEAVOR: N_("Endeavor")}
COLUMNS = (N_("Player"), N_("Rolls"), N_("Successes"), N_("Failures"), N_("Opportunities"),
           N_("Complications"), N_("Critical hits"), N_("Damage dealt"), N_("Damage taken"),
           N_("Injuries"), N_("Best"), N_("Worst"))
"""The players' table's columns."""
_SECRET = {"gm": N_("🔓 gm roll, revealed"), "blind": N_("🔓 blind roll, revealed")}


def journal_markdown(journal: Journal) -> str:
    """The journal's Markdown (ending with a newline)."""
    recap = journal.recap
    names = player_names(recap)
    lines = [*_head(journal), "", "## " + _("Players"), "", *_players(recap, names), "",
             "## " + _("Scenes")]
    for scene in journal.scenes:
        lines += ["", *scene_lines(scene, names)]
    if not journal.scenes:
        lines += ["", _("Nothing happened.")]
    return "\n".join(lines) + "\n"


def player_names(recap: Recap) -> dict[int, str]:
    """Each player's name in the journal: their characters, else ``Player N``."""
    names: dict[int, str] = {}
    for number, player in enumerate(recap.players, start=1):
        names[player.user_id] = " / ".join(shown(name, 40) for name in player.names) \
            or _("Player {n}").format(n=number)
    return names


def _head(journal: Journal) -> list[str]:
    recap = journal.recap
    session = recap.session.session
    title = shown(session.name, NAME_LIMIT) if session.name else _("Session")
    end = _when(session.ended_at) if session.ended_at is not None else _("now")
    span = _("{start} to {end} UTC ({length}), {ending}.").format(
        start=_when(session.started_at), end=end, length=length_text(recap.length),
        ending=_(_ENDINGS[session.ending]))
    rolls = ngettext("{n} roll", "{n} rolls", recap.rolls).format(n=recap.rolls)
    lines = [f"# {title}", "", span, "", f"**{outcome_text(recap)}** · {rolls}", "",
             _chain(journal.head)]
    if recap.cut:
        lines += ["", _("Only the session's first rolls are in this journal: it had too many.")]
    return lines


def _chain(head: ChainHead | None) -> str:
    if head is None:
        return _("No roll of this session is in the channel's log.")
    return _("Made from the channel's roll log up to record #{seq} (hash {hash}), the latest "
             "record of roll {roll_id}: {verify} shows that record's number and hash, and that "
             "the chain is intact up to it.").format(
        seq=head.seq, hash=f"`{head.hash}`", roll_id=f"`{head.roll_id}`",
        verify=f"`/verify roll_id:{head.roll_id}`")


def _players(recap: Recap, names: Mapping[int, str]) -> list[str]:
    if not recap.players:
        return [_("Nobody rolled.")]
    lines = ["| " + " | ".join(_(column) for column in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += [_player_row(player, names[player.user_id]) for player in recap.players]
    return lines


def _player_row(player: PlayerRecap, name: str) -> str:
    rolls = str(player.rolls) + (" (" + _("{n} physical").format(n=player.physical) + ")"
                                 if player.physical else "")
    cells = [name, rolls, player.successes, player.failures, player.opportunities,
             player.complications, player.critical_hits, player.damage_dealt,
             player.damage_taken, player.injuries, _ref(player.best), _ref(player.worst)]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _ref(ref: RollRef | None) -> str:
    return "" if ref is None else f"{ref.natural} ({ref.total}) `{ref.roll_id}`"


def scene_lines(scene: Scene, names: Mapping[int, str]) -> list[str]:
    """A scene's heading, what it was, and its rolls."""
    heading = f"### {_clock(scene.at)} · {_(_TITLES[scene.kind])}"
    about: list[str] = []
    if scene.fight is not None:
        heading += f": {shown(scene.fight.name, NAME_LIMIT)}" if scene.fight.name else ""
        about = [f"- {fight_line(scene.fight, fallen=False)}"]
        about += ["- " + _("Round {n}: {name} fell").format(n=f.round, name=shown(f.name, 64))
                  for f in scene.fight.fallen]
    elif scene.request is not None:
        heading += ": " + skill_word(scene.request.skill, lambda skill: shown(skill, 60))
        about = [f"- {request_line(scene.request)}"]
    elif scene.endeavor is not None:
        heading += f": {shown(scene.endeavor.name, NAME_LIMIT)}"
        about = [f"- {endeavor_line(scene.endeavor)}"]
    return [heading, "", *about, *(roll_line(roll, names) for roll in scene.rolls)]


def roll_line(roll: JournalRoll, names: Mapping[int, str]) -> str:
    """``- 19:05 Kaladin: Athletics — **23** vs DC 15 ✅ · 🌟 1 · `roll000001```."""
    who = shown(roll.character, 40) if roll.character else names.get(roll.user_id,
                                                                      _("a player"))
    totals = ", ".join(f"**{total}**" if index == 0 else str(total)
                       for index, total in enumerate(roll.totals))
    what = skill_word(roll.what, lambda written: shown(written, 60))
    parts = [f"- {_clock(roll.at)} {who}: {what} — {totals or _('no total')}"]
    if roll.dc is not None:
        parts[0] += " " + _("vs DC {dc}").format(dc=roll.dc) + {
            True: " ✅", False: " ❌", None: ""}[roll.success]
    if roll.opportunities or roll.complications:
        parts.append(f"🌟 {roll.opportunities} ⚠️ {roll.complications}")
    if roll.critical:
        parts.append("💥 " + _("critical hit"))
    if roll.injury:
        parts.append("🩸 " + _("injury roll"))
    if roll.physical:
        parts.append("🎲 " + _("physical dice"))
    if roll.secret is not None:
        secret = _SECRET.get(roll.secret)
        parts.append(_(secret) if secret else f"🔓 {roll.secret} roll, revealed")
    parts.append(f"`{roll.roll_id}`")
    return " · ".join(parts)


def _when(at: datetime) -> str:
    return _utc(at).strftime("%Y-%m-%d %H:%M")


def _clock(at: datetime) -> str:
    return _utc(at).strftime("%H:%M")


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
