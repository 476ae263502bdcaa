"""The dice statistics (``/stats``): their part of the bot."""

from __future__ import annotations

from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import Manifest
from nazh.adapters.discord.stats import commands

MANIFEST = Manifest((Feature(commands.StatsFeature, commands, commands.CODEC),))
