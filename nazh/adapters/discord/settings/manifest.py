"""The server's settings (``/settings``): its part of the bot."""

from __future__ import annotations

from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import Manifest
from nazh.adapters.discord.settings import commands

MANIFEST = Manifest((Feature(commands.SettingsFeature, commands),))
