"""The table of Discord features: one manifest per feature package drives everything that knows
them.

A manifest (:mod:`nazh.adapters.discord.runtime.manifest`) names its package's rows: the class
that serves the feature (bound to its commands by type, built by its ``build`` from the typed
:class:`~nazh.adapters.discord.runtime.dependencies.Dependencies` the container fills), the
module of its lightbulb commands (its ``loader``), for a feature with buttons, selects or forms
its custom-id codec (the router hands each click to the feature owning its kind) and the buttons
it draws on a roll's result; and the handlers of what follows a roll. Adding a command or a
rule is its feature's modules plus a row in its manifest; the runtime is handed this table and
names no feature.
"""

from __future__ import annotations

from typing import Any

from nazh.adapters.discord.about.manifest import MANIFEST as ABOUT
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

MANIFESTS: tuple[Manifest, ...] = (ROLLS, LOG, SAVED, CHARACTERS, ENCOUNTERS, REQUESTS, SETTINGS,
                                   STATS, ABOUT, SESSIONS)
"""Every feature package's manifest; their handlers follow a roll in this order (a sheet's
change first, which the encounter's card follows)."""
FEATURES: tuple[Feature, ...] = tuple(row for manifest in MANIFESTS
                                      for row in manifest.features)
"""Every row of every manifest."""
OFFER_BUTTONS: tuple[OfferButton, ...] = tuple(button for manifest in MANIFESTS
                                               for button in manifest.offers)
"""Every button a feature draws on a roll's result, in the table's order."""


def owner_of(custom_id: str) -> tuple[Feature, Any] | None:
    """The feature a custom id belongs to and its decoded control (``None``: not Nazh's, or
    malformed)."""
    return owner_in(FEATURES, custom_id)


def decode(custom_id: str) -> object | None:
    """Whatever a custom id of Nazh's means, or ``None`` for anything else."""
    owned = owner_of(custom_id)
    return None if owned is None else owned[1]
