"""The table of Discord features: one row per feature drives everything that knows them.

A row names the module of the feature's lightbulb commands (its ``loader``), the class that
serves them (registered in lightbulb's injection and built by the container, its constructor's
parameters matched by name to the container's dependencies) and, for a feature with buttons,
selects or forms, its custom-id codec (the router hands each click to the feature owning its
kind). Adding a slash command is its feature module plus one row here.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from nazh.adapters.discord import (
    about,
    attack,
    builder,
    character,
    check,
    history,
    injury,
    odds,
    result,
    roll,
    saved,
    settings,
    sheet,
    stats,
)
from nazh.adapters.discord.controls import Codec, parts_of


@dataclass(frozen=True, slots=True)
class Feature:
    """One Discord feature.

    Attributes:
        serves: The class that serves its commands and controls (one instance per bot).
        commands: The module of its lightbulb commands (``loader``), if it has any.
        controls: Its custom-id codec, if it has buttons, selects or forms; the class then has
            ``on_control(interaction, control)``.
    """

    serves: type[Any]
    commands: ModuleType | None = None
    controls: Codec | None = None


FEATURES: tuple[Feature, ...] = (
    Feature(roll.RollFeature, roll, result.CODEC),
    Feature(attack.AttackFeature, attack),
    Feature(check.CheckFeature, check),
    Feature(injury.InjuryFeature, injury),
    Feature(builder.BuilderFeature, None, builder.CODEC),
    Feature(odds.OddsFeature, odds),
    Feature(history.HistoryFeature, history, history.CODEC),
    Feature(saved.SavedFeature, saved),
    Feature(character.CharacterFeature, character, sheet.CODEC),
    Feature(settings.SettingsFeature, settings),
    Feature(stats.StatsFeature, stats),
    Feature(about.AboutFeature, about),
)


def owner_of(custom_id: str) -> tuple[Feature, Any] | None:
    """The feature a custom id belongs to and its decoded control (``None``: not Nazh's, or
    malformed)."""
    parts = parts_of(custom_id)
    if parts is None:
        return None
    for feature in FEATURES:
        if feature.controls is not None and parts[1] in feature.controls.kinds:
            control = feature.controls.decode(parts)
            return None if control is None else (feature, control)
    return None


def decode(custom_id: str) -> Any | None:
    """Whatever a custom id of Nazh's means, or ``None`` for anything else."""
    owned = owner_of(custom_id)
    return None if owned is None else owned[1]


def build_features(needs: Mapping[str, Any]) -> dict[type[Any], Any]:
    """One instance of every feature's class, each constructor parameter taken by its name
    from ``needs`` (the container's dependencies of the Discord features).

    Raises:
        LookupError: a feature needs something ``needs`` does not have.
    """
    built: dict[type[Any], Any] = {}
    for feature in FEATURES:
        wanted = list(inspect.signature(feature.serves).parameters)
        missing = [name for name in wanted if name not in needs]
        if missing:
            raise LookupError(f"{feature.serves.__name__} needs {', '.join(missing)}: add them "
                              "to the Discord container's feature dependencies")
        built[feature.serves] = feature.serves(**{name: needs[name] for name in wanted})
    return built
