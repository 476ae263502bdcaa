"""The characters' part of the bot: ``/character``, a sheet's buttons, a roll's sheet effects."""

from __future__ import annotations

from nazh.adapters.discord.characters import commands, controls, import_form
from nazh.adapters.discord.characters.feature import CharacterFeature
from nazh.adapters.discord.characters.sheet_controls import SheetControls
from nazh.adapters.discord.runtime.feature import Feature
from nazh.adapters.discord.runtime.manifest import HandlerParts, Manifest
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.rolls.events import RollHandler


def _sheets(parts: HandlerParts) -> RollHandler:
    return SheetRolls(parts.sheets)


MANIFEST = Manifest((
    Feature(CharacterFeature, commands),
    Feature(SheetControls, None, controls.CODEC),
    Feature(import_form.ImportForm, None, import_form.CODEC),
), handlers=(_sheets,))
