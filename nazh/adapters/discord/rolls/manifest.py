"""The rolls' part of the bot: /roll, /attack, /check, /injury, /odds and their controls."""

from __future__ import annotations

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
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import Manifest

MANIFEST = Manifest((
    Feature(roll.RollFeature, roll, result.CODEC),
    Feature(attack.AttackFeature, attack, attack_controls.CODEC),
    Feature(check.CheckFeature, check),
    Feature(injury.InjuryFeature, injury),
    Feature(builder.BuilderFeature, None, builder.CODEC),
    Feature(odds.OddsFeature, odds),
))
