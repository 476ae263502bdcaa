"""Amending a posted roll: adding the plot die, choosing its face, advantage after posting; only
by its roller, once, and one change when two arrive at once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.rolls.actions import RollActions, member_of
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import NotYourRollError, RollConflictError, RollNotFoundError
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import (
    Roller,
    RollRecord,
    RollRequest,
    RollStamps,
)
from nazh.application.rolls.ports import RollStore
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings, Member, ServerSettings, Visibility
from nazh.domain.errors import LimitError, PlotDieError, RollStateError
from nazh.domain.ranges import Ranges
from nazh.domain.spec import DieMode
from tests.app_fakes import (
    FakeClock,
    FakeRollMetrics,
    FakeSavedRollStore,
    MemoryStore,
    YieldingStore,
)
from tests.application.rolls.kit import ID_FACES, OTHER, ROLL_ID, ROLLER, ids, table
from tests.fakes import FakeRng, d, script

ELSEWHERE = Roller(user_id=111, channel_id=555, guild_id=444)
ROLLING = member_of(ROLLER)
GM = Member(777, ROLLER.guild_id, manages_guild=True, channel_id=ROLLER.channel_id)
"""A GM at the roller's table (no gm-role set: Manage Server holders are the GMs)."""


def amend(rolls: RollActions) -> AmendRolls:
    """The amendments of ``rolls``, followed by no feature."""
    return AmendRolls(rolls, RollHandlers())


async def test_add_plot_die_rolls_only_one_d6_and_bonuses_skill_pools_only() -> None:
    rng = script(d(20, 15), d(6, 3, 4), ids(*ID_FACES), d(6, 2))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d20+2, 2d6", ROLLER))
    assert [pool.total for pool in first.result.pools] == [17, 7]
    draws_before = len(rng.calls)

    amended = (await amend(rolls).add_plot_die(ROLL_ID, GM)).record

    assert rng.calls[draws_before:] == [6]  # exactly one plot die, nothing rerolled
    rng.assert_exhausted()
    assert amended.result.plot is not None
    assert amended.result.plot.faces == (2,)
    assert amended.result.plot_bonus == 4
    assert [pool.plot_bonus for pool in amended.result.pools] == [4, 0]
    assert [pool.total for pool in amended.result.pools] == [21, 7]
    assert [pool.dice for pool in amended.result.pools] == [
        pool.dice for pool in first.result.pools]
    assert amended.result.notation == "1d20+2, 2d6, p"
    assert amended.version == 2
    assert (amended.roll_id, amended.created_at, amended.roller) == (
        first.roll_id, first.created_at, first.roller)
    assert await store.get(ROLL_ID) == amended


async def test_add_plot_die_refuses_a_second_plot_die() -> None:
    rng = script(d(20, 15), ids(*ID_FACES), d(6, 5))
    rolls, store = table(rng)
    await rolls.roll(RollRequest("1d20", ROLLER))
    once = (await amend(rolls).add_plot_die(ROLL_ID, GM)).record

    with pytest.raises(PlotDieError):
        await amend(rolls).add_plot_die(ROLL_ID, GM)
    rng.assert_exhausted()  # no die drawn for the refused plot die
    assert await store.get(ROLL_ID) == once


async def test_add_plot_die_refuses_a_roll_typed_with_a_plot_die() -> None:
    rng = script(d(20, 15), d(6, 2, 5), ids(*ID_FACES))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d20, ap", ROLLER))
    with pytest.raises(PlotDieError):
        await amend(rolls).add_plot_die(ROLL_ID, GM)


async def test_add_plot_die_refuses_a_roll_with_five_pools() -> None:
    rng = script(d(4, 1, 2, 3, 4, 1), ids(*ID_FACES))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d4, 1d4, 1d4, 1d4, 1d4", ROLLER))
    with pytest.raises(LimitError):
        await amend(rolls).add_plot_die(ROLL_ID, GM)
    rng.assert_exhausted()
    assert await store.get(ROLL_ID) == first


async def test_add_plot_die_accepts_a_roll_with_four_pools() -> None:
    rng = script(d(4, 1, 2, 3, 4), ids(*ID_FACES), d(6, 6))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d4, 1d4, 1d4, 1d4", ROLLER))
    amended = (await amend(rolls).add_plot_die(ROLL_ID, GM)).record
    assert amended.result.spec.pool_count == 5


async def test_add_plot_die_refuses_the_roller() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Raising the Stakes): the stakes
    "can't be raised after the d20 has already been rolled", and raising them is the GM's call."""
    rng = script(d(20, 15), ids(*ID_FACES))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(RollStateError) as caught:
        await amend(rolls).add_plot_die(ROLL_ID, ROLLING)
    assert caught.value.reason == ("the stakes can't be raised after the d20 has been rolled: "
                                   "adding the plot die to a posted roll is a GM's call")
    assert "players-raise-stakes" in (caught.value.hint or "")
    rng.assert_exhausted()
    assert await store.get(ROLL_ID) == first


