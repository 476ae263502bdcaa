"""The door every kept thing shares: an act reaches a record only from the record's own server
(and its own channel, for a record bound to one), checked before any role, and from anywhere
else it is answered exactly as an unknown id is.

The table test runs every act on a request, an endeavor, a roll and a sheet (each named by the
id a control or command carries) from every place (the record's channel, another channel of
its server, another server, a DM, a context where Nazh is only user-installed, which the
adapter reads as outside any server) by every member (a GM, the record's owner, another
member): from a place that does not reach the record, the answer is the unknown id's, word for
word, and nothing kept changes; from its own channel the GM and the owner are never told it is
unknown. A new act on these records without its row fails
``test_every_act_on_a_kept_record_has_its_row``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.access import Act as SheetAct
from nazh.application.characters.model import CharacterRecord
from nazh.application.endeavors.use_cases import Counted, Endeavors
from nazh.application.requests.use_cases import Requests
from nazh.application.rolls.access import Act as RollAct
from nazh.application.rolls.model import Roller
from nazh.application.settings.server import GuildSettings, Member
from nazh.application.shared.places import Place, reaches
from nazh.domain.endeavor import Tally
from nazh.domain.request import Sight, new_request
from tests.app_fakes import FakeClock, MemoryStore
from tests.fakes import FakeRng
from tests.request_fakes import FakeEndeavorStore, requests_on
from tests.roll_sheets_kit import FIEND_ID, GM_ID, GUILD, PLAYER_ID, VEYLA_ID, Table, veyla
from tests.roll_sheets_kit import request as roll_request

HOME = Place(GUILD, 222)
OTHER_GUILD = 777
PLACES = {
    "its channel": HOME,
    "another channel": Place(GUILD, 223),
    "another server": Place(OTHER_GUILD, 778),
    "a DM": Place(None, 900),
    "a user-installed context": Place(None, HOME.channel_id),
}
WHO = ("gm", "owner", "other")
UNKNOWN = "zzzzzzzzzz"


def member(who: str, place: Place) -> Member:
    """``who`` asking from ``place``: a GM manages whichever server they ask from."""
    user = {"gm": GM_ID, "owner": PLAYER_ID, "other": 999}[who]
    return Member(user, place.guild_id, manages_guild=who == "gm" and place.guild_id is not None,
                  channel_id=place.channel_id)


class AnyDice(FakeRng):
    """Faces for any number of draws (this table rolls many tests; no total is asserted)."""

    def roll(self, sides: int) -> int:
        self.calls.append(sides)
        return len(self.calls) % sides + 1


class Kept:
    """A request, an endeavor, a roll and a sheet kept at :data:`HOME`, and their use cases."""

    def __init__(self) -> None:
        self.table = Table(AnyDice(), CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID, veyla()),
                           CharacterRecord(FIEND_ID, GUILD, GM_ID, veyla()))
        self.requests: Requests
        self.requests, self.request_store = requests_on(self.table)
        self.endeavor_store = FakeEndeavorStore()
        clock = FakeClock()
        self.endeavors = Endeavors(self.endeavor_store, GuildSettings(MemoryStore(), clock),
                                   clock, SeededRandomSource(3))

    async def made(self) -> dict[str, str]:
        """Each record's id, by kind."""
        gm, owner = member("gm", HOME), member("owner", HOME)
        asked = await self.requests.ask(gm, 222, new_request("insight", sight=Sight.BLIND))
        started = await self.endeavors.start(gm, 222, "Climb", 3, 3)
        rolled = await self.table.actions.roll(replace(
            roll_request(Roller(owner.user_id, 222, GUILD)), notation="1d20+2"))
        return {"request": asked.request_id, "endeavor": started.endeavor_id,
                "roll": rolled.roll_id, "sheet": VEYLA_ID}

    def snapshot(self) -> object:
        """Everything these records keep."""
        return (dict(self.request_store.records), len(self.request_store.entries),
                dict(self.endeavor_store.records), dict(self.table.store._records),
                dict(self.table.characters_store.records))


Call = Callable[[Kept, Member, str], Awaitable[object]]


async def _count_roll(kept: Kept, asker: Member, roll_id: str) -> object:
    roll = await kept.table.actions.find(roll_id)
    return await kept.endeavors.count_roll(asker, asker.channel_id or 0, roll,
                                           Counted.SUCCESS)


def _roll_act(act: RollAct) -> Call:
    async def call(kept: Kept, asker: Member, roll_id: str) -> object:
        return await kept.table.actions.acted_on(roll_id, asker, act)
    return call


