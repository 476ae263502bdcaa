"""What an adversary's stat block says beyond a sheet's numbers: role, tier, health range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from nazh.domain.attributes import CharacterError

MIN_TIER, MAX_TIER = 1, 4
MAX_HEALTH_RANGE = 999
_RANGE = re.compile(r"\s*(\d{1,4})\s*(?:-|–|to)\s*(\d{1,4})\s*")


class Role(Enum):
    """An adversary's role; a player character is a rival (no extra rules)."""

    MINION = "minion"  # rule: falls at its first injury, never scores a critical hit
    RIVAL = "rival"
    BOSS = "boss"  # rule: a fast and a slow turn; may spend focus for an extra action

    @classmethod
    def named(cls, text: str) -> Role:
        """The role called ``text`` (any case)."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise CharacterError("{typed} is not a role", hint="minion, rival or boss",
                                 fields={"typed": repr(text.strip()[:40])}) from None


@dataclass(frozen=True, slots=True)
class HealthRange:
    """The range a stat block gives its health in (``48-72``): shown beside the health."""

    low: int
    high: int

    @classmethod
    def read(cls, text: str) -> HealthRange:
        """``48-72`` (or ``48 to 72``) as a range."""
        found = _RANGE.fullmatch(text)
        if found is None:
            raise CharacterError("a health range is two whole numbers, e.g. 48-72 (got {got})",
                                 fields={"got": repr(text.strip()[:40])})
        return cls(int(found[1]), int(found[2])).check()

    def check(self) -> HealthRange:
        """This range, when ``1 <= low <= high <= 999``."""
        if not 1 <= self.low <= self.high <= MAX_HEALTH_RANGE:
            raise CharacterError("a health range goes from 1 to {most}, low to high (got "
                                 "{low}-{high})", fields={"most": MAX_HEALTH_RANGE,
                                                          "low": self.low, "high": self.high})
        return self

    @property
    def text(self) -> str:
        """``48-72``."""
        return f"{self.low}-{self.high}"


def check_tier(tier: int) -> int:
    """``tier`` when it is 1-4 (the stat block's, as Foundry VTT keeps it)."""
    if isinstance(tier, bool) or not isinstance(tier, int) or not MIN_TIER <= tier <= MAX_TIER:
        raise CharacterError("tier is {low} to {high} (got {got})",
                             fields={"low": MIN_TIER, "high": MAX_TIER, "got": repr(tier)})
    return tier
