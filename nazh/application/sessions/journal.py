"""A session's journal: its recap and its scenes in order (the free rolls between them, each
fight with its rolls, rounds and fallen, each request with its rolls, each endeavor), every
roll with its id, and the head of the channel's chain it was made from: the newest record it
shows, which anyone in the channel can check with ``/verify``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.physical import PHYSICAL
from nazh.application.rolls.terms.request import REQUEST
from nazh.application.sessions.model import Played, SessionRoll
from nazh.application.sessions.recap import (
    EndeavorRecap,
    FightRecap,
    Recap,
    RequestRecap,
    endeavor_recap,
    fight_recap,
    recap_of,
    request_recap,
    verdict_of,
    what_of,
)


class SceneKind(Enum):
    """What a scene is."""

    ROLLS = "rolls"
    FIGHT = "fight"
    REQUEST = "request"
    ENDEAVOR = "endeavor"


@dataclass(frozen=True, slots=True)
class JournalRoll:
    """A roll as the journal tells it.

    Attributes:
        roll_id: Its id (``/verify`` shows it).
        at: When it was made.
        user_id: Who rolled.
        character: The character it was made with (``None``: none).
        what: What it was for (its label, the character's skill or weapon, its notation).
        notation: The dice rolled.
        totals: Each pool's total.
        dc: The DC (an attack's: the defense), ``None``: none.
        success: Its verdict against the DC (``None``: none).
        opportunities: Opportunities it had (its d20s', its plot die's, those it gained).
        complications: Complications it had.
        physical: Its dice were rolled at the table.
        secret: A secret roll's visibility (``gm``, ``blind``), revealed since.
        critical: An attack made a critical hit.
        injury: An injury roll.
        seq: Its latest record's sequence number in the channel's chain.
        hash: That record's hash.
    """

    roll_id: str
    at: datetime
    user_id: int
    character: str | None
    what: str
    notation: str
    totals: tuple[int, ...]
    dc: int | None
    success: bool | None
    opportunities: int
    complications: int
    physical: bool
    secret: str | None
    critical: bool
    injury: bool
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Scene:
    """One scene: its kind, when it began, and what it holds (a rolls scene: its rolls
    alone; a fight's, a request's: their rolls too)."""

    kind: SceneKind
    at: datetime
    rolls: tuple[JournalRoll, ...] = ()
    fight: FightRecap | None = None
    request: RequestRecap | None = None
    endeavor: EndeavorRecap | None = None


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest record of the channel's chain the journal shows: its sequence number, its
    hash and its roll (``/verify`` with that roll shows both)."""

    channel_id: int
    seq: int
    hash: str
    roll_id: str


@dataclass(frozen=True, slots=True)
class Journal:
    """A session's journal: its recap, its scenes in order, the chain head it was made from,
    and when it was made."""

    recap: Recap
    scenes: tuple[Scene, ...]
    head: ChainHead | None
    made_at: datetime


def journal_of(played: Played) -> Journal:
    """The journal of what the channel saw during the session."""
    rolls = [journal_roll(kept) for kept in played.rolls]
    scenes = _placed_scenes(played, rolls) + _free_scenes(played, rolls)
    ordered = _merged(sorted(scenes, key=lambda scene: (scene.at, _ORDER[scene.kind])))
    newest = max(played.rolls, key=lambda kept: kept.seq, default=None)
    head = None if newest is None else ChainHead(played.session.channel_id, newest.seq,
                                                 newest.hash, newest.record.roll_id)
    return Journal(recap_of(played), tuple(ordered), head, played.now)


_Belongs = Callable[[RollRecord], bool]
"""Whether a roll belongs to a scene."""
_ORDER = {SceneKind.FIGHT: 0, SceneKind.REQUEST: 1, SceneKind.ENDEAVOR: 2, SceneKind.ROLLS: 3}


def journal_roll(kept: SessionRoll) -> JournalRoll:
    """A kept roll as the journal tells it."""
    record = kept.record
    result = record.result
    opportunities, complications = result.luck
    secret = record.secret
    view = record.attack_view
    return JournalRoll(
        record.roll_id, record.created_at, record.roller.user_id,
        None if record.character is None else record.character.name, what_of(record),
        result.notation, tuple(pool.total for pool in result.pools), result.dc,
        verdict_of(record), opportunities + record.granted, complications,
        record.term(PHYSICAL) is not None,
        None if secret is None else secret.visibility.value,
        view is not None and view.critical, record.injury is not None, kept.seq, kept.hash)


def _placed_scenes(played: Played, rolls: Sequence[JournalRoll]) -> list[Scene]:
    """The fights', requests' and endeavors' scenes, each with the rolls made for it."""
    asked = frozenset(record.request_id for record in played.requests)
    fights = [Scene(SceneKind.FIGHT, fight.record.created_at,
                    _rolls_of(played, rolls, _in_fight(fight.record.encounter_id, asked)),
                    fight=fight_recap(fight)) for fight in played.fights]
    requests = [Scene(SceneKind.REQUEST, record.created_at,
                      _rolls_of(played, rolls, _for_request(record.request_id)),
                      request=request_recap(record)) for record in played.requests]
    endeavors = [Scene(SceneKind.ENDEAVOR, record.created_at,
                       endeavor=endeavor_recap(record)) for record in played.endeavors]
    return fights + requests + endeavors


def _free_scenes(played: Played, rolls: Sequence[JournalRoll]) -> list[Scene]:
    """A scene of each roll made for no fight nor request (merged into runs later)."""
    placed = _placed_ids(played)
    return [Scene(SceneKind.ROLLS, roll.at, (roll,)) for roll in rolls
            if roll.roll_id not in placed]


def _merged(scenes: list[Scene]) -> list[Scene]:
    """Consecutive scenes of free rolls made one."""
    merged: list[Scene] = []
    for scene in scenes:
        last = merged[-1] if merged else None
        if last is not None and last.kind is SceneKind.ROLLS and scene.kind is SceneKind.ROLLS:
            merged[-1] = Scene(SceneKind.ROLLS, last.at, last.rolls + scene.rolls)
        else:
            merged.append(scene)
    return merged


def _in_fight(encounter_id: str, asked: frozenset[str]) -> _Belongs:
    """A roll made in the fight (a request's roll made there is the request's)."""
    def belongs(record: RollRecord) -> bool:
        term, request = record.term(ENCOUNTER), record.term(REQUEST)
        return term is not None and term.encounter_id == encounter_id and (
            request is None or request.request_id not in asked)
    return belongs


def _for_request(request_id: str) -> _Belongs:
    def belongs(record: RollRecord) -> bool:
        term = record.term(REQUEST)
        return term is not None and term.request_id == request_id
    return belongs


def _rolls_of(played: Played, rolls: Sequence[JournalRoll],
              belongs: _Belongs) -> tuple[JournalRoll, ...]:
    return tuple(roll for kept, roll in zip(played.rolls, rolls, strict=True)
                 if belongs(kept.record))


def _placed_ids(played: Played) -> frozenset[str]:
    """The rolls a fight or a request of the session holds."""
    fights = {fight.record.encounter_id for fight in played.fights}
    requests = {record.request_id for record in played.requests}
    placed = set()
    for kept in played.rolls:
        fight, request = kept.record.term(ENCOUNTER), kept.record.term(REQUEST)
        if (fight is not None and fight.encounter_id in fights) or (
                request is not None and request.request_id in requests):
            placed.add(kept.record.roll_id)
    return frozenset(placed)
