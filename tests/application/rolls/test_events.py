"""What follows a roll, by its handlers: every handler of the bot, for every visibility, does
what it owes a roll the table sees when the roll is kept, and nothing while the roll is a
secret; at its reveal it does it once, however often the reveal is reported (on any replica).
A handler of the bot without its row here fails ``test_every_handler_of_the_bot_has_its_row``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from nazh.adapters.config.environment import load_config
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.carried.extras import ExtraDice
from nazh.application.carried.model import CarriedDie
from nazh.application.carried.roll_handler import CarriedRolls
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.roll_handler import SheetRolls
from nazh.application.characters.rolls import InjuryAsked
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.endeavors.roll_handler import COUNT, EndeavorRolls
from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.rolls.events import Happened, RollEvent, RollHandler, RollHandlers
from nazh.application.rolls.model import Offers, Rolled
from nazh.application.sessions.model import SessionRecord
from nazh.application.sessions.roll_handler import OpenSessions, SessionRolls
from nazh.application.sessions.use_cases import SessionReading, Sessions
from nazh.application.settings.server import GuildSettings, Visibility
from nazh.composition.serving import bot_container
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.session import Session
from nazh.domain.spec import DieMode
from tests.app_fakes import FakeClock, MemoryStore
from tests.fakes import FakeRng, d, script
from tests.request_fakes import FakeEndeavorStore
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GM_ID,
    GUILD,
    ID_FACES,
    PLAYER,
    PLAYER_ID,
    ROLLER,
    VEYLA_ID,
    Table,
    fiend,
    fight,
    request,
    veyla,
    veyla_in_fight,
)
from tests.session_fakes import (
    FakeActivity,
    FakeQuiet,
    FakeSessionLog,
    FakeSessionPlay,
    FakeSessionStore,
)

SECRET = (Visibility.GM, Visibility.BLIND)


class EveryHandler(Table):
    """The table with the endeavors' and the sessions' handlers too: every handler the bot
    has."""

    def __init__(self, rng: FakeRng) -> None:
        clock = FakeClock()
        self.endeavors = Endeavors(FakeEndeavorStore(), GuildSettings(MemoryStore(), clock),
                                   clock, SeededRandomSource(3))
        self.session_store = FakeSessionStore()
        self.sessions = Sessions(self.session_store, FakeQuiet(),
                                 GuildSettings(MemoryStore(), clock), FakeActivity(),
                                 SessionReading(FakeSessionLog(), FakeSessionPlay()), clock,
                                 SeededRandomSource(4))
        super().__init__(rng, CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID, veyla()),
                         CharacterRecord(FIEND_ID, GUILD, GM_ID, fiend()))

    def roll_handlers(self) -> list[RollHandler]:
        return [*super().roll_handlers(), EndeavorRolls(self.endeavors),
                SessionRolls(self.sessions, OpenSessions(self.sessions, self.session_store))]


@dataclass(frozen=True)
class Row:
    """A roll a handler follows: how it is made (its id returned), what the handler's effect
    reads as (``effect``), before and after the handler followed it."""

    dice: Callable[[], FakeRng]
    made: Callable[[EveryHandler, Visibility], Awaitable[Rolled]]
    effect: Callable[[EveryHandler, Rolled], Awaitable[object]]
    before: object
    after: object
    private_after: object


async def _check_in_turn(t: EveryHandler, visibility: Visibility) -> Rolled:
    await fight(t)
    return await t.rolls.check(PLAYER, "insight", request(visibility=visibility, dc=10))


async def _actions(t: EveryHandler, _rolled: Rolled) -> object:
    return (await veyla_in_fight(t)).turn.actions


async def _injury_roll(t: EveryHandler, visibility: Visibility) -> Rolled:
    return await t.rolls.injury(PLAYER, InjuryAsked(), request(visibility=visibility))


async def _injuries(t: EveryHandler, _rolled: Rolled) -> object:
    return t.sheet().injuries


async def _check_where_an_endeavor_runs(t: EveryHandler, visibility: Visibility) -> Rolled:
    await t.endeavors.start(GM, ROLLER.channel_id, "Climb", 3, 3)
    return await t.rolls.check(PLAYER, "insight", request(visibility=visibility, dc=10))


async def _count_offered(_t: EveryHandler, rolled: Rolled) -> object:
    return rolled.offers.offered(COUNT)


async def _check_after_a_quiet_spell(t: EveryHandler, visibility: Visibility) -> Rolled:
    started = t.sessions.clock.now() - timedelta(hours=5)
    await t.session_store.create(SessionRecord("session001", GUILD, ROLLER.channel_id, GM_ID,
                                               Session("Night one", started)))
    return await t.rolls.check(PLAYER, "insight", request(visibility=visibility, dc=10))


async def _session_open(t: EveryHandler, _rolled: Rolled) -> object:
    return await t.session_store.open_in(ROLLER.channel_id) is not None


async def _check_hindered(t: EveryHandler, visibility: Visibility) -> Rolled:
    await t.carried.carry(CarriedDie("hinder:0:0000000000", VEYLA_ID, "Veyla Tarn",
                                     DieMode.DISADVANTAGE, "a Complication (roll 0000000000)"))
    return await t.rolls.check(PLAYER, "insight", request(visibility=visibility, dc=10))


async def _dice_waiting(t: EveryHandler, _rolled: Rolled) -> object:
    return len(await t.carried.waiting(VEYLA_ID))


async def _check_empowered_and_helped(t: EveryHandler, visibility: Visibility) -> Rolled:
    await fight(t, Affliction(ConditionName.EMPOWERED))
    await t.carried.carry(CarriedDie("ally:0:0000000000", VEYLA_ID, "Veyla Tarn",
                                     DieMode.ADVANTAGE, "Kal's Opportunity (roll 0000000000)"))
    return await t.rolls.check(PLAYER, "insight", request(visibility=visibility, dc=10))


async def _extra_named(_t: EveryHandler, rolled: Rolled) -> object:
    return any("more advantage" in note for note in rolled.offers.notes)


ROWS: dict[type[RollHandler], Row] = {
    # a test in its turn spends an action of its combatant (the starter rules, "Combat")
    EncounterRolls: Row(lambda: script(d(20, 12), ID_FACES), _check_in_turn, _actions, 2, 1, 1),
    # an injury roll counts an injury on its character's sheet
    SheetRolls: Row(lambda: script(d(20, 12), d(6, 4), d(8, 3), ID_FACES), _injury_roll,
                    _injuries, 1, 2, 2),
    # a test takes the disadvantage a Complication carried to it (starter rules, Introduction:
    # "Using Cosmere RPG Dice", Facing a Complication), once
    CarriedRolls: Row(lambda: script(d(20, 12, 7), ID_FACES), _check_hindered, _dice_waiting,
                      1, 0, 0),
    # two advantages: the d20 takes one, the other is named on the result (starter rules,
    # part 1, "Skills": Testing With Advantages); a private result shows its roller
    ExtraDice: Row(lambda: script(d(20, 12, 7), ID_FACES), _check_empowered_and_helped,
                   _extra_named, False, True, True),
    # a test shown where an endeavor runs offers Count (a private one never does)
    EndeavorRolls: Row(lambda: script(d(20, 12), ID_FACES), _check_where_an_endeavor_runs,
                       _count_offered, False, True, False),
    # the first roll after a quiet spell closes the channel's lapsed session (a private one too)
    SessionRolls: Row(lambda: script(d(20, 12), ID_FACES), _check_after_a_quiet_spell,
                      _session_open, True, False, False),
}


def test_every_handler_of_the_bot_has_its_row(tmp_path: Path) -> None:
    settings = load_config({"DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.x.y",
                            "NAZH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'n.db'}",
                            "NAZH_JOURNAL_DIR": str(tmp_path / "journal")}, env_file=None)
    handlers = bot_container(settings).service.roll_handlers()
    assert {type(handler) for handler in handlers._handlers} == set(ROWS)


@pytest.mark.parametrize(("visibility", "seen"), [(Visibility.PUBLIC, "after"),
                                                  (Visibility.PRIVATE, "private_after")],
                         ids=["public", "private"])
@pytest.mark.parametrize("handler", list(ROWS), ids=lambda h: h.__name__)
async def test_a_handler_follows_a_roll_the_table_sees_at_once(
        handler: type[RollHandler], visibility: Visibility, seen: str) -> None:
    row = ROWS[handler]
    t = EveryHandler(row.dice())
    rolled = await row.made(t, visibility)
    assert await row.effect(t, rolled) == getattr(row, seen)


@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
@pytest.mark.parametrize("handler", list(ROWS), ids=lambda h: h.__name__)
async def test_a_handler_follows_a_secret_roll_at_its_reveal_once(
        handler: type[RollHandler], visibility: Visibility) -> None:
    row = ROWS[handler]
    t = EveryHandler(row.dice())
    rolled = await row.made(t, visibility)
    assert await row.effect(t, rolled) == row.before  # nothing the table sees changes
    revealed = await t.reveals.reveal(rolled.record.roll_id, GM)
    assert await row.effect(t, revealed) == row.after
    again = await t.handlers.published(RollEvent(Happened.REVEALED, Rolled(revealed.record),
                                                 GM))  # reported once more, on a replica
    assert await row.effect(t, again) == row.after


async def test_a_hidden_roll_is_published_to_no_handler_and_offers_nothing() -> None:
    told: list[Happened] = []

    class Watching:
        async def check(self, event: RollEvent) -> None:
            told.append(event.happened)

        async def handle(self, event: RollEvent) -> Rolled:
            told.append(event.happened)
            return event.rolled

        async def offers(self, record: object, offers: Offers) -> Offers:
            return offers.grant("watched")

    t = EveryHandler(script(d(20, 12), ID_FACES))
    secret = await t.rolls.check(PLAYER, "insight", request(visibility=Visibility.GM))
    handlers = RollHandlers([Watching()])
    assert (await handlers.published(RollEvent(Happened.KEPT, secret, PLAYER))).offers \
        == Offers()
    assert await handlers.offers(secret.record) == Offers()
    assert told == []
    revealed = await t.reveals.reveal(secret.record.roll_id, GM)
    shown = await handlers.published(RollEvent(Happened.REVEALED, Rolled(revealed.record), GM))
    assert (told, shown.offers.offered("watched")) == ([Happened.REVEALED], False)
    assert (await handlers.offers(revealed.record)).offered("watched")
