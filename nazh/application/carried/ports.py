"""Where carried dice wait for their character's next test (shared by every replica)."""

from __future__ import annotations

from typing import Protocol

from nazh.application.carried.model import CarriedDie


class CarriedDice(Protocol):
    """Carried dice, each carried once and taken once."""

    async def carry(self, die: CarriedDie) -> bool:
        """Keep ``die`` until taken (``False``: one of its key was carried already)."""
        ...

    async def waiting(self, character_id: str) -> list[CarriedDie]:
        """The dice waiting for the character's next test, oldest first."""
        ...

    async def take(self, once: str, roll_id: str) -> bool:
        """Take the die of key ``once`` for the test ``roll_id`` (``False``: it was taken)."""
        ...

    async def carried(self, once: str) -> bool:
        """Whether a die of key ``once`` was ever carried (taken or not)."""
        ...
