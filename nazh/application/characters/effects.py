"""What a roll does to a character's sheet: one value per kind of effect, with its codec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from nazh.application.characters.access import Act
from nazh.application.rolls.notes import Note
from nazh.domain.character import MAX_INJURIES, Character, CharacterError, Resource
from nazh.domain.errors import NazhError
from nazh.domain.injury import Band
from nazh.domain.rest import wounded
from nazh.domain.wounds import Wound

GRAZE_FOCUS = 1

EffectData = Mapping[str, int | str]
"""An effect as kept while held: its kind's fields (numbers and words only)."""


class NoFocusError(NazhError):
    """A graze (or another cost) needs focus the character does not have."""


class Effect(Protocol):
    """One kind of change a roll makes to a sheet."""

    kind: ClassVar[str]
    """Its name in :data:`KINDS` and in what is kept while it is held."""
    act: ClassVar[Act]
    """What the character's rule must allow the roller (:data:`Act.ROLL`: a roll's step)."""
    unchanged: ClassVar[str]
    """What the roll's answer says when the sheet did not move (e.g. focus at its maximum)."""

    def apply(self, sheet: Character) -> Character:
        """The sheet after the effect (NazhError: it cannot be made, e.g. :class:`NoFocusError`)."""
        ...

    def encode(self) -> dict[str, int | str]:
        """Its fields, for :func:`decode`."""
        ...


@dataclass(frozen=True, slots=True)
class SpendFocus:
    """A graze's cost: focus spent, refused when the character has less."""

    cost: int = GRAZE_FOCUS
    kind: ClassVar[str] = "spend-focus"
    act: ClassVar[Act] = Act.ROLL
    unchanged: ClassVar[str] = Note("the graze's focus was already spent")

    def apply(self, sheet: Character) -> Character:
        """Focus less :attr:`cost` (NoFocusError: there is less; nothing is spent)."""
        if sheet.focus.current < self.cost:
            raise NoFocusError("{name} has {focus} focus: a graze costs {cost}",
                               hint="recover focus (an Opportunity, a rest) first",
                               fields={"name": sheet.name, "focus": sheet.focus.current,
                                       "cost": self.cost})
        return sheet.changed(Resource.FOCUS, -self.cost)[0]

    def encode(self) -> dict[str, int | str]:
        return {"cost": self.cost}


@dataclass(frozen=True, slots=True)
class GainFocus:
    """An Opportunity spent on recovering focus: never above the maximum."""

    points: int = 1
    kind: ClassVar[str] = "gain-focus"
    act: ClassVar[Act] = Act.ROLL
    unchanged: ClassVar[str] = Note("focus unchanged (at its maximum)")

    def apply(self, sheet: Character) -> Character:
        return sheet.changed(Resource.FOCUS, self.points)[0]

    def encode(self) -> dict[str, int | str]:
        return {"points": self.points}


@dataclass(frozen=True, slots=True)
class LoseFocus:
    """A Complication spent on "Become Distracted": focus lost, never below 0, never refused."""

    points: int = 1
    kind: ClassVar[str] = "lose-focus"
    act: ClassVar[Act] = Act.CHANGE  # a GM spends the Complication, on a player's sheet too
    unchanged: ClassVar[str] = Note("focus unchanged (already 0)")

    def apply(self, sheet: Character) -> Character:
        return sheet.changed(Resource.FOCUS, -self.points)[0]

    def encode(self) -> dict[str, int | str]:
        return {"points": self.points}


@dataclass(frozen=True, slots=True)
class CountInjury:
    """An injury roll made with the character: one more injury, up to the sheet's most."""

    # the injury itself (its band, days and effect) when known: recorded until it heals
    wound: Wound | None = None
    kind: ClassVar[str] = "count-injury"
    act: ClassVar[Act] = Act.INJURE  # its owner's roll, or a GM's Injury button
    unchanged: ClassVar[str] = Note("injuries unchanged (at their most)")

    def apply(self, sheet: Character) -> Character:
        if self.wound is not None:
            return wounded(sheet, self.wound)
        return replace(sheet, injuries=min(sheet.injuries + 1, MAX_INJURIES))

    def encode(self) -> dict[str, int | str]:
        if self.wound is None:
            return {}
        kept: dict[str, int | str] = {"band": self.wound.band.value}
        if self.wound.days is not None:
            kept["days"] = self.wound.days
        if self.wound.effect is not None:
            kept["effect"] = self.wound.effect
        return kept


@dataclass(frozen=True, slots=True)
class Recover:
    """A short rest's recovery: ``points`` to ``first`` (at most ``most``), the rest elsewhere."""

    points: int
    first: Resource = Resource.HEALTH
    # rule (Resting, Short Rest): "Add the roll result to your current health, your current
    # focus, or a combination of the two": the player's split, as at most this many to ``first``
    most: int | None = None
    kind: ClassVar[str] = "recover"
    act: ClassVar[Act] = Act.CHANGE
    unchanged: ClassVar[str] = Note("health and focus are at their maxima")

    def __post_init__(self) -> None:
        if self.first not in (Resource.HEALTH, Resource.FOCUS):
            raise CharacterError("a short rest recovers health or focus first")

    def apply(self, sheet: Character) -> Character:
        second = Resource.FOCUS if self.first is Resource.HEALTH else Resource.HEALTH
        asked = self.points if self.most is None else min(self.points, self.most)
        sheet, moved = sheet.changed(self.first, asked)
        sheet, taken = sheet.changed(second, self.points - moved)
        # what the other could not take still counts where there is room: no point lost
        return sheet.changed(self.first, self.points - moved - taken)[0]

    def encode(self) -> dict[str, int | str]:
        kept: dict[str, int | str] = {"points": self.points, "first": self.first.value}
        if self.most is not None:
            kept["most"] = self.most
        return kept


