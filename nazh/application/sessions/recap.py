"""A session's recap: its headline (name, length, the fights won and lost) and, per player, the
rolls made, successes and failures, Opportunities and Complications, critical hits, damage
dealt and taken, injuries, the best and worst test; the fights, requests and endeavors with
their outcomes. Built from what the channel saw (:class:`~.model.Played`): a secret roll once
revealed, never a private one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import Enum

from nazh.application.encounters.model import LogEntry as EncounterEntry
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.requests.model import RequestRecord
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.physical import PHYSICAL
from nazh.application.sessions.model import Fight, Played, SessionRecord
from nazh.domain.encounter.combatant import Side
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.events import EventKind
from nazh.domain.results import PoolResult

UNCONSCIOUS = "Unconscious"
"""The condition's label in an encounter's log when a combatant falls."""
_DEFEATED, _CONDITION_ADDED = EventKind.DEFEATED.value, EventKind.CONDITION_ADDED.value


class FightOutcome(Enum):
    """How a fight went, as its combatants stood when it ended."""

    WON = "won"
    """Every enemy fell."""
    LOST = "lost"
    """Every player's character fell."""
    ENDED = "ended"
    """Ended with both sides standing."""
    RUNNING = "running"
    """Not ended yet."""


@dataclass(frozen=True, slots=True)
class RollRef:
    """A roll a recap points at: its id, its test's natural d20 and total, what it was for."""

    roll_id: str
    natural: int
    total: int
    what: str


@dataclass(frozen=True, slots=True)
class PlayerRecap:
    """One player's part in the session (a roller's, or a player character's in a fight)."""

    user_id: int
    names: tuple[str, ...] = ()
    """The characters they rolled with, in the order first used."""
    rolls: int = 0
    physical: int = 0
    """Of them, rolled at the table."""
    successes: int = 0
    failures: int = 0
    opportunities: int = 0
    complications: int = 0
    critical_hits: int = 0
    damage_dealt: int = 0
    damage_taken: int = 0
    injuries: int = 0
    best: RollRef | None = None
    worst: RollRef | None = None


@dataclass(frozen=True, slots=True)
class Fallen:
    """A combatant who fell (defeated, or Unconscious) in a round."""

    round: int
    name: str


