"""Shared arrange code of the Discord roll features' tests: the users, the scripted roll ids, the
actions in memory, the character sheets a check reads."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.adapters.discord.features import decode
from nazh.adapters.discord.rolls.result import RollControl
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.characters.gate import SheetGate
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.model import RollStamps
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.json_types import JsonObject
from tests.app_fakes import FakeClock, FakeRollMetrics, FakeSavedRollStore, MemoryStore, Nowhere
from tests.character_fakes import FakeCharacterStore, FakeHeldEffects
from tests.e2e.fake_discord import DEFAULT_GUILD_ID, make_user
from tests.e2e.harness import MANAGE_GUILD, VIEW_CHANNEL
from tests.fakes import FakeRng
from tests.roll_sheets_kit import FIEND_ID, VEYLA_ID, fiend, veyla

ROLLER = make_user("771111111111111111", "roller")
OTHER = make_user("772222222222222222", "other")
GM = make_user("773333333333333333", "gm")
ID_FACES = [(32, face) for face in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]  # -> "0123456789"
ROLL_ID = "0123456789"


def actions(rng: FakeRng, saved: SavedRolls, settings: GuildSettings | None = None,
            ) -> RollActions:
    """The roll actions in memory, dice and roll ids from ``rng``."""
    clock = FakeClock()
    return RollActions(RollDice(rng), InMemoryRollStore(clock), RollStamps(clock, rng),
                       FakeRollMetrics(), saved, settings)


def control_of(custom_id: str) -> RollControl:
    control = decode(custom_id)
    assert isinstance(control, RollControl)
    return control


def as_gm(payload_member: JsonObject) -> None:
    """Manage Server: with no gm-role set, a GM."""
    payload_member["permissions"] = str(MANAGE_GUILD | VIEW_CHANNEL)
GUILD = int(DEFAULT_GUILD_ID)


@dataclass
class Sheets:
    """The roll actions with characters in memory: Veyla Tarn (ROLLER's, active) and the
    Chasmfiend (an adversary kept by GM)."""

    table: RollActions
    rolls: CharacterRolls
    store: FakeCharacterStore
    settings: GuildSettings
    saved: SavedRolls
    use_cases: RollUseCases


def sheets(rng: FakeRng, focus: int = 3) -> Sheets:
    clock = FakeClock()
    store = FakeCharacterStore(
        CharacterRecord(VEYLA_ID, GUILD, int(ROLLER["id"]), veyla(focus)),
        CharacterRecord(FIEND_ID, GUILD, int(GM["id"]), fiend()))
    store.actives[GUILD, int(ROLLER["id"])] = VEYLA_ID
    settings = GuildSettings(MemoryStore(), clock)
    saved = SavedRolls(FakeSavedRollStore())
    characters = Characters(store, settings, clock, rng)
    gate = SheetGate(characters, FakeHeldEffects())
    table = RollActions(RollDice(rng), InMemoryRollStore(clock), RollStamps(clock, rng),
                        FakeRollMetrics(), saved, settings)
    handlers = RollHandlers([SheetRolls(gate)])
    return Sheets(table, CharacterRolls(table, characters, gate, Nowhere(), handlers), store,
                  settings, saved, RollUseCases.of(table, handlers))


def choices(answer: JsonObject) -> list[tuple[str, str]]:
    return [(c["name"], c["value"]) for c in answer["data"]["choices"]]
