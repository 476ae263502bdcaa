"""The fourteen conditions of the Cosmere rules, how they stack and when they end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from nazh.domain.attributes import Attribute
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.timing import Moment
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.domain.spec import DieMode, PoolSpec

MAX_VALUE = 99
MAX_ROUNDS = 100
MAX_CONDITIONS = 20
MAX_SOURCE_LENGTH = 40
MAX_DICE_LENGTH = 20


class ConditionName(Enum):
    """The conditions of the rules."""

    AFFLICTED = "afflicted"
    DETERMINED = "determined"
    DISORIENTED = "disoriented"
    EMPOWERED = "empowered"
    ENHANCED = "enhanced"
    EXHAUSTED = "exhausted"
    FOCUSED = "focused"
    IMMOBILIZED = "immobilized"
    PRONE = "prone"
    RESTRAINED = "restrained"
    SLOWED = "slowed"
    STUNNED = "stunned"
    SURPRISED = "surprised"
    UNCONSCIOUS = "unconscious"

    @property
    def title(self) -> str:
        """``Afflicted``."""
        return self.value.capitalize()

    @property
    def valued(self) -> bool:
        """Whether it carries a value (Afflicted, Enhanced, Exhausted)."""
        return self in VALUED

    @classmethod
    def named(cls, text: str) -> ConditionName:
        """The condition called ``text`` (any case), or an error listing the conditions."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(name.value for name in cls)
            raise EncounterError('no condition "{text}"; the conditions are {names}',
                                 fields={"text": text, "names": names}) from None


# rule: a positive value (Exhausted 2 is -2 to tests); Enhanced also names its attribute
VALUED = frozenset({ConditionName.AFFLICTED, ConditionName.ENHANCED, ConditionName.EXHAUSTED})
# rule: these stack (Enhanced per attribute), Afflicted per source; any other taken again
# replaces the one held (its new duration counts)
CUMULATIVE = frozenset({ConditionName.ENHANCED, ConditionName.EXHAUSTED})
NO_REACTIONS = (ConditionName.UNCONSCIOUS, ConditionName.STUNNED, ConditionName.DISORIENTED,
                ConditionName.SURPRISED)
# rule: Stunned and Surprised take the reaction held away, and none is gained on a turn started
# holding them (it comes back at the start of a turn after they end); the others in NO_REACTIONS
# only keep it from being used while held
LOSE_REACTION = (ConditionName.STUNNED, ConditionName.SURPRISED)
# rule: Unconscious counts as Prone, Prone as Slowed
IMPLIES = {ConditionName.UNCONSCIOUS: ConditionName.PRONE,
           ConditionName.PRONE: ConditionName.SLOWED}


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition a combatant holds."""

    name: ConditionName
    value: int = 0  # Afflicted's damage, Enhanced's bonus, Exhausted's penalty
    attribute: Attribute | None = None  # Enhanced's
    source: str = ""  # Afflicted's
    # Afflicted's: its damage's type (deflect and immunities count), and its damage as dice
    # rolled at each of its holder's turn ends (``1d4``; ``value`` 0 then)
    damage_type: DamageType | None = None
    dice: str = ""
    # rule: N rounds end at the start of the same phase N rounds later
    ends_at: Moment | None = None
    # "until the end of your next turn": the holder's turn ends it lasts through, whatever the
    # speed (2 when taken in its own turn)
    turn_ends_left: int = 0

    def __post_init__(self) -> None:
        self._check_value()
        if (self.attribute is not None) != (self.name is ConditionName.ENHANCED):
            raise EncounterError("{condition}: an attribute is for Enhanced only, and Enhanced "
                                 "needs one", fields={"condition": self.name.title})
        if self.source and self.name is not ConditionName.AFFLICTED:
            raise EncounterError("{condition}: a source is for Afflicted only",
                                 fields={"condition": self.name.title})
        if (self.damage_type is not None or self.dice) and self.name is not ConditionName.AFFLICTED:
            raise EncounterError("{condition}: a damage type and dice are for Afflicted only",
                                 fields={"condition": self.name.title})
        if len(self.source) > MAX_SOURCE_LENGTH:
            raise EncounterError("Afflicted: a source of at most {most} characters (got {got})",
                                 fields={"most": MAX_SOURCE_LENGTH, "got": len(self.source)})

    def _check_value(self) -> None:
        if not isinstance(self.value, int) or isinstance(self.value, bool):
            raise EncounterError('{condition} takes a whole number as its value (got "{value}"); '
                                 "Afflicted's dice go in dice: (1d4)",
                                 fields={"condition": self.name.title, "value": self.value})
        if self.dice:
            afflicted_dice(self.dice)
            if self.value:
                raise EncounterError("Afflicted takes a value or dice, not both (got {got} and "
                                     "{dice})", fields={"got": self.value, "dice": self.dice})
            return
        if not self.name.valued:
            if self.value:
                raise EncounterError("{condition} takes no value (got {got}); only Afflicted, "
                                     "Enhanced and Exhausted do",
                                     fields={"condition": self.name.title, "got": self.value})
        elif not 1 <= self.value <= MAX_VALUE:
            said = ("{condition} takes a value from 1 to {most} or dice (1d4) (got {got})"
                    if self.name is ConditionName.AFFLICTED
                    else "{condition} takes a value from 1 to {most} (got {got})")
            raise EncounterError(said, fields={"condition": self.name.title, "most": MAX_VALUE,
                                               "got": self.value})

    @property
    def label(self) -> str:
        """``Exhausted 2``, ``Enhanced +1 Strength``, ``Afflicted 3 (fire)``, ``Prone``."""
        if self.name is ConditionName.EXHAUSTED:
            return f"Exhausted -{self.value}"
        if self.name is ConditionName.ENHANCED and self.attribute is not None:
            return f"Enhanced +{self.value} {self.attribute.title}"
        if self.name is ConditionName.AFFLICTED:
            kind = f" {self.damage_type.value}" if self.damage_type is not None else ""
            return (f"Afflicted {self.dice or self.value}{kind}"
                    + (f" ({self.source})" if self.source else ""))
        return self.name.title

    def rounds_left(self, now: Moment) -> int | None:
        """How many starts of its ending phase are still to come, the last ending it (or None)."""
        if self.ends_at is None:
            return None
        later_this_round = 1 if self.ends_at.phase_index > now.phase_index else 0
        return self.ends_at.round - now.round + later_this_round

    def same_slot(self, other: Condition) -> bool:
        """Whether ``other`` replaces this one rather than stacking beside it."""
        if self.name is not other.name or self.name in CUMULATIVE:
            return False
        return self.name is not ConditionName.AFFLICTED or self.source == other.source


def afflicted_dice(text: str) -> PoolSpec:
    """Afflicted's damage dice (``1d4``, ``2d6+1``): one plain pool, or an error saying so."""
    said = 'Afflicted\'s dice are one plain pool such as 1d4 or 2d6+1 (got "{dice}")'
    if len(text) > MAX_DICE_LENGTH:
        raise EncounterError(said, fields={"dice": text})
    try:
        spec = parse_roll(text)
    except NazhError as error:
        raise EncounterError('Afflicted\'s dice are one plain pool such as 1d4 or 2d6+1 (got '
                             '"{dice}"): {error}',
                             fields={"dice": text, "error": error.summary}) from None
    [pool, *more] = spec.pools or (None,)
    if pool is None or more or spec.plot is not None \
            or any(mode is not DieMode.NORMAL for mode in pool.modes):
        raise EncounterError(said, fields={"dice": text})
    return pool


