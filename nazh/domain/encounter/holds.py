"""What a basic action leaves on a combatant: an advantage gained on a foe, a grapple held."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.encounter.errors import EncounterError

MAX_HOLDS = 30


class HoldKind(Enum):
    """What a hold is."""

    # Gain Advantage: its next test against ``other`` using another skill gains an advantage
    ADVANTAGE = "advantage"
    # Grapple: Restrained by ``other`` until it escapes, ``other`` lets go or falls Unconscious
    GRAPPLED = "grappled"


@dataclass(frozen=True, slots=True)
class Hold:
    """One hold of a combatant, naming the other combatant it is about."""

    kind: HoldKind
    other: str  # the foe's name (names are unique in an encounter)
    skill: str = ""  # ADVANTAGE: the id of the skill that gained it (``deduction``)

    def __post_init__(self) -> None:
        if (self.kind is HoldKind.ADVANTAGE) != bool(self.skill):
            raise EncounterError("an advantage gained names the skill that gained it, and "
                                 "only it")

    @property
    def skill_title(self) -> str:
        """``Light Weaponry`` for ``light-weaponry``."""
        return skill_title(self.skill)


def skill_title(skill: str) -> str:
    """A skill's id as the rules write it: ``light-weaponry`` -> ``Light Weaponry``."""
    return " ".join(word.capitalize() for word in skill.replace("_", "-").split("-"))
