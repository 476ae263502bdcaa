"""The sessions' part of the bot: ``/session`` and its recap card's buttons, and the first roll
after a quiet spell closing the channel's lapsed session."""

from __future__ import annotations

from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import HandlerParts, Manifest
from nazh.adapters.discord.sessions import commands
from nazh.application.rolls.events import RollHandler


def _lapse(parts: HandlerParts) -> RollHandler:
    return parts.session_rolls


MANIFEST = Manifest((Feature(commands.SessionFeature, commands, commands.CODEC),),
                    handlers=(_lapse,))
