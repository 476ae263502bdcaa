"""A feature package's manifest: its table rows and its handlers of what follows a roll."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.application.carried.ports import CarriedDice
from nazh.application.characters.gate import SheetGate
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.rolls.events import RollHandler
from nazh.application.sessions.roll_handler import SessionRolls


@dataclass(frozen=True, slots=True)
class HandlerParts:
    """What the handlers of what follows a roll are made from (the composition fills it)."""

    sheets: SheetGate
    encounter_rolls: EncounterRolls
    endeavors: Endeavors
    session_rolls: SessionRolls
    carried: CarriedDice


MakeHandler = Callable[[HandlerParts], RollHandler]
"""How a feature's handler is made from the parts."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """A feature package's part of the bot."""

    features: tuple[Feature, ...]
    handlers: tuple[MakeHandler, ...] = ()

    @property
    def offers(self) -> tuple[OfferButton, ...]:
        """The buttons its rows draw on a roll's result."""
        return tuple(button for feature in self.features for button in feature.offers)


def handlers_of(manifests: Sequence[Manifest], parts: HandlerParts) -> list[RollHandler]:
    """Every manifest's handlers, made from ``parts``, in the manifests' order."""
    return [make(parts) for manifest in manifests for make in manifest.handlers]
