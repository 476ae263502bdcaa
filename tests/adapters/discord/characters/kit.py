"""Shared arrange code of the Discord character feature's tests: the owner, a GM, another
player, Veyla Tarn's sheet and the table that serves them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import hikari

from nazh.adapters.discord.characters.feature import CharacterFeature
from nazh.adapters.discord.characters.sheet_controls import SheetControls
from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.gate import SheetGate
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.model import RollStamps
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import (
    Attribute,
    Character,
    Weapon,
)
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, answers
from tests.adapters.discord.rolls.kit import as_gm
from tests.app_fakes import FakeClock, FakeRollMetrics, FakeSavedRollStore, MemoryStore, Nowhere
from tests.character_fakes import FakeCharacterStore, FakeHeldEffects
from tests.e2e.fake_discord import DEFAULT_GUILD_ID, autocomplete, component_click, make_user
from tests.encounter_fakes import FakeEncounterStore
from tests.fakes import FakeRng

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
GUILD = int(DEFAULT_GUILD_ID)
OWNER = make_user("791111111111111111", "owner")
GM = make_user("792222222222222222", "gm")
OTHER = make_user("793333333333333333", "other")
VEYLA_ID = "k3v9x0q2md"


def veyla(shared: bool = False) -> CharacterRecord:
    """Veyla Tarn, the owner's: level 3, a spear and an empty crossbow (Loaded [1]), an active
    character."""
    sheet = replace(Character.new("Veyla Tarn", level=3,
                                  attributes={Attribute.STRENGTH: 2, Attribute.WILLPOWER: 3}),
                    weapons=(Weapon("Spear", "heavy-weaponry", "1d8", "keen"),
                             Weapon("Crossbow", "heavy-weaponry", "1d8", "keen",
                                    traits=("loaded [1]",), stored=0)))
    return CharacterRecord(VEYLA_ID, GUILD, int(OWNER["id"]), sheet, shared, 1, NOW)


class Table:
    """The feature on a store holding Veyla Tarn (the owner's active character)."""

    def __init__(self, shared: bool = False, *records: CharacterRecord,
                 dice: FakeRng | None = None) -> None:
        self.kit = FeatureKit()
        self.store = FakeCharacterStore(veyla(shared), *records)
        self.store.actives[GUILD, int(OWNER["id"])] = VEYLA_ID
        settings = GuildSettings(MemoryStore(), FakeClock(NOW))
        self.characters = Characters(self.store, settings, FakeClock(NOW), SeededRandomSource(7))
        rng = dice or FakeRng()
        gate = SheetGate(self.characters, FakeHeldEffects())
        table = RollActions(RollDice(rng), InMemoryRollStore(FakeClock(NOW)),
                            RollStamps(FakeClock(NOW), rng), FakeRollMetrics(),
                            SavedRolls(FakeSavedRollStore()), settings)
        self.feature = CharacterFeature(self.characters,
                                        CharacterRolls(table, self.characters, gate, Nowhere(),
                                                       RollHandlers([SheetRolls(gate)])),
                                        self.kit.wrapper, AttachmentReader(),
                                        answers(settings), EncounterUseCases.of(
                                            FakeEncounterStore(), settings, self.characters,
                                            FakeClock(NOW), SeededRandomSource(11)).sheet_actions)
        self.controls = SheetControls(self.characters, self.kit.wrapper)

    def command(self, name: str, user: JsonObject,
                options: JsonObject | None = None) -> hikari.CommandInteraction:
        return self.kit.command(name, options, user=user,
                                edit=as_gm if user is GM else None)

    def click(self, custom_id: str, user: JsonObject, *,
              ephemeral: bool) -> hikari.ComponentInteraction:
        payload = component_click(custom_id, user=user)
        payload["message"]["flags"] = EPHEMERAL if ephemeral else 0
        if user is GM:
            as_gm(payload["member"])
        interaction = self.kit.bot.entity_factory.deserialize_interaction(payload)
        assert isinstance(interaction, hikari.ComponentInteraction)
        return interaction

    def suggesting(self, name: str, focused: str, user: JsonObject,
                   typed: str = "", **options: str) -> hikari.AutocompleteInteraction:
        payload = autocomplete(name, {focused: typed, **options}, focused, user=user)
        if user is GM:
            as_gm(payload["member"])
        interaction = self.kit.bot.entity_factory.deserialize_interaction(payload)
        assert isinstance(interaction, hikari.AutocompleteInteraction)
        return interaction

    async def pressed(self, custom_id: str, user: JsonObject, *,
                      ephemeral: bool) -> JsonObject:
        interaction = self.click(custom_id, user, ephemeral=ephemeral)
        owned = owner_of(custom_id)
        assert owned is not None
        return await self.kit.answer(interaction, self.controls.on_control(interaction,
                                                                           owned[1]))
