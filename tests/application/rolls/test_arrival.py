"""A click on a fresh roll not in the roll log yet: looked for again briefly, then refused as
not in the log yet; an old or unknown roll is refused at once, as expired."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.arrival import (
    Arrival,
    ClickedMessage,
    RollNotLoggedYetError,
    arrived,
    shown_at,
)
from nazh.application.rolls.errors import RollNotFoundError
from nazh.application.rolls.model import RollRecord, RollRequest, RollStamps
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import Member
from nazh.presentation.chat import error_message
from tests.app_fakes import T0, FakeClock, FakeRollMetrics, FakeSavedRollStore
from tests.application.rolls.kit import ID_FACES, ROLL_ID, ROLLER, ids, table
from tests.fakes import FakeRng, d, script

NOW = T0.timestamp()
ARRIVAL = Arrival()


class LateStore:
    """A roll store that finds ``record`` from its ``after``-th read on (the log got it)."""

    def __init__(self, record: RollRecord | None, after: int) -> None:
        self.record = record
        self.after = after
        self.reads = 0

    async def get(self, roll_id: str) -> RollRecord | None:
        self.reads += 1
        if self.record is None or self.reads < self.after or roll_id != self.record.roll_id:
            return None
        return self.record

    async def save(self, record: RollRecord) -> None:
        self.record = record


class Pauses:
    """A sleep that records its pauses and returns at once."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


async def made() -> RollRecord:
    rolls, _ = table(script(d(20, 12), ids(*ID_FACES)), clock=FakeClock(T0))
    return await rolls.roll(RollRequest("1d20", ROLLER))


def test_the_pauses_double_from_the_first_and_add_up_to_the_patience() -> None:
    assert Arrival(recent=60.0, patience=1.5, first=0.05) == ARRIVAL
    assert list(ARRIVAL.pauses()) == pytest.approx([0.05, 0.1, 0.2, 0.4, 0.75])
    assert sum(Arrival(patience=0.3, first=0.1).pauses()) == pytest.approx(0.3)
    assert list(Arrival(patience=0).pauses()) == []


async def test_a_fresh_roll_is_looked_for_again_until_the_log_has_it() -> None:
    store, pauses = LateStore(await made(), after=4), Pauses()
    with ClickedMessage(NOW - 0.2):
        found = await arrived(store.get, ROLL_ID, FakeClock(T0), ARRIVAL, pauses)
    assert found is store.record
    assert store.reads == 4
    assert pauses.taken == pytest.approx([0.05, 0.1, 0.2])


async def test_a_fresh_roll_that_does_not_arrive_is_refused_as_not_in_the_log_yet() -> None:
    store, pauses = LateStore(None, after=1), Pauses()
    with ClickedMessage(NOW - 1), pytest.raises(RollNotLoggedYetError) as refused:
        await arrived(store.get, ROLL_ID, FakeClock(T0), ARRIVAL, pauses)
    assert sum(pauses.taken) == pytest.approx(ARRIVAL.patience)
    assert store.reads == len(pauses.taken) + 1
    assert error_message(refused.value) == ("**Roll on its way.** this roll is not in the log "
                                            "yet\nHint: try again in a moment")


async def test_a_roll_found_at_once_is_not_waited_for() -> None:
    store, pauses = LateStore(await made(), after=1), Pauses()
    with ClickedMessage(NOW):
        assert await arrived(store.get, ROLL_ID, FakeClock(T0), ARRIVAL, pauses) is store.record
    assert (store.reads, pauses.taken) == (1, [])


@pytest.mark.parametrize(("roll_id", "shown"), [
    (ROLL_ID, NOW - 60),  # the message is a minute old: the roll would be in the log
    (ROLL_ID, None),  # no message tells when: a command naming a roll
    ("0123456789x", NOW),  # not a roll id: too long
    ("012345678i", NOW),  # not a roll id: i is not in the alphabet
], ids=["old message", "no message", "too long", "not the alphabet"])
async def test_an_unknown_roll_that_cannot_be_on_its_way_is_answered_at_once(
        roll_id: str, shown: float | None) -> None:
    store, pauses = LateStore(None, after=1), Pauses()
    with ClickedMessage(shown):
        assert await arrived(store.get, roll_id, FakeClock(T0), ARRIVAL, pauses) is None
    assert (store.reads, pauses.taken) == (1, [])


async def test_the_clicked_message_is_known_only_inside_its_block() -> None:
    assert shown_at() is None
    with ClickedMessage(NOW):
        assert shown_at() == NOW
    assert shown_at() is None


def shared(store: LateStore, clock: FakeClock) -> RollActions:
    """The table over ``store``, as replicas sharing its log have it."""
    rolls, _ = table(script(), store, clock=clock)
    return RollActions(rolls.dice, store, RollStamps(clock, FakeRng()), FakeRollMetrics(),
                       SavedRolls(FakeSavedRollStore()), arrival=ARRIVAL)


async def test_the_table_acts_on_a_fresh_roll_once_the_log_has_it() -> None:
    store = LateStore(await made(), after=3)
    rolls = shared(store, FakeClock(T0))
    with ClickedMessage(NOW):
        record = await rolls.acted_on(ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id),
                                      Act.ADD_PLOT_HOUSE)
    assert record is store.record
    assert store.reads == 3


async def test_the_table_refuses_an_old_unknown_roll_as_expired_at_once() -> None:
    store = LateStore(None, after=1)
    rolls = shared(store, FakeClock(T0 + timedelta(minutes=5)))
    with ClickedMessage(NOW), pytest.raises(RollNotFoundError) as refused:
        await rolls.find(ROLL_ID)
    assert not isinstance(refused.value, RollNotLoggedYetError)
    assert store.reads == 1
    assert error_message(refused.value).startswith("**Roll expired.** this roll is no longer")


async def test_a_table_alone_on_its_log_refuses_an_unknown_fresh_roll_at_once() -> None:
    store = LateStore(None, after=1)
    rolls, _ = table(script(), store, clock=FakeClock(T0))  # no arrival: one process
    with ClickedMessage(NOW), pytest.raises(RollNotFoundError) as refused:
        await rolls.find(ROLL_ID)
    assert not isinstance(refused.value, RollNotLoggedYetError)
    assert store.reads == 1
