"""A table in memory for the rolls made with characters: the roll actions, the characters, the
sheet gate and the channel's encounter, with dice and ids from one script; Veyla Tarn (a
player's, active) and a GM's Chasmfiend."""

from __future__ import annotations

from dataclasses import replace

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.carried.extras import ExtraDice
from nazh.application.carried.roll_handler import CarriedRolls
from nazh.application.carried.situations import CarriedSituations
from nazh.application.characters.gate import SheetGate
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.health import EncounterHealth
from nazh.application.encounters.lifecycle import EncounterLifecycle
from nazh.application.encounters.reactions import EncounterReactions
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.roster import EncounterRoster
from nazh.application.encounters.sheets import SheetsFollowCard
from nazh.application.encounters.turns import EncounterTurns, TurnAct
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import RollHandler, RollHandlers
from nazh.application.rolls.model import Roller, RollRequest, RollStamps
from nazh.application.rolls.revealing import RevealRolls
from nazh.application.rolls.steps import RollSteps
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import Attribute, Character, Kind, Skill, Weapon, with_skills
from nazh.domain.derivation import Pool
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Combatant
from tests.app_fakes import (
    FakeCarriedDice,
    FakeClock,
    FakeRollMetrics,
    FakeSavedRollStore,
    MemoryStore,
)
from tests.character_fakes import FakeCharacterStore, FakeHeldEffects
from tests.encounter_fakes import FakeEncounterStore
from tests.fakes import FakeRng, d

GUILD = 333
PLAYER_ID, GM_ID, OTHER_ID = 111, 444, 999
PLAYER = Member(PLAYER_ID, GUILD)
GM = Member(GM_ID, GUILD, manages_guild=True)
OTHER = Member(OTHER_ID, GUILD)
ROLLER = Roller(PLAYER_ID, 222, GUILD)
GM_ROLLER = Roller(GM_ID, 222, GUILD)
ROLL_ID = "0123456789"
ID_FACES = d(32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
VEYLA_ID, FIEND_ID = "veyla00001", "fiend00001"


def veyla(focus: int = 3) -> Character:
    """Awareness 3, Speed 2, Willpower 2 (focus maximum 4, recovery die d6); Insight 2 ranks,
    Light Weaponry 2 ranks; a spear, a net that cannot graze, a dagger with its own damage
    modifier and a crossbow storing 2 ammunition (Loaded [2])."""
    sheet = Character.new("Veyla Tarn", attributes={
        Attribute.AWARENESS: 3, Attribute.SPEED: 2, Attribute.WILLPOWER: 2})
    sheet = with_skills(sheet, [Skill("Insight", Attribute.AWARENESS, 2),
                                Skill("Light Weaponry", Attribute.SPEED, 2)])
    return replace(sheet, focus=Pool(focus), health=Pool(6), deflect=1, injuries=1, weapons=(
        Weapon("Spear", "light-weaponry", "1d8", "keen"),
        Weapon("Net", "light-weaponry", "1d4", can_graze=False),
        Weapon("Dagger", "light-weaponry", "1d4+1"),
        Weapon("Crossbow", "light-weaponry", "1d8", "keen", traits=("loaded [3]",))))


def fiend() -> Character:
    sheet = Character.new("Chasmfiend", Kind.ADVERSARY, attributes={Attribute.STRENGTH: 4})
    return with_skills(sheet, [Skill("Athletics", Attribute.STRENGTH, 3)])


class Table:
    """The roll actions and character rolls in memory, dice and ids from one script."""

    def __init__(self, rng: FakeRng, *sheets: CharacterRecord, yielding: bool = False) -> None:
        clock = FakeClock()
        self.characters_store = FakeCharacterStore(*sheets, yielding=yielding)
        self.characters_store.actives[GUILD, PLAYER_ID] = VEYLA_ID
        settings = GuildSettings(MemoryStore(), clock)
        self.characters = Characters(self.characters_store, settings, clock, rng)
        self.held = FakeHeldEffects()
        self.sheets = SheetGate(self.characters, self.held)
        self.store = InMemoryRollStore(clock)
        self.actions = RollActions(RollDice(rng), self.store, RollStamps(clock, rng),
                                   FakeRollMetrics(), SavedRolls(FakeSavedRollStore()),
                                   settings)
        self.encounter_store = FakeEncounterStore()
        self.encounter_changes = EncounterChanges(self.encounter_store, settings, clock,
                                                  sheets=SheetsFollowCard(self.sheets))
        self.lifecycle = EncounterLifecycle(self.encounter_changes, self.encounter_store,
                                            SeededRandomSource(11))
        self.roster = EncounterRoster(self.encounter_changes, self.characters)
        self.turns = EncounterTurns(self.encounter_changes)
        self.health = EncounterHealth(self.encounter_changes)
        self.reactions = EncounterReactions(self.encounter_changes)
        self.encounters = EncounterRolls(self.encounter_changes)
        self.carried = FakeCarriedDice()
        self.handlers = RollHandlers(self.roll_handlers())
        self.reveals = RevealRolls(self.actions, self.handlers)
        self.steps = RollSteps(self.actions, self.handlers)
        self.amend = AmendRolls(self.actions, self.handlers)
        self.rolls = CharacterRolls(self.actions, self.characters, self.sheets,
                                    CarriedSituations(self.encounters, self.carried),
                                    self.handlers)
        self.acts = EncounterRollActs(self.encounter_changes, self.encounters, self.characters,
                                      self.rolls, self.actions, self.handlers)

    def roll_handlers(self) -> list[RollHandler]:
        """What follows a roll here: the sheets', then the encounter's."""
        return [SheetRolls(self.sheets), CarriedRolls(self.sheets, self.carried), ExtraDice(),
                self.encounters]

    def sheet(self, character_id: str = VEYLA_ID) -> Character:
        return self.characters_store.records[character_id].sheet


def table(rng: FakeRng, focus: int = 3, *, yielding: bool = False) -> Table:
    return Table(rng, CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID, veyla(focus)),
                 CharacterRecord(FIEND_ID, GUILD, GM_ID, fiend()), yielding=yielding)


def request(roller: Roller = ROLLER, **options: object) -> RollRequest:
    return RollRequest("", roller, **options)  # type: ignore[arg-type]


async def fight(t: Table, *afflictions: Affliction, turn: bool = True,
                channel: int = ROLLER.channel_id) -> None:
    """The channel's encounter "Ambush" with Veyla Tarn in it, holding ``afflictions``; with
    ``turn`` she goes fast (her turn runs, 2 actions)."""
    await t.lifecycle.start(GM, channel, "Ambush")
    await t.roster.join(PLAYER, channel, None)
    for affliction in afflictions:
        await t.turns.condition(GM, channel, "Veyla Tarn", affliction)
    if turn:
        await t.turns.take(PLAYER, channel, TurnAct.FAST)


async def veyla_in_fight(t: Table) -> Combatant:
    """Veyla Tarn as the encounter now holds her."""
    return (await t.encounter_changes.current(ROLLER.channel_id)).encounter.find("Veyla Tarn")
