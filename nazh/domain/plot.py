"""The plot die's faces: 1 Complication +2, 2 Complication +4, 3-4 blank, 5-6 Opportunity."""

from __future__ import annotations

from enum import Enum


class PlotOutcome(Enum):
    """What a plot die face means in the story."""

    COMPLICATION = "complication"
    BLANK = "blank"
    OPPORTUNITY = "opportunity"


_FACES: dict[int, tuple[PlotOutcome, int]] = {
    1: (PlotOutcome.COMPLICATION, 2),
    2: (PlotOutcome.COMPLICATION, 4),
    3: (PlotOutcome.BLANK, 0),
    4: (PlotOutcome.BLANK, 0),
    5: (PlotOutcome.OPPORTUNITY, 0),
    6: (PlotOutcome.OPPORTUNITY, 0),
}


def plot_face(face: int) -> tuple[PlotOutcome, int]:
    """The outcome of a plot die face and the bonus it adds to every skill test."""
    try:
        return _FACES[face]
    except KeyError:
        raise ValueError(f"a plot die has faces 1-6, not {face}") from None
