"""What follows a roll: its events (kept, changed, revealed) and the handlers of each feature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.terms.kind import NO_TERMS, Terms
from nazh.application.settings.server import Member
from nazh.domain.encounter.maneuvers import BasicAction
from nazh.domain.encounter.rolls import RollKind, net_mode
from nazh.domain.evolve import evolved
from nazh.domain.spec import DieMode


class Happened(Enum):
    """What happened to a roll."""

    KEPT = "kept"
    CHANGED = "changed"
    REVEALED = "revealed"


@dataclass(frozen=True, slots=True)
class RollEvent:
    """A roll's event: what happened, the roll as it stands, who did it, and its situation."""

    happened: Happened
    rolled: Rolled
    member: Member
    situation: Situation | None = None  # None: nothing read, or not the roll's first event

    @property
    def record(self) -> RollRecord:
        return self.rolled.record


@dataclass(frozen=True, slots=True)
class RollPlace:
    """Where a character's roll is made, and of what."""

    channel_id: int
    character_id: str
    kind: RollKind | None  # None: no test (an injury roll)
    target: str | None = None
    against: str = "physical"  # the defense it is attacked on
    reaction: bool = False  # a reaction spends no action
    action: BasicAction | None = None  # the basic action a test against ``target`` is
    several: bool = False  # ``target`` is one of the attack's targets (target2, target3)


@dataclass(frozen=True, slots=True)
class Situation:
    """What the place a roll is made in does to it, read once before the roll."""

    terms: Terms = NO_TERMS
    parts: tuple[tuple[str, int], ...] = ()
    advantages: int = 0
    disadvantages: int = 0
    target: tuple[str, int] | None = None  # its name there, and its defense
    read: object = None  # handed to the first event's handlers, so none reads it again
    skill_bonus: int = 0  # of parts, what raises the skill's modifier itself (a hit's damage too)

    def mode(self, asked: DieMode) -> DieMode:
        """The test's d20 mode: ``asked`` with the place's advantages and disadvantages netted."""
        return net_mode(asked, self.advantages, self.disadvantages)


NOWHERE = Situation()
"""A roll's situation outside any place that changes it."""


class Situations(Protocol):
    """What the places rolls are made in do to them."""

    async def situation(self, place: RollPlace) -> Situation:
        """The situation of a roll made at ``place`` (:data:`NOWHERE`: nothing changes it)."""
        ...


class RollHandler(Protocol):
    """A feature's part in what follows a roll."""

    async def check(self, event: RollEvent) -> None:
        """Refuse the change of ``event`` before it is kept, when this feature cannot follow it."""
        ...

    async def handle(self, event: RollEvent) -> Rolled:
        """``event.rolled`` with what it owes this feature settled (a refusal now is a note)."""
        ...

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """``offers`` with what this feature offers on ``record``'s result as it stands."""
        ...


class RollHandlers:
    """The table of handlers, in the feature table's order."""

    def __init__(self, handlers: Sequence[RollHandler] = ()) -> None:
        self._handlers = tuple(handlers)

    async def checked(self, event: RollEvent) -> None:
        """Refuse the change of ``event`` when a handler cannot follow it."""
        for handler in self._handlers:
            await handler.check(event)

    async def published(self, event: RollEvent) -> Rolled:
        """``event.rolled`` once every handler settled it, with the result's offers."""
        if event.rolled.record.hidden:  # a secret's effects wait for its reveal
            return event.rolled.offering(Offers())
        for handler in self._handlers:
            rolled = await handler.handle(event)
            if rolled is not event.rolled:  # most handlers follow only some rolls
                event = evolved(event, rolled=rolled)
        return event.rolled

    async def offers(self, record: RollRecord) -> Offers:
        """What ``record``'s result offers as it stands (hidden: only what any roll does)."""
        offers = Offers()
        if record.hidden:
            return offers
        for handler in self._handlers:
            offers = await handler.offers(record, offers)
        return offers
