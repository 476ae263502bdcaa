"""The table of Discord features: one row per feature drives everything that knows them.

A row names the class that serves the feature (bound to its commands by type, built by
its ``build`` from the typed :class:`~nazh.adapters.discord.runtime.dependencies.Dependencies`
the container fills), the module of its lightbulb commands (its ``loader``) and, for a feature
with buttons, selects or forms, its custom-id codec (the router hands each click to the feature
owning its kind). Adding a slash command is its feature module plus one row here; the runtime
is handed this table and names no feature. A feature served by several classes (the encounters':
the encounter's own commands, its combatants', the card's controls) has a row for each, its
commands module on one of them; what they share (the live card) is one per bot
(:class:`~nazh.adapters.discord.runtime.dependencies.SharedParts`).
"""

from __future__ import annotations

from typing import Any

from nazh.adapters.discord.about import commands as about
from nazh.adapters.discord.characters import commands as character
from nazh.adapters.discord.characters import controls as character_controls
from nazh.adapters.discord.characters.feature import CharacterFeature
from nazh.adapters.discord.characters.sheet_controls import SheetControls
from nazh.adapters.discord.encounters import commands as encounter
from nazh.adapters.discord.encounters import controls as encounter_controls
from nazh.adapters.discord.encounters import injury_button, undo_action
from nazh.adapters.discord.encounters.clicks import EncounterControls
from nazh.adapters.discord.encounters.combatants import CombatantCommands
from nazh.adapters.discord.encounters.feature import EncounterFeature
from nazh.adapters.discord.encounters.injury_button import INJURY_BUTTON
from nazh.adapters.discord.encounters.injury_controls import InjuryControls
from nazh.adapters.discord.encounters.undo_action import UNDO_BUTTON, UndoActions
from nazh.adapters.discord.log import history
from nazh.adapters.discord.requests import commands as request
from nazh.adapters.discord.requests import endeavors as endeavor
from nazh.adapters.discord.requests import result_count
from nazh.adapters.discord.requests.count_button import COUNT_BUTTON
from nazh.adapters.discord.rolls import (
    attack,
    attack_controls,
    builder,
    check,
    injury,
    odds,
    result,
    roll,
)
from nazh.adapters.discord.runtime.feature import Feature, owner_in
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.saved import commands as saved
from nazh.adapters.discord.settings import commands as settings
from nazh.adapters.discord.stats import commands as stats

FEATURES: tuple[Feature, ...] = (
    Feature(roll.RollFeature, roll, result.CODEC),
    Feature(attack.AttackFeature, attack, attack_controls.CODEC),
    Feature(check.CheckFeature, check),
    Feature(injury.InjuryFeature, injury),
    Feature(builder.BuilderFeature, None, builder.CODEC),
    Feature(odds.OddsFeature, odds),
    Feature(history.HistoryFeature, history, history.CODEC),
    Feature(saved.SavedFeature, saved),
    Feature(CharacterFeature, character),
    Feature(SheetControls, None, character_controls.CODEC),
    Feature(EncounterFeature, encounter),
    Feature(CombatantCommands),
    Feature(EncounterControls, None, encounter_controls.CODEC),
    Feature(UndoActions, None, undo_action.CODEC, offers=(UNDO_BUTTON,)),
    Feature(InjuryControls, None, injury_button.CODEC, offers=(INJURY_BUTTON,)),
    Feature(request.RequestFeature, request, request.CODEC),
    Feature(endeavor.EndeavorFeature, endeavor, endeavor.CODEC),
    Feature(result_count.ResultCounts, None, result_count.CODEC, offers=(COUNT_BUTTON,)),
    Feature(settings.SettingsFeature, settings),
    Feature(stats.StatsFeature, stats),
    Feature(about.AboutFeature, about),
)


OFFER_BUTTONS: tuple[OfferButton, ...] = tuple(
    button for feature in FEATURES for button in feature.offers)
"""Every button a feature draws on a roll's result, in the table's order."""


def owner_of(custom_id: str) -> tuple[Feature, Any] | None:
    """The feature a custom id belongs to and its decoded control (``None``: not Nazh's, or
    malformed)."""
    return owner_in(FEATURES, custom_id)


def decode(custom_id: str) -> object | None:
    """Whatever a custom id of Nazh's means, or ``None`` for anything else."""
    owned = owner_of(custom_id)
    return None if owned is None else owned[1]
