"""The roll log's part of the bot: ``/history`` (its pages) and ``/verify``."""

from __future__ import annotations

from nazh.adapters.discord.log import history
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import Manifest

MANIFEST = Manifest((Feature(history.HistoryFeature, history, history.CODEC),))