def timed(condition: Condition, now: Moment, *, rounds: int | None = None,
          until_next_turn_end: bool = False, in_own_turn: bool = False) -> Condition:
    """``condition`` lasting ``rounds`` rounds from ``now`` and/or to its holder's next turn end."""
    if rounds is not None and not 1 <= rounds <= MAX_ROUNDS:
        raise EncounterError("{condition}: a duration from 1 to {most} rounds (got {got})",
                             fields={"condition": condition.name.title, "most": MAX_ROUNDS,
                                     "got": rounds})
    ends_at = None if rounds is None else now.later(rounds)
    turns = (2 if in_own_turn else 1) if until_next_turn_end else 0
    return replace(condition, ends_at=ends_at, turn_ends_left=turns)


def add(held: tuple[Condition, ...], condition: Condition, *,
        holder: str) -> tuple[Condition, ...]:
    """``held`` with ``condition`` added as the rules stack it."""
    kept = tuple(c for c in held if not c.same_slot(condition))
    if len(kept) >= MAX_CONDITIONS:
        raise EncounterError("{holder} holds {most} conditions, the most an encounter keeps; "
                             "remove one first", combatant=holder,
                             fields={"holder": holder, "most": MAX_CONDITIONS})
    return (*kept, condition)


def has(held: Iterable[Condition], name: ConditionName) -> bool:
    """Whether ``name`` is among ``held``, counting what the others imply."""
    return name in effective(held)


def effective(held: Iterable[Condition]) -> frozenset[ConditionName]:
    """The conditions ``held`` amount to: Unconscious counts as Prone, Prone as Slowed."""
    names = {c.name for c in held}
    for name in (ConditionName.UNCONSCIOUS, ConditionName.PRONE):
        if name in names:
            names.add(IMPLIES[name])
    return frozenset(names)


def total(held: Iterable[Condition], name: ConditionName,
          attribute: Attribute | None = None) -> int:
    """The summed value of ``name`` among ``held`` (for Enhanced, of that attribute only)."""
    return sum(c.value for c in held if c.name is name
               and (attribute is None or c.attribute is attribute))


def first_of(held: Iterable[Condition],
             names: Iterable[ConditionName]) -> ConditionName | None:
    """The first of ``names`` that ``held`` amounts to, or ``None``."""
    present = effective(held)
    return next((name for name in names if name in present), None)
