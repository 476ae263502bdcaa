"""``/about``: its part of the bot."""

from __future__ import annotations

from nazh.adapters.discord.about import commands
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import Manifest

MANIFEST = Manifest((Feature(commands.AboutFeature, commands),))
