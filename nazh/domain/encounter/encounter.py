"""The encounter: one immutable value; a use case applies an act, keeps it by compare-and-swap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from nazh.domain.encounter.applied import Applied
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment, Phase, Speed

MAX_ENCOUNTER_NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Encounter:
    """An encounter at one moment."""

    name: str = ""
    moment: Moment = field(default_factory=lambda: Moment(1, 0))
    combatants: tuple[Combatant, ...] = ()  # in the order added
    keep_speed: bool = False  # a new round keeps last round's speeds (else all are slow)

    def __post_init__(self) -> None:
        if len(self.name) > MAX_ENCOUNTER_NAME_LENGTH:
            raise EncounterError("an encounter's name has at most {most} characters (got {got})",
                                 fields={"most": MAX_ENCOUNTER_NAME_LENGTH, "got": len(self.name)})

    @property
    def round(self) -> int:
        """The current round (from 1)."""
        return self.moment.round

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.moment.phase

    def find(self, name: str) -> Combatant:
        """The combatant called ``name`` (ignoring case), or an error naming those there are."""
        key = name.strip().casefold()
        found = next((c for c in self.combatants if c.key == key), None)
        if found is None:
            there = ", ".join(c.name for c in self.combatants) or "none yet"
            raise EncounterError('no combatant "{name}" in this encounter (combatants: {there})',
                                 combatant=name, fields={"name": name, "there": there})
        return found

    def event(self, kind: EventKind, combatant: str | None = None, *,  # noqa: PLR0913 - an event's fields
              speed: Speed | None = None, condition: Condition | None = None,
              amount: int | None = None, note: str = "",
              applied: Applied | None = None) -> Event:
        """An event of ``kind`` at the current moment."""
        return Event(kind, self.moment, combatant, speed, condition, amount, note, applied)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an act returns: the new encounter and what happened, in order."""

    encounter: Encounter
    events: tuple[Event, ...] = ()

    def then(self, act: Callable[[Encounter], Outcome]) -> Outcome:
        """This outcome followed by ``act`` on its encounter, the events of both kept."""
        following = act(self.encounter)
        return Outcome(following.encounter, self.events + following.events)


Act = Callable[[Encounter], Outcome]  # e.g. ``lambda e: done(e, "Kaladin")``


def open_encounter(name: str = "", *, keep_speed: bool = False) -> Encounter:
    """A new encounter: round 1, the fast player phase, no combatants."""
    return Encounter(name=name.strip(), keep_speed=keep_speed)


def changed(encounter: Encounter, combatant: Combatant) -> Encounter:
    """``encounter`` with the combatant of the same name replaced by ``combatant``."""
    return replace(encounter, combatants=tuple(
        combatant if c.key == combatant.key else c for c in encounter.combatants))
