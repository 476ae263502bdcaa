"""The encounter's public JSON export, ``nazh-encounter`` version 1: docs/encounter-format.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.timing import Moment, Phase, Speed
from nazh.presentation.encounter_state import (
    Sight,
    acted,
    numbers_shown,
    sight,
    speeds,
)

FORMAT = "nazh-encounter"
VERSION = 1  # within a version fields are only ever added, never renamed nor removed

# every enum is written through a table here: renaming a domain value cannot change the contract
PHASES: dict[Phase, str] = {
    Phase.FAST_PLAYERS: "fast-players",
    Phase.FAST_ADVERSARIES: "fast-adversaries",
    Phase.SLOW_PLAYERS: "slow-players",
    Phase.SLOW_ADVERSARIES: "slow-adversaries",
}
SIDES: dict[Side, str] = {Side.PLAYER: "player", Side.ALLY: "ally", Side.ENEMY: "enemy"}
ROLES: dict[Role, str] = {Role.MINION: "minion", Role.RIVAL: "rival", Role.BOSS: "boss"}
SPEEDS: dict[frozenset[Speed], str] = {
    frozenset({Speed.FAST}): "fast",
    frozenset({Speed.SLOW}): "slow",
    frozenset({Speed.FAST, Speed.SLOW}): "both",
}
UNTIL_NEXT_TURN_END = "end-of-next-turn"


def export(record: EncounterRecord, log: Sequence[LogEntry], *, for_gm: bool) -> JsonObject:
    """The encounter as its public JSON object (``log`` newest first, as the store returns it)."""
    # a player's export hides (null) what the card hides of enemies, and what their log tells
    encounter = record.encounter
    seen = sight(record, gm_view=for_gm)
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": _text(encounter.name),
        "round": encounter.round,
        "phase": PHASES[encounter.phase],
        "combatants": [combatant_to_dict(c, encounter.moment,
                                         shown=numbers_shown(c, record, gm_view=for_gm))
                       for c in encounter.combatants],
        "log": [entry_to_dict(entry, seen) for entry in oldest_first(log)],
    }


def combatant_to_dict(combatant: Combatant, now: Moment, *, shown: bool) -> JsonObject:
    """One combatant; ``shown`` is false when its numbers are hidden (``null``)."""
    turn = combatant.turn
    return {
        "name": combatant.name,
        "side": SIDES[combatant.side],
        "role": ROLES[combatant.role],
        "speed": SPEEDS[speeds(combatant)],
        "acted": acted(combatant),
        "actions": turn.actions,
        "reaction": combatant.reaction_left,
        "health": combatant.health if shown else None,
        "health_max": combatant.health_max if shown else None,
        "focus": combatant.focus if shown else None,
        "conditions": [condition_to_dict(c, now) for c in combatant.conditions],
        "defeated": combatant.defeated,
        "dodging": combatant.reactions.dodging,
        "braced": combatant.reactions.braced,
        "aided_by": (None if combatant.reactions.aided_by is None
                     else _text(combatant.reactions.aided_by)),
        "recovered": combatant.reactions.recovered,
    }


def condition_to_dict(condition: Condition, now: Moment) -> JsonObject:
    """One condition held, with what is left of it at ``now``."""
    ends_at = condition.ends_at
    return {
        "name": condition.name.value,
        "value": condition.value if condition.name.valued and not condition.dice else None,
        "dice": condition.dice or None,
        "damage_type": None if condition.damage_type is None else condition.damage_type.value,
        "rounds_left": condition.rounds_left(now),
        "ends_at": None if ends_at is None else moment_to_dict(ends_at),
        "until": UNTIL_NEXT_TURN_END if condition.turn_ends_left else None,
    }


def moment_to_dict(moment: Moment) -> JsonObject:
    """``{"round": 3, "phase": "slow-players"}``."""
    return {"round": moment.round, "phase": PHASES[moment.phase]}


def entry_to_dict(entry: LogEntry, seen: Sight) -> JsonObject:
    """One log entry as ``seen`` by its viewer, with what an application of damage did."""
    secret = not seen.sees(entry.combatant)
    entry = seen.seen(entry)
    applied = entry.applied
    written: JsonObject = {
        "at": utc_text(entry.at),
        "user_id": str(entry.user_id),
        "round": entry.round,
        "phase": PHASES[entry.phase],
        "kind": entry.kind,
        "combatant": None if entry.combatant is None else _text(entry.combatant),
        "detail": _text(entry.detail),
    }
    if applied is not None:
        written.update({
            "amount": applied.amount,
            "type": None if applied.damage_type is None else applied.damage_type.value,
            "deflect": applied.deflect,
            # hidden numbers: both are bounded by the health, so they would tell it
            "applied": None if secret else applied.applied,
            "health": None if secret else {"before": applied.before, "after": applied.after},
            "roll_id": applied.roll_id,
        })
    return written


def oldest_first(log: Sequence[LogEntry]) -> list[LogEntry]:
    """``log`` (newest first, as the store returns it) oldest first."""
    in_order = log[::-1]  # made in this order; the sort below keeps it for equal times
    return sorted(in_order, key=lambda entry: _utc(entry.at))


def utc_text(at: datetime) -> str:
    """``2025-03-01T18:04:05Z``: ISO 8601 in UTC (a naive time taken as UTC), to the second."""
    return _utc(at).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def dumps(obj: JsonObject) -> str:
    """The export as text, the same for the same export: keys in the documented order, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _text(text: str) -> str:
    """``text`` that always encodes as UTF-8 (a lone surrogate becomes ``?``)."""
    return text.encode("utf-8", "replace").decode("utf-8")