@dataclass(frozen=True, slots=True)
class FightRecap:
    """A fight: its name, the rounds fought, how it went, who fell."""

    encounter_id: str
    name: str
    rounds: int
    outcome: FightOutcome
    fallen: tuple[Fallen, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """A player's roll for a request, as the channel sees it."""

    user_id: int
    name: str
    total: int
    success: bool | None
    roll_id: str


@dataclass(frozen=True, slots=True)
class RequestRecap:
    """A request: what was asked, each roll made (none shown while its results are the
    GM's), and how many met the DC."""

    request_id: str
    skill: str
    dc: int | None
    label: str
    hidden: bool
    outcomes: tuple[RequestOutcome, ...]
    summary: str
    rolled: int


@dataclass(frozen=True, slots=True)
class EndeavorRecap:
    """An endeavor: its name, its count against its thresholds (a secret one running: the
    GM's, all 0 here), how it ended (``None``: running)."""

    endeavor_id: str
    name: str
    hidden: bool
    successes: int
    needed: int
    failures: int
    allowed: int
    ending: str | None


@dataclass(frozen=True, slots=True)
class Recap:
    """A session's recap."""

    session: SessionRecord
    length: timedelta
    players: tuple[PlayerRecap, ...]
    fights: tuple[FightRecap, ...]
    requests: tuple[RequestRecap, ...]
    endeavors: tuple[EndeavorRecap, ...]
    rolls: int = 0
    cut: bool = False

    def counted(self, outcome: FightOutcome) -> int:
        """How many fights went ``outcome``."""
        return sum(1 for fight in self.fights if fight.outcome is outcome)


@dataclass(slots=True)
class _Player:
    """A player's counts while a recap is added up."""

    user_id: int
    names: list[str] = field(default_factory=list)
    counts: PlayerRecap | None = None

    def add(self, **more: int) -> None:
        counts = self.counts or PlayerRecap(self.user_id)
        self.counts = replace(counts, **{key: getattr(counts, key) + value
                                         for key, value in more.items()})


def recap_of(played: Played) -> Recap:
    """The recap of what the channel saw during the session."""
    players: dict[int, _Player] = {}
    for kept in played.rolls:
        _count_roll(players.setdefault(kept.record.roller.user_id,
                                       _Player(kept.record.roller.user_id)), kept.record)
    for fight in played.fights:
        _count_fight(players, fight.record.encounter)
    session = played.session.session
    return Recap(played.session, session.length(played.now),
                 tuple(_player_recap(player) for player in players.values()),
                 tuple(fight_recap(fight) for fight in played.fights),
                 tuple(request_recap(record) for record in played.requests),
                 tuple(endeavor_recap(record) for record in played.endeavors),
                 len(played.rolls), played.cut)


def _player_recap(player: _Player) -> PlayerRecap:
    counts = player.counts or PlayerRecap(player.user_id)
    return replace(counts, names=tuple(player.names))


def _count_roll(player: _Player, record: RollRecord) -> None:
    character = record.character
    if character is not None and character.name not in player.names:
        player.names.append(character.name)
    result = record.result
    opportunities, complications = result.luck
    verdict = verdict_of(record)
    view = record.attack_view
    player.add(rolls=1, physical=int(record.term(PHYSICAL) is not None),
               successes=int(verdict is True), failures=int(verdict is False),
               opportunities=opportunities + record.granted, complications=complications,
               critical_hits=int(view is not None and view.critical),
               injuries=int(record.injury is not None))
    ref = test_of(record)
    if ref is None:
        return
    counts = player.counts or PlayerRecap(player.user_id)
    best = counts.best if counts.best is not None and _rank(counts.best) >= _rank(ref) else ref
    worst = counts.worst if counts.worst is not None and _rank(counts.worst) <= _rank(ref) \
        else ref
    player.counts = replace(counts, best=best, worst=worst)


def _rank(ref: RollRef) -> tuple[int, int]:
    return ref.natural, ref.total


def verdict_of(record: RollRecord) -> bool | None:
    """Whether the roll succeeded: its first pool judged against a DC (an attack's test
    against the defense); ``None`` when none was (or an injury roll)."""
    if record.injury is not None or record.result.pending:
        return None
    return next((pool.success for pool in record.result.pools if pool.success is not None),
                None)


def test_of(record: RollRecord) -> RollRef | None:
    """The roll's test as a recap points at it: its first skill pool's natural d20 and total
    (``None``: no test, a pending plot die, or an injury roll)."""
    if record.injury is not None or record.result.pending:
        return None
    test: PoolResult | None = next((pool for pool in record.result.pools if pool.skill), None)
    if test is None or not test.dice:
        return None
    return RollRef(record.roll_id, test.dice[0].kept, test.total, what_of(record))


def what_of(record: RollRecord) -> str:
    """What the roll was for: its label, else what its character rolled, else its
    notation."""
    if record.label:
        return record.label
    character = record.character
    return character.rolled if character is not None else record.result.notation


def _count_fight(players: dict[int, _Player], encounter: Encounter) -> None:
    for combatant in encounter.combatants:
        if combatant.side is not Side.PLAYER:
            continue
        player = players.setdefault(combatant.owner_id, _Player(combatant.owner_id))
        if combatant.name not in player.names and not _named(player, combatant.name):
            player.names.append(combatant.name)
        player.add(damage_dealt=combatant.tally.damage_dealt,
                   damage_taken=combatant.tally.damage_taken)


def _named(player: _Player, name: str) -> bool:
    return name.casefold() in (known.casefold() for known in player.names)


def fight_recap(fight: Fight) -> FightRecap:
    """A fight's name, rounds, outcome and who fell in which round."""
    record = fight.record
    return FightRecap(record.encounter_id, record.encounter.name, record.encounter.round,
                      outcome_of(record.encounter, ended=record.ended_at is not None),
                      tuple(fallen_in(fight.log)))


def outcome_of(encounter: Encounter, *, ended: bool) -> FightOutcome:
    """How a fight went (see :class:`FightOutcome`)."""
    if not ended:
        return FightOutcome.RUNNING
    enemies = [c for c in encounter.combatants if c.side is Side.ENEMY]
    heroes = [c for c in encounter.combatants if c.side is Side.PLAYER]
    if enemies and all(c.defeated or c.health == 0 for c in enemies):
        return FightOutcome.WON
    if heroes and all(c.defeated or c.health == 0 for c in heroes):
        return FightOutcome.LOST
    return FightOutcome.ENDED


def fallen_in(log: Iterable[EncounterEntry]) -> list[Fallen]:
    """Who fell in which round, each once, from an encounter's log (oldest first)."""
    fallen: list[Fallen] = []
    seen: set[str] = set()
    for entry in log:
        name = entry.combatant
        fell = entry.kind == _DEFEATED or (entry.kind == _CONDITION_ADDED
                                           and entry.detail == UNCONSCIOUS)
        if fell and name is not None and name not in seen:
            seen.add(name)
            fallen.append(Fallen(entry.round, name))
    return fallen


def request_recap(record: RequestRecord) -> RequestRecap:
    """A request as the channel sees it: its rolls' outcomes unless they are the GM's."""
    request = record.request
    outcomes = () if request.hidden else tuple(
        RequestOutcome(result.user_id, result.outcome.name, result.outcome.total,
                       result.outcome.success, result.outcome.roll_id)
        for result in request.results if result.outcome is not None)
    return RequestRecap(record.request_id, request.skill, request.dc, request.label,
                        request.hidden, outcomes, request.summary(), len(request.settled))


def endeavor_recap(record: EndeavorRecord) -> EndeavorRecap:
    """An endeavor as the channel sees it: a secret one's count only once it ended."""
    endeavor = record.endeavor
    hidden = endeavor.secret and not endeavor.ended
    if hidden:
        return EndeavorRecap(record.endeavor_id, endeavor.name, True, 0, 0, 0, 0, None)
    return EndeavorRecap(record.endeavor_id, endeavor.name, False, endeavor.success_count,
                         endeavor.successes, endeavor.failure_count, endeavor.failures,
                         None if endeavor.ending is None else endeavor.ending.value)
