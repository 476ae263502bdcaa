"""What follows a roll: its events and the table of the handlers features subscribe to them.

A roll kept, changed (amended, a face chosen, a plot die added, an Opportunity or Complication
spent, a graze or a critical hit recorded) or revealed is an event. The roll use cases publish
it and name no feature; each feature's handler settles what the roll, as it now stands, owes
that feature and has not had yet (an action spent, damage landed, a count offered), once
whichever replica or click asks. A hidden roll changes nothing anyone else can see: its
handlers run at its reveal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.terms.kind import NO_TERMS, Terms
from nazh.application.settings.server import Member
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
    """A roll's event: what happened, the roll as it now stands (with what its use case made
    of it), who made it happen, and what was read of the roll's place before it was rolled
    (``None``: nothing, or not this roll's first event)."""

    happened: Happened
    rolled: Rolled
    member: Member
    situation: Situation | None = None

    @property
    def record(self) -> RollRecord:
        """The roll as it now stands."""
        return self.rolled.record


@dataclass(frozen=True, slots=True)
class RollPlace:
    """Where a character's roll is made, and of what: its channel, the character, the kind of
    roll (``None``: no test, e.g. an injury roll), the target named and the defense it is
    attacked on, and whether the roll is a reaction (which spends no action)."""

    channel_id: int
    character_id: str
    kind: RollKind | None
    target: str | None = None
    against: str = "physical"
    reaction: bool = False


@dataclass(frozen=True, slots=True)
class Situation:
    """What the place a roll is made in does to it, read once before the roll: the terms the
    roll carries from it, the parts of its test's modifier, its advantages and disadvantages,
    a named target (its name there, and its defense), and what was read (handed on to the
    handlers of the roll's first event, so that none reads it again)."""

    terms: Terms = NO_TERMS
    parts: tuple[tuple[str, int], ...] = ()
    advantages: int = 0
    disadvantages: int = 0
    target: tuple[str, int] | None = None
    read: object = None

    def mode(self, asked: DieMode) -> DieMode:
        """The test's d20 mode: ``asked`` with the place's advantages and disadvantages,
        cancelled one for one."""
        return net_mode(asked, self.advantages, self.disadvantages)


NOWHERE = Situation()
"""A roll's situation outside any place that changes it."""


class Situations(Protocol):
    """What the places rolls are made in do to them."""

    async def situation(self, place: RollPlace) -> Situation:
        """The situation of a roll made at ``place`` (:data:`NOWHERE`: nothing there changes
        it).

        Raises:
            NazhError: a target named where there is none to attack.
        """
        ...


class RollHandler(Protocol):
    """A feature's part in what follows a roll."""

    async def check(self, event: RollEvent) -> None:
        """Refuse the change of ``event`` (raising the reply) before it is kept, when this
        feature cannot follow it (a graze with no focus left)."""
        ...

    async def handle(self, event: RollEvent) -> Rolled:
        """``event.rolled`` with what the roll owes this feature settled (notes, a sheet
        change, an injury called for); a refusal by now is a note, never an error."""
        ...

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """``offers`` with what this feature offers on the result of ``record`` as it
        stands."""
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
        rolled = event.rolled
        if rolled.record.hidden:  # a secret's effects wait for its reveal
            return evolved(rolled, offers=Offers())
        for handler in self._handlers:
            rolled = await handler.handle(evolved(event, rolled=rolled))
        return rolled

    async def offers(self, record: RollRecord) -> Offers:
        """What the result of ``record`` offers as it stands (a secret not revealed: only
        what any roll does)."""
        offers = Offers()
        if record.hidden:
            return offers
        for handler in self._handlers:
            offers = await handler.offers(record, offers)
        return offers