async def test_add_plot_die_to_an_unknown_roll_raises_roll_not_found() -> None:
    rolls, _ = table(FakeRng())
    with pytest.raises(RollNotFoundError):
        await amend(rolls).add_plot_die("0000000000", ROLLING)


async def pending_roll(rng: FakeRng) -> tuple[RollActions, RollStore]:
    """A kept ``1d20, ap`` roll (d20 shows 10; the plot die 1 or 5) waiting for a choice."""
    rolls, store = table(rng)
    record = await rolls.roll(RollRequest("1d20, ap", ROLLER))
    assert record.result.pending
    return rolls, store


async def test_choose_plot_face_keeps_the_face_for_the_roller() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))

    chosen = (await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 0)).record

    assert chosen.result.plot is not None
    assert chosen.result.plot.mode is DieMode.ADVANTAGE
    assert chosen.result.plot.face == 1
    assert not chosen.result.pending
    assert chosen.result.pools[0].total == 12
    assert chosen.version == 2
    assert await store.get(ROLL_ID) == chosen


async def test_choose_plot_face_keeps_the_second_face() -> None:
    rolls, _ = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    chosen = (await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 1)).record
    assert chosen.result.plot is not None
    assert chosen.result.plot.face == 5
    assert chosen.result.pools[0].total == 10


async def test_choose_plot_face_refuses_another_user() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    with pytest.raises(NotYourRollError) as caught:
        await amend(rolls).choose_plot_face(ROLL_ID, member_of(OTHER), 0)
    assert caught.value.reason == "only the roller can choose the plot die of this roll"
    record = await store.get(ROLL_ID)
    assert record is not None
    assert (record.version, record.result.pending) == (1, True)


async def test_choose_plot_face_refuses_once_chosen() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    chosen = (await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 1)).record
    with pytest.raises(RollStateError):
        await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 0)
    assert await store.get(ROLL_ID) == chosen


async def test_choose_plot_face_refuses_a_roll_without_a_pending_die() -> None:
    rng = script(d(20, 10), ids(*ID_FACES))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(RollStateError):
        await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 0)


async def test_choose_plot_face_refuses_an_index_out_of_range() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    with pytest.raises(RollStateError):
        await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 2)
    record = await store.get(ROLL_ID)
    assert record is not None
    assert record.version == 1


async def test_a_stale_version_is_refused_by_the_store() -> None:
    rolls, store = table(script(d(20, 10), ids(*ID_FACES), d(6, 3)))
    first = await rolls.roll(RollRequest("1d20", ROLLER))
    await amend(rolls).add_plot_die(ROLL_ID, GM)
    with pytest.raises(RollConflictError):
        await store.save(replace(first, version=2))  # an amendment of the old version


async def test_two_concurrent_choices_of_the_plot_face_make_one_change() -> None:
    store = YieldingStore(InMemoryRollStore(FakeClock()))
    rng = script(d(20, 10), d(6, 1, 5), ids(*ID_FACES))
    rolls, _ = table(rng, store=store)
    await rolls.roll(RollRequest("1d20, ap", ROLLER))

    outcomes = await asyncio.gather(
        amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 0),
        amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 1),
        return_exceptions=True,
    )

    assert outcomes[0] is not None
    assert not isinstance(outcomes[0], BaseException)
    assert outcomes[0].record.version == 2
    # the second, decided again on the newest version, finds the face chosen
    assert isinstance(outcomes[1], RollStateError)
    assert outcomes[1].reason == "the plot die's face was already chosen"
    kept = await store.get(ROLL_ID)
    assert kept is not None
    assert kept.result.plot is not None
    assert kept.result.plot.face == 1  # the first press won; the second changed nothing


async def test_two_concurrent_plot_dice_make_one_change() -> None:
    store = YieldingStore(InMemoryRollStore(FakeClock()))
    rng = script(d(20, 10), ids(*ID_FACES), d(6, 2), d(6, 6))
    rolls, _ = table(rng, store=store)
    await rolls.roll(RollRequest("1d20", ROLLER))

    outcomes = await asyncio.gather(
        amend(rolls).add_plot_die(ROLL_ID, GM),
        amend(rolls).add_plot_die(ROLL_ID, GM),
        return_exceptions=True,
    )

    assert [type(outcome).__name__ for outcome in outcomes] == ["Rolled", "PlotDieError"]
    assert "plot die" in str(outcomes[1])
    kept = await store.get(ROLL_ID)
    assert kept is not None
    assert kept.version == 2
    assert kept.result.plot is not None
    assert kept.result.plot.faces == (2,)