@dataclass(frozen=True, slots=True)
class FollowCard:
    """The encounter's card moved a combatant's health or focus: the sheet follows by as much."""

    # kept within 0 and the maxima, never refused: the card has already changed
    health: int = 0
    focus: int = 0
    kind: ClassVar[str] = "follow-card"
    act: ClassVar[Act] = Act.CHANGE
    unchanged: ClassVar[str] = Note("health and focus unchanged (at the end of their range)")

    def apply(self, sheet: Character) -> Character:
        """Health plus :attr:`health` and focus plus :attr:`focus`, each within its range."""
        sheet = sheet.changed(Resource.HEALTH, self.health)[0]
        return sheet.changed(Resource.FOCUS, self.focus)[0]

    def encode(self) -> dict[str, int | str]:
        return {"health": self.health, "focus": self.focus}


@dataclass(frozen=True, slots=True)
class RefillInvestiture:
    """Empowered's turn began on the card: the sheet's Investiture to its maximum."""

    kind: ClassVar[str] = "refill-investiture"
    act: ClassVar[Act] = Act.CHANGE
    unchanged: ClassVar[str] = Note("investiture unchanged (at its maximum)")

    def apply(self, sheet: Character) -> Character:
        """Investiture at its maximum."""
        short = sheet.maximum(Resource.INVESTITURE).value - sheet.pool(Resource.INVESTITURE).current
        return sheet.changed(Resource.INVESTITURE, short)[0]

    def encode(self) -> dict[str, int | str]:
        return {}


@dataclass(frozen=True, slots=True)
class SpendAmmunition:
    """An attack with a Loaded weapon: 1 of its stored ammunition spent (part 6, Loaded [X])."""

    weapon: str
    kind: ClassVar[str] = "spend-ammunition"
    act: ClassVar[Act] = Act.ROLL
    unchanged: ClassVar[str] = Note("its ammunition was already spent")

    def apply(self, sheet: Character) -> Character:
        """The weapon's stored ammunition less 1 (none left: as it was)."""
        shots = sheet.weapon(self.weapon).shots
        return sheet if not shots else sheet.storing(self.weapon, shots - 1)

    def encode(self) -> dict[str, int | str]:
        return {"weapon": self.weapon}


@dataclass(frozen=True, slots=True)
class OneShotLeft:
    """A Complication spent on a Loaded weapon: "the weapon only has one shot remaining"."""

    weapon: str
    kind: ClassVar[str] = "one-shot-left"
    act: ClassVar[Act] = Act.CHANGE  # a GM spends the Complication, on a player's sheet too
    unchanged: ClassVar[str] = Note("it had one shot left at most already")

    def apply(self, sheet: Character) -> Character:
        """The weapon storing 1 when it stored more."""
        shots = sheet.weapon(self.weapon).shots
        return sheet if shots is None or shots <= 1 else sheet.storing(self.weapon, 1)

    def encode(self) -> dict[str, int | str]:
        return {"weapon": self.weapon}


def _int(data: EffectData, field: str) -> int:
    value = data.get(field)
    if not isinstance(value, int):
        raise CharacterError(f"a kept effect's {field} is not a number")
    return value


def _wound(data: EffectData) -> Wound | None:
    # kept before injuries were recorded: only counted
    if "band" not in data:
        return None
    days, effect = data.get("days"), data.get("effect")
    return Wound(Band(str(data["band"])), days if isinstance(days, int) else None,
                 None if effect is None else str(effect)).check()


KINDS: dict[str, Callable[[EffectData], Effect]] = {
    SpendFocus.kind: lambda data: SpendFocus(_int(data, "cost")),
    GainFocus.kind: lambda data: GainFocus(_int(data, "points")),
    LoseFocus.kind: lambda data: LoseFocus(_int(data, "points")),
    CountInjury.kind: lambda data: CountInjury(_wound(data)),
    Recover.kind: lambda data: Recover(_int(data, "points"), Resource(str(data.get("first"))),
                                       None if data.get("most") is None else _int(data, "most")),
    FollowCard.kind: lambda data: FollowCard(_int(data, "health"), _int(data, "focus")),
    RefillInvestiture.kind: lambda _: RefillInvestiture(),
    SpendAmmunition.kind: lambda data: SpendAmmunition(str(data["weapon"])),
    OneShotLeft.kind: lambda data: OneShotLeft(str(data["weapon"])),
}
"""Every kind of effect, by name: how it is read back from what :meth:`Effect.encode` kept."""


def decode(kind: str, data: EffectData) -> Effect:
    """The effect of ``kind`` that ``data`` (from :meth:`Effect.encode`) describes."""
    read = KINDS.get(kind)
    if read is None:
        raise CharacterError(f"no effect of the kind {kind[:40]!r}")
    try:
        return read(data)
    except ValueError as error:  # an unknown Resource
        raise CharacterError(f"a kept {kind} effect cannot be read: {error}") from None
