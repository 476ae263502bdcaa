"""Opportunity and Complication ranges: which natural d20 faces of a test count as each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from nazh.domain.errors import RangesError
from nazh.domain.spec import SKILL_DIE_SIDES

LOWEST_FACE: Final = 1
HIGHEST_FACE: Final = SKILL_DIE_SIDES


@dataclass(frozen=True, slots=True)
class Ranges:
    """Opportunities on ``opportunity``-20 and Complications on 1-``complication``; always valid."""

    opportunity: int = HIGHEST_FACE
    complication: int = LOWEST_FACE

    def __post_init__(self) -> None:
        check_ranges(self.opportunity, self.complication)

    @property
    def default(self) -> bool:
        """Only a natural 20 is an Opportunity and only a natural 1 a Complication."""
        return self.opportunity == HIGHEST_FACE and self.complication == LOWEST_FACE

    def is_opportunity(self, face: int) -> bool:
        """A kept d20 showing ``face`` is an Opportunity."""
        return face >= self.opportunity

    def is_complication(self, face: int) -> bool:
        """A kept d20 showing ``face`` is a Complication."""
        return face <= self.complication

    def describe(self) -> str | None:
        """``Opportunity on 19-20 · Complication on 1-2``: those not the default, else None."""
        parts = []
        if self.opportunity != HIGHEST_FACE:
            parts.append(f"Opportunity on {self.opportunity}-{HIGHEST_FACE}")
        if self.complication != LOWEST_FACE:
            parts.append(f"Complication on {LOWEST_FACE}-{self.complication}")
        return " · ".join(parts) or None


def check_ranges(opportunity: int, complication: int) -> None:
    """Reject (RangesError) ranges outside the d20, or overlapping ones."""
    for name, value, meaning in (
            ("opportunity", opportunity,
             "the lowest face that is an Opportunity, e.g. 19 for 19-20 (default 20)"),
            ("complication", complication,
             "the highest face that is a Complication, e.g. 2 for 1-2 (default 1)")):
        if not LOWEST_FACE <= value <= HIGHEST_FACE:
            raise RangesError(
                "{name} must be a d20 face, between {low} and {high} (got {got})", hint=meaning,
                fields={"name": name, "low": LOWEST_FACE, "high": HIGHEST_FACE, "got": value})
    if complication >= opportunity:
        raise RangesError(
            "opportunity {opportunity} and complication {complication} overlap: a face "
            "cannot be both an Opportunity ({opportunity}-{high}) and a Complication "
            "({low}-{complication})",
            hint=("the complication must be below the opportunity: at most {below} with "
                  "opportunity {opportunity}" if opportunity > LOWEST_FACE else
                  "the complication must be below the opportunity: opportunity {low} leaves no "
                  "face for a Complication"),
            fields={"opportunity": opportunity, "complication": complication,
                    "high": HIGHEST_FACE, "low": LOWEST_FACE, "below": opportunity - 1})


# rule: a natural 20 is an Opportunity, a natural 1 a Complication; talents and effects widen them
DEFAULT_RANGES: Final = Ranges()


@cache
def ranges_for(opportunity: int, complication: int) -> Ranges:
    """The ranges ``Ranges(opportunity, complication)``, one shared object per valid pair."""
    # a roll keeps its ranges as long as its buttons may be pressed; at most 190 pairs
    return DEFAULT_RANGES if (opportunity, complication) == (HIGHEST_FACE, LOWEST_FACE) \
        else Ranges(opportunity, complication)