class OnceStaleStore:
    """A store whose first amendment finds another version took its place (as a process
    holding an older copy of the roll finds), then behaves."""

    def __init__(self, store: InMemoryRollStore) -> None:
        self._store = store
        self.refused = 0

    async def get(self, roll_id: str) -> RollRecord | None:
        return await self._store.get(roll_id)

    async def save(self, record: RollRecord) -> None:
        if record.version > 1 and not self.refused:
            self.refused += 1
            raise RollConflictError("this roll was changed meanwhile")
        await self._store.save(record)


async def test_a_change_refused_as_stale_is_decided_once_more_on_the_newest_version() -> None:
    store = OnceStaleStore(InMemoryRollStore(FakeClock()))
    rolls, _ = table(script(d(20, 10), ids(*ID_FACES), d(6, 3), d(6, 5)), store=store)
    await rolls.roll(RollRequest("1d20", ROLLER))
    record = (await amend(rolls).add_plot_die(ROLL_ID, GM)).record
    assert store.refused == 1
    assert record.version == 2
    assert record.result.plot is not None
    assert record.result.plot.faces == (5,)  # the second decision's die, shown and kept
    assert await store.get(ROLL_ID) == record


async def test_someone_elses_button_is_a_refusal_not_a_failed_roll() -> None:
    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)), metrics=metrics)
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(NotYourRollError):
        await amend(rolls).choose_plot_face(record.roll_id, member_of(OTHER), 0)
    with pytest.raises(RollStateError):  # the rule's refusal, to the roller
        await amend(rolls).add_plot_die(record.roll_id, ROLLING)
    assert metrics.failures == []
    assert metrics.rolled_sources == [RollSource.SLASH]


async def test_an_amendment_is_counted_as_a_button_roll() -> None:
    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(6, 2)), metrics=metrics)
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    amended = (await amend(rolls).add_plot_die(record.roll_id, GM)).record
    assert metrics.rolled_sources == [RollSource.SLASH, RollSource.BUTTON]
    assert metrics.results[-1] == amended.result
    assert amended.result.pools[0].total == 11


async def test_a_roll_is_not_found_from_another_guild_even_by_its_roller() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    assert await rolls.find(record.roll_id, OTHER) == record  # public, same guild
    for attempt in (rolls.find(record.roll_id, ELSEWHERE),
                    amend(rolls).add_plot_die(record.roll_id, member_of(ELSEWHERE)),
                    amend(rolls).choose_plot_face(record.roll_id, member_of(ELSEWHERE), 0)):
        with pytest.raises(RollNotFoundError, match="no longer available"):
            await attempt


async def test_advantage_on_a_posted_roll_keeps_its_ranges() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(20, 19)))
    record = await rolls.roll(RollRequest("1d20", ROLLER, opportunity=19))
    member = Member(ROLLER.user_id, ROLLER.guild_id)
    pending = (await amend(rolls).apply_mode(record.roll_id, member, DieMode.ADVANTAGE, 0,
                                             0)).record
    kept = (await amend(rolls).keep_die_face(record.roll_id, member, 1)).record
    assert pending.result.ranges == kept.result.ranges == Ranges(opportunity=19)
    assert kept.result.pools[0].opportunities == 1


class CountingStore(InMemoryRollStore):
    """The memory store, counting its reads."""

    def __init__(self) -> None:
        super().__init__(FakeClock())
        self.reads = 0

    async def get(self, roll_id: str) -> RollRecord | None:
        """The kept roll, counted."""
        self.reads += 1
        return await super().get(roll_id)


AMENDMENTS_IN_CHANNEL = {
    "dice for advantage": lambda amend: amend.dice_for(
        ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id), DieMode.ADVANTAGE, in_channel=True),
    "advantage on a die": lambda amend: amend.apply_mode(
        ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id), DieMode.ADVANTAGE, 0, 0,
        in_channel=True),
    "a die's face kept": lambda amend: amend.keep_die_face(
        ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id), 0, in_channel=True),
    "dice to reroll": lambda amend: amend.rerollable(
        ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id), in_channel=True),
    "a die rerolled": lambda amend: amend.reroll_die(
        ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id), 0, 0, in_channel=True),
    "the plot die added": lambda amend: amend.add_plot_die(ROLL_ID, GM, in_channel=True),
    "the plot die's face chosen": lambda amend: amend.choose_plot_face(
        ROLL_ID, ROLLING, 0, in_channel=True),
}