def _sheet_act(act: SheetAct) -> Call:
    async def call(kept: Kept, asker: Member, character_id: str) -> object:
        return await kept.table.characters.get(asker, character_id, act)
    return call


ACTS: dict[tuple[str, str], Call] = {
    ("request", "roll"): lambda k, m, i: k.requests.roll(m, i),
    ("request", "close"): lambda k, m, i: k.requests.close(m, i),
    ("request", "reveal"): lambda k, m, i: k.requests.reveal(m, i),
    ("request", "gm_view"): lambda k, m, i: k.requests.gm_view(m, i),
    ("request", "reached"): lambda k, m, i: k.requests.reached(m, i),
    ("request", "gm_panel"): lambda k, m, i: k.requests.gm_panel(m, i),
    ("endeavor", "count"): lambda k, m, i: k.endeavors.count(
        m, i, Tally(True, 1, m.user_id, note="by hand")),
    ("endeavor", "end"): lambda k, m, i: k.endeavors.end(m, i),
    ("endeavor", "view"): lambda k, m, i: k.endeavors.view(m, i),
    ("endeavor", "reached"): lambda k, m, i: k.endeavors.reached(m, i),
    ("endeavor", "gm_panel"): lambda k, m, i: k.endeavors.gm_panel(m, i),
    ("roll", "count_roll"): _count_roll,
    **{("roll", act.value): _roll_act(act) for act in RollAct},
    **{("sheet", act.value): _sheet_act(act) for act in SheetAct},
}
"""Every act taken on a kept record by its id."""
BY_ID = {"request": (Requests, "request_id"), "endeavor": (Endeavors, "endeavor_id")}
"""The use cases whose every method taking an id is an act of the table."""


async def answer(call: Awaitable[object]) -> str:
    """What the member is told: the error's kind and words, or that the act was taken."""
    try:
        await call
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "taken"


def test_every_act_on_a_kept_record_has_its_row() -> None:
    for kind, (use_cases, id_name) in BY_ID.items():
        taking_an_id = {name for name, method in inspect.getmembers(use_cases)
                        if inspect.iscoroutinefunction(method) and not name.startswith("_")
                        and id_name in inspect.signature(method).parameters}
        assert taking_an_id - {"get", "posted", "log"} == {a for k, a in ACTS if k == kind}
    assert {a for k, a in ACTS if k == "roll"} == {"count_roll", *(a.value for a in RollAct)}
    assert {a for k, a in ACTS if k == "sheet"} == {a.value for a in SheetAct}


@dataclass(frozen=True)
class Cell:
    place: str
    who: str


@pytest.mark.parametrize(("kind", "act"), sorted(ACTS))
async def test_an_act_from_a_place_that_does_not_reach_the_record_is_told_it_is_unknown(
        kind: str, act: str) -> None:
    kept = Kept()
    record_id = (await kept.made())[kind]
    call = ACTS[kind, act]
    bound_to_server = kind == "sheet"  # a sheet is its server's, whatever the channel
    before = kept.snapshot()
    wrong = []
    for place_name, place in PLACES.items():
        home = place == HOME or (bound_to_server and place.guild_id == HOME.guild_id)
        for who in WHO if not home else ():
            asker = member(who, place)
            told = await answer(call(kept, asker, record_id))
            unknown = await answer(call(kept, asker, UNKNOWN))
            if told != unknown:
                wrong.append(f"{Cell(place_name, who)}: {told!r} where an unknown id is "
                             f"told {unknown!r}")
    assert not wrong, "\n".join(wrong)
    assert kept.snapshot() == before
    for who in ("gm", "owner"):  # from its own place, the record is never unknown to them
        asker = member(who, HOME)
        told = await answer(call(kept, asker, record_id))
        assert told != await answer(call(kept, asker, UNKNOWN)), (who, told)


@pytest.mark.parametrize(("asker", "home", "reached"), [
    (Place(1, 10), Place(1, 10), True),
    (Place(1, 11), Place(1, 10), False),
    (Place(2, 10), Place(1, 10), False),
    (Place(None, 10), Place(1, 10), False),
    (Place(1, 11), Place(1, None), True),  # a record of the server, not of a channel
    (Place(1, None), Place(1, 10), True),  # an asker not in a channel (a server's job)
    (Place(None, 10), Place(None, 10), True),  # a roll in a DM, from that DM
    (Place(None, 11), Place(None, 10), False),
])
def test_a_record_is_reached_from_its_server_and_its_channel(asker: Place, home: Place,
                                                           reached: bool) -> None:
    assert reaches(asker, home) is reached
