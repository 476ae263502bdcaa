"""A die carried over to a character's next test: an advantage or a disadvantage, and why."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.domain.spec import DieMode


@dataclass(frozen=True, slots=True)
class CarriedDie:
    """An advantage or a disadvantage waiting for a character's next test (taken once)."""

    once: str  # "ally:<n>:<roll id>", "hinder:<n>:<roll id>": carried once, taken once
    character_id: str
    name: str  # the character's name, as the note says it
    mode: DieMode  # advantage or disadvantage
    why: str  # "Kaladin's Opportunity (roll k3v9x0q2md)"
    channel_id: int | None = None  # only a test in this channel's encounter; None: anywhere
