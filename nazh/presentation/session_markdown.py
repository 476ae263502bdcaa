"""A session's journal as Markdown, for a GM to paste into a campaign wiki: the headline, the
chain head it was made from (and how to check it), a table of the players, then the scenes in
order, each roll with its id.

Players are named by the characters they played (a player with none: ``Player 2``, in the
order they first appear); names are shown as plain text (Markdown in them escaped).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from nazh.application.sessions.journal import ChainHead, Journal, JournalRoll, Scene, SceneKind
from nazh.application.sessions.recap import PlayerRecap, Recap, RollRef
from nazh.domain.session import Ending
from nazh.presentation.chat import shown
from nazh.presentation.session_card import (
    endeavor_line,
    fight_line,
    length_text,
    outcome_text,
    request_line,
)

NAME_LIMIT = 100
_ENDINGS = {None: "still open", Ending.ENDED: "ended by a GM",
            Ending.QUIET: "closed by Nazh after a quiet spell"}
_TITLES = {SceneKind.ROLLS: "Rolls", SceneKind.FIGHT: "Fight", SceneKind.REQUEST: "Request",
           SceneKind.ENDEAVOR: "Endeavor"}


def journal_markdown(journal: Journal) -> str:
    """The journal's Markdown (ending with a newline)."""
    recap = journal.recap
    names = player_names(recap)
    lines = [*_head(journal), "", "## Players", "", *_players(recap, names), "",
             "## Scenes"]
    for scene in journal.scenes:
        lines += ["", *scene_lines(scene, names)]
    if not journal.scenes:
        lines += ["", "Nothing happened."]
    return "\n".join(lines) + "\n"


def player_names(recap: Recap) -> dict[int, str]:
    """Each player's name in the journal: their characters, else ``Player N``."""
    names: dict[int, str] = {}
    for number, player in enumerate(recap.players, start=1):
        names[player.user_id] = " / ".join(shown(name, 40) for name in player.names) \
            or f"Player {number}"
    return names


def _head(journal: Journal) -> list[str]:
    recap = journal.recap
    session = recap.session.session
    title = shown(session.name, NAME_LIMIT) if session.name else "Session"
    span = f"{_when(session.started_at)} to " + (
        _when(session.ended_at) if session.ended_at is not None else "now")
    lines = [f"# {title}", "",
             f"{span} UTC ({length_text(recap.length)}), {_ENDINGS[session.ending]}.", "",
             f"**{outcome_text(recap)}** · {recap.rolls} rolls", "", _chain(journal.head)]
    if recap.cut:
        lines += ["", "Only the session's first rolls are in this journal: it had too many."]
    return lines


def _chain(head: ChainHead | None) -> str:
    if head is None:
        return "No roll of this session is in the channel's log."
    return (f"Made from the channel's roll log up to record #{head.seq} (hash "
            f"`{head.hash}`), the latest record of roll `{head.roll_id}`: "
            f"`/verify roll_id:{head.roll_id}` shows that record's number and hash, and that "
            "the chain is intact up to it.")


def _players(recap: Recap, names: Mapping[int, str]) -> list[str]:
    if not recap.players:
        return ["Nobody rolled."]
    lines = ["| Player | Rolls | Successes | Failures | Opportunities | Complications | "
             "Critical hits | Damage dealt | Damage taken | Injuries | Best | Worst |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [_player_row(player, names[player.user_id]) for player in recap.players]
    return lines


def _player_row(player: PlayerRecap, name: str) -> str:
    rolls = str(player.rolls) + (f" ({player.physical} physical)" if player.physical else "")
    cells = [name, rolls, player.successes, player.failures, player.opportunities,
             player.complications, player.critical_hits, player.damage_dealt,
             player.damage_taken, player.injuries, _ref(player.best), _ref(player.worst)]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _ref(ref: RollRef | None) -> str:
    return "" if ref is None else f"{ref.natural} ({ref.total}) `{ref.roll_id}`"


def scene_lines(scene: Scene, names: Mapping[int, str]) -> list[str]:
    """A scene's heading, what it was, and its rolls."""
    heading = f"### {_clock(scene.at)} · {_TITLES[scene.kind]}"
    about: list[str] = []
    if scene.fight is not None:
        heading += f": {shown(scene.fight.name, NAME_LIMIT)}" if scene.fight.name else ""
        about = [f"- {fight_line(scene.fight, fallen=False)}"]
        about += [f"- Round {f.round}: {shown(f.name, 64)} fell" for f in scene.fight.fallen]
    elif scene.request is not None:
        heading += f": {shown(scene.request.skill, 60)}"
        about = [f"- {request_line(scene.request)}"]
    elif scene.endeavor is not None:
        heading += f": {shown(scene.endeavor.name, NAME_LIMIT)}"
        about = [f"- {endeavor_line(scene.endeavor)}"]
    return [heading, "", *about, *(roll_line(roll, names) for roll in scene.rolls)]


def roll_line(roll: JournalRoll, names: Mapping[int, str]) -> str:
    """``- 19:05 Kaladin: Athletics — **23** vs DC 15 ✅ · 🌟 1 · `roll000001```."""
    who = shown(roll.character, 40) if roll.character else names.get(roll.user_id, "a player")
    totals = ", ".join(f"**{total}**" if index == 0 else str(total)
                       for index, total in enumerate(roll.totals))
    parts = [f"- {_clock(roll.at)} {who}: {shown(roll.what, 60)} — {totals or 'no total'}"]
    if roll.dc is not None:
        parts[0] += f" vs DC {roll.dc}" + {True: " ✅", False: " ❌", None: ""}[roll.success]
    if roll.opportunities or roll.complications:
        parts.append(f"🌟 {roll.opportunities} 💥 {roll.complications}")
    if roll.critical:
        parts.append("🎯 critical hit")
    if roll.injury:
        parts.append("🩸 injury roll")
    if roll.physical:
        parts.append("🎲 physical dice")
    if roll.secret is not None:
        parts.append(f"🔓 {roll.secret} roll, revealed")
    parts.append(f"`{roll.roll_id}`")
    return " · ".join(parts)


def _when(at: datetime) -> str:
    return _utc(at).strftime("%Y-%m-%d %H:%M")


def _clock(at: datetime) -> str:
    return _utc(at).strftime("%H:%M")


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
