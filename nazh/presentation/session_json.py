"""A session's journal as JSON (``nazh-session``, version 1): ``/session journal`` attaches it
beside the Markdown, and ``nazh session export --channel ID --json`` prints it. A public
contract, documented field by field in ``docs/session-format.md``: within a version fields are
only added, never renamed nor removed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from nazh.application.sessions.journal import ChainHead, Journal, JournalRoll, Scene
from nazh.application.sessions.recap import (
    EndeavorRecap,
    FightOutcome,
    FightRecap,
    PlayerRecap,
    RequestRecap,
    RollRef,
)
from nazh.application.shared.json_types import JsonObject

FORMAT = "nazh-session"
VERSION = 1


def export(journal: Journal) -> JsonObject:
    """The journal as the contract's object, keys in its documented order."""
    recap = journal.recap
    record = recap.session
    session = record.session
    return {
        "format": FORMAT, "version": VERSION, "name": _text(session.name),
        "guild_id": str(record.guild_id), "channel_id": str(record.channel_id),
        "started_at": utc_text(session.started_at),
        "ended_at": None if session.ended_at is None else utc_text(session.ended_at),
        "ending": None if session.ending is None else session.ending.value,
        "length_seconds": int(recap.length.total_seconds()),
        "made_at": utc_text(journal.made_at),
        "chain": chain_to_dict(journal.head),
        "fights_won": recap.counted(FightOutcome.WON),
        "fights_lost": recap.counted(FightOutcome.LOST),
        "rolls_counted": recap.rolls, "cut": recap.cut,
        "players": [player_to_dict(player) for player in recap.players],
        "scenes": [scene_to_dict(scene) for scene in journal.scenes],
    }


def chain_to_dict(head: ChainHead | None) -> JsonObject | None:
    """The chain head the journal was made from."""
    if head is None:
        return None
    return {"seq": head.seq, "hash": head.hash, "roll_id": head.roll_id}


def player_to_dict(player: PlayerRecap) -> JsonObject:
    """A player's part."""
    return {
        "user_id": str(player.user_id), "names": [_text(name) for name in player.names],
        "rolls": player.rolls, "physical": player.physical, "successes": player.successes,
        "failures": player.failures, "opportunities": player.opportunities,
        "complications": player.complications, "critical_hits": player.critical_hits,
        "damage_dealt": player.damage_dealt, "damage_taken": player.damage_taken,
        "injuries": player.injuries, "best": ref_to_dict(player.best),
        "worst": ref_to_dict(player.worst),
    }


def ref_to_dict(ref: RollRef | None) -> JsonObject | None:
    """A test a player's line points at."""
    if ref is None:
        return None
    return {"roll_id": ref.roll_id, "natural": ref.natural, "total": ref.total,
            "what": _text(ref.what)}


def scene_to_dict(scene: Scene) -> JsonObject:
    """A scene, with its rolls and what it is."""
    return {
        "kind": scene.kind.value, "at": utc_text(scene.at),
        "rolls": [roll_to_dict(roll) for roll in scene.rolls],
        "fight": None if scene.fight is None else fight_to_dict(scene.fight),
        "request": None if scene.request is None else request_to_dict(scene.request),
        "endeavor": None if scene.endeavor is None else endeavor_to_dict(scene.endeavor),
    }


def roll_to_dict(roll: JournalRoll) -> JsonObject:
    """A roll as the journal tells it."""
    return {
        "roll_id": roll.roll_id, "at": utc_text(roll.at), "user_id": str(roll.user_id),
        "character": None if roll.character is None else _text(roll.character),
        "what": _text(roll.what), "notation": roll.notation, "totals": list(roll.totals),
        "dc": roll.dc, "success": roll.success, "opportunities": roll.opportunities,
        "complications": roll.complications, "physical": roll.physical,
        "secret": roll.secret, "critical": roll.critical, "injury": roll.injury,
        "seq": roll.seq, "hash": roll.hash,
    }


def fight_to_dict(fight: FightRecap) -> JsonObject:
    """A fight: its rounds, how it went, who fell."""
    return {"name": _text(fight.name), "rounds": fight.rounds,
            "outcome": fight.outcome.value,
            "fallen": [{"round": f.round, "name": _text(f.name)} for f in fight.fallen]}


def request_to_dict(request: RequestRecap) -> JsonObject:
    """A request: what was asked and each roll for it the channel sees."""
    return {
        "skill": _text(request.skill), "dc": request.dc, "label": _text(request.label),
        "hidden": request.hidden, "summary": request.summary, "rolled": request.rolled,
        "outcomes": [{"user_id": str(o.user_id), "name": _text(o.name), "total": o.total,
                      "success": o.success, "roll_id": o.roll_id} for o in request.outcomes],
    }


def endeavor_to_dict(endeavor: EndeavorRecap) -> JsonObject:
    """An endeavor: its count against its thresholds and how it ended."""
    return {"name": _text(endeavor.name), "hidden": endeavor.hidden,
            "successes": endeavor.successes, "needed": endeavor.needed,
            "failures": endeavor.failures, "allowed": endeavor.allowed,
            "ending": endeavor.ending}


def utc_text(at: datetime) -> str:
    """``2026-03-06T19:05:00Z``: ISO 8601 in UTC, to the second."""
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def dumps(obj: JsonObject) -> str:
    """The export as text: keys in the contract's order, indented by two spaces, UTF-8,
    ending with a newline (the same journal always gives the same text)."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def _text(text: str) -> str:
    """``text`` that always encodes as UTF-8 (a lone surrogate becomes ``?``)."""
    return text.encode("utf-8", "replace").decode("utf-8")
