"""The requests' and endeavors' part of the bot: their commands, cards, and Count on a result."""

from __future__ import annotations

from nazh.adapters.discord.requests import commands, endeavors, result_count
from nazh.adapters.discord.requests.count_button import COUNT_BUTTON
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import HandlerParts, Manifest
from nazh.application.endeavors.roll_handler import EndeavorRolls
from nazh.application.rolls.events import RollHandler


def _count(parts: HandlerParts) -> RollHandler:
    return EndeavorRolls(parts.endeavors)


MANIFEST = Manifest((
    Feature(commands.RequestFeature, commands, commands.CODEC),
    Feature(endeavors.EndeavorFeature, endeavors, endeavors.CODEC),
    Feature(result_count.ResultCounts, None, result_count.CODEC, offers=(COUNT_BUTTON,)),
), handlers=(_count,))
