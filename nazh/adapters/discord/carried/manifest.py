"""What a roll carries over: an Opportunity's or a Complication's effects after its roll."""

from __future__ import annotations

from nazh.adapters.discord.carried import ally
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import HandlerParts, Manifest
from nazh.application.carried.extras import ExtraDice
from nazh.application.carried.roll_handler import CarriedRolls
from nazh.application.rolls.events import RollHandler


def _carried(parts: HandlerParts) -> RollHandler:
    return CarriedRolls(parts.sheets, parts.carried)


def _extras(parts: HandlerParts) -> RollHandler:
    return ExtraDice()


MANIFEST = Manifest((
    Feature(ally.CarriedFeature, None, ally.CODEC, offers=(ally.ALLY_BUTTON,)),
), handlers=(_carried, _extras))
