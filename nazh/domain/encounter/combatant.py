"""A combatant: who it is, its numbers, its conditions and where its turns stand this round."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from nazh.domain.adversary import Role as Role  # noqa: PLC0414 - still importable from here
from nazh.domain.encounter.applied import Applied
from nazh.domain.encounter.conditions import (
    NO_REACTIONS,
    Condition,
    ConditionName,
    first_of,
)
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.holds import Hold
from nazh.domain.encounter.tally import Tally
from nazh.domain.encounter.timing import Speed

MAX_NAME_LENGTH = 64
MAX_HEALTH = 999
MAX_FOCUS = 999
MAX_DEFLECT = 20
MAX_DEFENSE = 100


class Side(Enum):
    """A player's character, an ally or an enemy."""

    PLAYER = "player"
    ALLY = "ally"  # a non-player character on the players' side, acting in adversaries' phases
    ENEMY = "enemy"


@dataclass(frozen=True, slots=True)
class Defenses:
    """The three defenses."""

    physical: int = 10
    cognitive: int = 10
    spiritual: int = 10


@dataclass(frozen=True, slots=True)
class TurnState:
    """Where a combatant's turns stand in the current round."""

    speed: Speed = Speed.SLOW  # a boss takes both turns whatever it says
    started: frozenset[Speed] = frozenset()
    finished: frozenset[Speed] = frozenset()
    current: Speed | None = None
    stays_slow: bool = False  # a slow player who pressed Done in the fast player phase
    actions: int | None = None  # None until its first turn this round starts
    reaction: bool = True  # rule: it comes back at the start of each turn
    actions_at_start: int | None = None  # an action given back never raises ``actions`` above
    # rule: turns in a phase are taken one after another: a running turn has begun once its
    # holder acts in it (or is the only one left in its phase); its new reaction comes then
    begun: bool = True
    # rule: each named action once a turn, a Strike once for each hand (see named.py); a turn's
    # start forgets them
    used: tuple[str, ...] = ()

    def new_round(self, *, keep_speed: bool) -> TurnState:
        """The state at the start of a round: slow (unless ``keep_speed``), no turn taken."""
        # the reaction lasts until its next turn starts
        return TurnState(speed=self.speed if keep_speed else Speed.SLOW, reaction=self.reaction)


@dataclass(frozen=True, slots=True)
class Reactions:
    """What its reactions and focus hold in this encounter (the card's Dodge, Aid, Recover...)."""

    focus_spent: int = 0  # on the card; Recover gives focus back up to it
    dodging: bool = False  # its reaction and 1 focus held for the next attack against it
    aided_by: str | None = None  # its next test gains an advantage
    recovered: bool = False  # once per scene
    # a boss's: an enemy of its has just finished a turn, so it may spend 1 focus on an extra
    # action now (until the next turn ends)
    extra_ready: bool = False
    # Brace: behind cover, attacks against it gain a disadvantage until it attacks or leaves it
    braced: bool = False


@dataclass(frozen=True, slots=True)
class Combatant:
    """One combatant of an encounter."""

    name: str  # unique in its encounter (ignoring case)
    side: Side
    role: Role  # a player character: rival
    owner_id: int  # its player's Discord user id (the GM's for adversaries)
    health: int
    health_max: int
    character_id: str | None = None
    focus: int = 0
    deflect: int = 0
    defenses: Defenses = field(default_factory=Defenses)
    immunities: frozenset[ConditionName] = frozenset()  # conditions it cannot take
    damage_immunities: frozenset[DamageType] = frozenset()
    conditions: tuple[Condition, ...] = ()
    turn: TurnState = field(default_factory=TurnState)
    defeated: bool = False
    tally: Tally = field(default_factory=Tally)
    reactions: Reactions = field(default_factory=Reactions)
    applications: tuple[Applied, ...] = ()  # its latest, newest last, which a GM may undo
    holds: tuple[Hold, ...] = ()  # what basic actions left on it (an advantage, a grapple)

    def __post_init__(self) -> None:
        check_name(self.name)
        if self.side is Side.PLAYER and self.role is not Role.RIVAL:
            raise EncounterError("{name}: a player's character is a rival, not a {role}",
                                 combatant=self.name,
                                 fields={"name": self.name, "role": self.role.value})
        _check_range(self.name, "health maximum", self.health_max, 1, MAX_HEALTH)
        _check_range(self.name, "health", self.health, 0, self.health_max)
        _check_range(self.name, "focus", self.focus, 0, MAX_FOCUS)
        _check_range(self.name, "focus spent", self.reactions.focus_spent, 0, MAX_FOCUS)
        _check_range(self.name, "deflect", self.deflect, 0, MAX_DEFLECT)
        for kind, what in (("physical", "physical defense"), ("cognitive", "cognitive defense"),
                           ("spiritual", "spiritual defense")):
            _check_range(self.name, what, getattr(self.defenses, kind), 0, MAX_DEFENSE)

    @property
    def key(self) -> str:
        """Its name as names are compared (ignoring case)."""
        return self.name.casefold()

    @property
    def boss(self) -> bool:
        """Whether it takes both a fast and a slow turn."""
        return self.role is Role.BOSS

    @property
    def adversary_side(self) -> bool:
        """Whether it acts in the adversaries' phases (allies and enemies)."""
        return self.side is not Side.PLAYER

    def turn_kinds(self) -> frozenset[Speed]:
        """The turns it takes this round as things stand: a boss both, others their speed."""
        # rule: no fast turn when Surprised or Unconscious
        if self.defeated:
            return frozenset()
        kinds = set(Speed) if self.boss else {self.turn.speed}
        if self.no_fast_turn() is not None:
            kinds = {Speed.SLOW}
        return frozenset(kinds)

    def no_reactions(self) -> ConditionName | None:
        """The condition that takes its reactions away (rule: see NO_REACTIONS), or ``None``."""
        return first_of(self.conditions, NO_REACTIONS)

    @property
    def reaction_left(self) -> bool:
        """Whether it could react now: its reaction unspent and no condition taking it away."""
        return self.turn.reaction and self.no_reactions() is None

    def no_fast_turn(self) -> ConditionName | None:
        """The condition that keeps it from a fast turn (Unconscious, Surprised), or ``None``."""
        return first_of(self.conditions, (ConditionName.UNCONSCIOUS, ConditionName.SURPRISED))


def opposed(one: Combatant, other: Combatant) -> bool:
    """Whether ``other`` fights on the other side (players and allies against enemies)."""
    return (one.side is Side.ENEMY) != (other.side is Side.ENEMY)


def check_name(name: str) -> None:
    """Refuse an empty, over-long or unprintable combatant name."""
    if not name.strip() or name != name.strip():
        raise EncounterError("a combatant's name must not be empty nor start or end with spaces "
                             '(got "{name}")', fields={"name": name})
    if len(name) > MAX_NAME_LENGTH:
        raise EncounterError("a combatant's name has at most {most} characters (got {got})",
                             combatant=name[:MAX_NAME_LENGTH],
                             fields={"most": MAX_NAME_LENGTH, "got": len(name)})
    if not name.isprintable():
        raise EncounterError("a combatant's name must be printable text", combatant=name)


def _check_range(name: str, what: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise EncounterError("{name}: {what} from {low} to {high} (got {got})", combatant=name,
                             fields={"name": name, "what": what, "low": low, "high": high,
                                     "got": value})
