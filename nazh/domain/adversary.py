"""What an adversary's stat block says beyond a sheet's numbers: its role, its tier and the
range its health is drawn from (``60 (48-72)``).

A minion falls at its first injury and never scores a critical hit, a rival follows the rules
as player characters do, a boss takes a fast and a slow turn and may spend focus for an extra
action. The tier (1-4) is the stat block's, as Foundry VTT keeps it; Nazh shows it.
"""

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

    MINION = "minion"
    RIVAL = "rival"
    BOSS = "boss"

    @classmethod
    def named(cls, text: str) -> Role:
        """The role called ``text`` (any case).

        Raises:
            CharacterError: naming the roles.
        """
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise CharacterError(f"{text.strip()[:40]!r} is not a role",
                                 hint="minion, rival or boss") from None


@dataclass(frozen=True, slots=True)
class HealthRange:
    """The range a stat block gives its health in (``48-72``): shown beside the health."""

    low: int
    high: int

    @classmethod
    def read(cls, text: str) -> HealthRange:
        """``48-72`` (or ``48 to 72``) as a range.

        Raises:
            CharacterError: not two whole numbers, or out of order.
        """
        found = _RANGE.fullmatch(text)
        if found is None:
            raise CharacterError(f"a health range is two whole numbers, e.g. 48-72 "
                                 f"(got {text.strip()[:40]!r})")
        return cls(int(found[1]), int(found[2])).check()

    def check(self) -> HealthRange:
        """This range, when ``1 <= low <= high <= 999``.

        Raises:
            CharacterError: naming the range.
        """
        if not 1 <= self.low <= self.high <= MAX_HEALTH_RANGE:
            raise CharacterError(f"a health range goes from 1 to {MAX_HEALTH_RANGE}, low to "
                                 f"high (got {self.low}-{self.high})")
        return self

    @property
    def text(self) -> str:
        """``48-72``."""
        return f"{self.low}-{self.high}"


def check_tier(tier: int) -> int:
    """``tier`` when it is 1-4.

    Raises:
        CharacterError: naming the tiers.
    """
    if isinstance(tier, bool) or not isinstance(tier, int) or not MIN_TIER <= tier <= MAX_TIER:
        raise CharacterError(f"tier is {MIN_TIER} to {MAX_TIER} (got {tier!r})")
    return tier