@pytest.mark.parametrize("amendment", sorted(AMENDMENTS_IN_CHANNEL))
async def test_on_a_message_the_channel_sees_no_amendment_takes_a_roll_the_channel_may_not_see(
        amendment: str) -> None:
    # the roller may amend their own private roll, but not where the channel would see it
    rng = script(d(20, 15), ids(*ID_FACES))
    rolls, store = table(rng)
    rolled = await rolls.roll(RollRequest("1d20", ROLLER))
    private = replace(rolled, private=True, version=rolled.version + 1)
    await store.save(private)

    with pytest.raises(RollNotFoundError):
        await AMENDMENTS_IN_CHANNEL[amendment](amend(rolls))
    rng.assert_exhausted()  # nothing drawn
    assert await store.get(ROLL_ID) == private


async def test_a_click_on_a_message_the_channel_sees_reads_the_roll_once() -> None:
    store = CountingStore()
    rolls, _ = table(script(d(20, 15), ids(*ID_FACES), d(6, 5)), store)
    await rolls.roll(RollRequest("1d20", ROLLER))
    store.reads = 0

    amended = (await amend(rolls).add_plot_die(ROLL_ID, GM,
                                                                    in_channel=True)).record

    assert amended.result.plot is not None
    assert store.reads == 1  # the clicker's act and the channel's sight decided on one read


def house_table(rng: FakeRng, *, players_raise_stakes: bool) -> tuple[RollActions, RollStore]:
    """A table whose server has players-raise-stakes set as given."""
    settings = MemoryStore()
    assert ROLLER.guild_id is not None
    settings.settings[ROLLER.guild_id] = ServerSettings(players_raise_stakes=players_raise_stakes)
    kept = InMemoryRollStore(FakeClock())
    return RollActions(RollDice(rng), kept, RollStamps(FakeClock(), rng), FakeRollMetrics(),
                       SavedRolls(FakeSavedRollStore()),
                       GuildSettings(settings, FakeClock())), kept


async def test_a_gm_adds_the_plot_die_to_a_players_posted_roll() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Raising the Stakes): "it's
    ultimately the GM's call"; a GM who forgot to raise the stakes still may."""
    rolls, store = house_table(script(d(20, 12), ids(*ID_FACES), d(6, 6)),
                               players_raise_stakes=False)
    await rolls.roll(RollRequest("1d20", ROLLER))
    amended = (await amend(rolls).add_plot_die(ROLL_ID, GM)).record
    assert amended.result.plot is not None
    assert amended.result.plot.faces == (6,)
    assert await store.get(ROLL_ID) == amended


async def test_players_raise_stakes_lets_the_roller_add_the_plot_die_and_no_one_else() -> None:
    """A house rule (starter rules, Introduction: "Raising the Stakes Yourself" needs a talent):
    with the server's players-raise-stakes on, the roller may, a GM still may, others not."""
    rolls, _ = house_table(script(d(20, 12), ids(*ID_FACES), d(6, 3)), players_raise_stakes=True)
    await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(NotYourRollError) as caught:
        await amend(rolls).add_plot_die(ROLL_ID, member_of(OTHER))
    assert caught.value.reason == "only the roller or a GM can add a plot die to this roll"
    amended = (await amend(rolls).add_plot_die(ROLL_ID, ROLLING)).record
    assert amended.result.plot is not None


async def test_outside_a_server_the_roller_adds_the_plot_die_no_gm_being_there() -> None:
    alone = Roller(user_id=111, channel_id=222, guild_id=None)
    rolls, _ = table(script(d(20, 12), ids(*ID_FACES), d(6, 3)))
    await rolls.roll(RollRequest("1d20", alone, visibility=Visibility.PRIVATE))
    amended = (await amend(rolls).add_plot_die(ROLL_ID, member_of(alone))).record
    assert amended.result.plot is not None


async def test_a_gm_keeps_the_face_of_a_plot_die_rolled_with_disadvantage() -> None:
    """Starter rules, part 1 ("Skills": Testing With Disadvantages): "allow the GM to choose one
    of the two results you keep"; the roller is refused."""
    rolls, store = table(script(d(20, 10), d(6, 2, 6), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d20, dp", ROLLER))
    assert record.result.pending
    with pytest.raises(NotYourRollError) as caught:
        await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 0)
    assert caught.value.reason == "a plot die rolled with disadvantage: a GM keeps its face"
    assert await store.get(ROLL_ID) == record
    chosen = (await amend(rolls).choose_plot_face(ROLL_ID, GM, 0)).record
    assert chosen.result.plot is not None
    assert chosen.result.plot.face == 2
    assert chosen.result.pools[0].total == 14  # Complication +4


async def test_the_roller_still_keeps_the_face_of_a_plot_die_rolled_with_advantage() -> None:
    rolls, _ = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    with pytest.raises(NotYourRollError):
        await amend(rolls).choose_plot_face(ROLL_ID, GM, 0)
    assert (await amend(rolls).choose_plot_face(ROLL_ID, ROLLING, 1)).record.result.plot
