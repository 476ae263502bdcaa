"""The encounters' part of the bot: ``/encounter``, the live card, a roll's effects and offers."""

from __future__ import annotations

from nazh.adapters.discord.encounters import (
    commands,
    condition_form,
    controls,
    determined_button,
    health_form,
    injury_button,
    knock_out,
    log_view,
    recover_split,
    undo_action,
)
from nazh.adapters.discord.encounters.clicks import EncounterControls
from nazh.adapters.discord.encounters.combatants import CombatantCommands
from nazh.adapters.discord.encounters.feature import EncounterFeature
from nazh.adapters.discord.encounters.injury_controls import InjuryControls
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import HandlerParts, Manifest
from nazh.application.rolls.events import RollHandler


def _encounter(parts: HandlerParts) -> RollHandler:
    return parts.encounter_rolls


MANIFEST = Manifest((
    Feature(EncounterFeature, commands),
    Feature(CombatantCommands),
    Feature(EncounterControls, None, controls.CODEC),
    Feature(log_view.LogView, None, log_view.CODEC),
    Feature(health_form.HealthForms, None, health_form.CODEC),
    Feature(condition_form.ConditionForms, None, condition_form.CODEC),
    Feature(undo_action.UndoActions, None, undo_action.CODEC, offers=(undo_action.UNDO_BUTTON,)),
    Feature(InjuryControls, None, injury_button.CODEC, offers=(injury_button.INJURY_BUTTON,)),
    Feature(knock_out.KnockOuts, None, knock_out.CODEC, offers=(knock_out.KNOCK_OUT_BUTTON,)),
    Feature(recover_split.RecoverSplits, None, recover_split.CODEC),
    Feature(determined_button.DeterminedControls, None, determined_button.CODEC,
            offers=(determined_button.DETERMINED_BUTTON,)),
), handlers=(_encounter,))
