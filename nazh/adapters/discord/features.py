"""The table of Discord features: one manifest per feature package drives all that knows them."""

from __future__ import annotations

from typing import Any

from nazh.adapters.discord.about.manifest import MANIFEST as ABOUT
from nazh.adapters.discord.carried.manifest import MANIFEST as CARRIED
from nazh.adapters.discord.characters.manifest import MANIFEST as CHARACTERS
from nazh.adapters.discord.encounters.manifest import MANIFEST as ENCOUNTERS
from nazh.adapters.discord.log.manifest import MANIFEST as LOG
from nazh.adapters.discord.requests.manifest import MANIFEST as REQUESTS
from nazh.adapters.discord.rolls.manifest import MANIFEST as ROLLS
from nazh.adapters.discord.runtime.feature import Feature, owner_in
from nazh.adapters.discord.runtime.manifest import Manifest
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.saved.manifest import MANIFEST as SAVED
from nazh.adapters.discord.sessions.manifest import MANIFEST as SESSIONS
from nazh.adapters.discord.settings.manifest import MANIFEST as SETTINGS
from nazh.adapters.discord.stats.manifest import MANIFEST as STATS

MANIFESTS: tuple[Manifest, ...] = (ROLLS, LOG, SAVED, CHARACTERS, CARRIED, ENCOUNTERS, REQUESTS,
                                   SETTINGS, STATS, ABOUT, SESSIONS)
"""Every feature's manifest; handlers follow a roll in this order (a sheet's, then the card's)."""
FEATURES: tuple[Feature, ...] = tuple(row for manifest in MANIFESTS
                                      for row in manifest.features)
"""Every row of every manifest."""
OFFER_BUTTONS: tuple[OfferButton, ...] = tuple(button for manifest in MANIFESTS
                                               for button in manifest.offers)
"""Every button a feature draws on a roll's result, in the table's order."""


def owner_of(custom_id: str) -> tuple[Feature, Any] | None:
    """The feature a custom id belongs to and its decoded control (``None``: not Nazh's, or bad)."""
    return owner_in(FEATURES, custom_id)


def decode(custom_id: str) -> object | None:
    """Whatever a custom id of Nazh's means, or ``None`` for anything else."""
    owned = owner_of(custom_id)
    return None if owned is None else owned[1]
