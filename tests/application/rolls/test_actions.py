"""The table's use cases: roll and keep, add a plot die, choose its face, conflicts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.amending import AmendRolls
from nazh.application.rolls.errors import NotYourRollError, RollConflictError, RollNotFoundError
from nazh.application.rolls.metrics import FailureReason, RollSource
from nazh.application.rolls.model import (
    Roller,
    RollRecord,
    RollRequest,
)
from nazh.application.rolls.ports import RollStore
from nazh.application.saved.shelves import SavedRoll
from nazh.application.settings.server import Member, Visibility
from nazh.application.shared.ids import ROLL_ID_ALPHABET, ROLL_ID_LENGTH, new_roll_id
from nazh.domain.errors import LimitError, NazhError, PlotDieError, RangesError, RollStateError
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import DieMode
from tests.app_fakes import T0, FakeClock, FakeRollMetrics, YieldingStore
from tests.application.rolls.kit import ID_FACES, ROLL_ID, ROLLER, ids, table
from tests.fakes import FakeRng, d, script

OTHER_USER = 999
OTHER = Roller(user_id=OTHER_USER, channel_id=222, guild_id=333)
ELSEWHERE = Roller(user_id=111, channel_id=555, guild_id=444)


# -- roll ids --------------------------------------------------------------------------------


def test_the_roll_id_alphabet_is_crockford_base32_in_lower_case() -> None:
    assert ROLL_ID_ALPHABET == "0123456789abcdefghjkmnpqrstvwxyz"
    assert len(set(ROLL_ID_ALPHABET)) == 32
    assert not set("ilou") & set(ROLL_ID_ALPHABET)


def test_a_roll_id_is_ten_draws_of_a_d32_mapped_to_the_alphabet() -> None:
    rng = FakeRng(*ids(1, 32, 17, 18, 19, 20, 21, 22, 23, 24))
    assert new_roll_id(rng) == "0zghjkmnpq"
    assert rng.calls == [32] * ROLL_ID_LENGTH
    rng.assert_exhausted()


# -- roll ------------------------------------------------------------------------------------


async def test_roll_keeps_a_record_of_the_roll() -> None:
    rng = script(d(20, 18, 3), ids(*ID_FACES))
    clock = FakeClock(T0)
    rolls, store = table(rng, clock=clock)

    record = await rolls.roll(RollRequest("a1d20+5", ROLLER, label="Attack",
                                          visibility=Visibility.PRIVATE))

    assert record.roll_id == ROLL_ID
    assert len(record.roll_id) == 10
    assert set(record.roll_id) <= set(ROLL_ID_ALPHABET)
    assert record.version == 1
    assert record.roller == ROLLER
    assert record.label == "Attack"
    assert record.private is True
    assert record.created_at == T0
    assert record.notation == "a1d20+5"
    assert record.result.pools[0].total == 23
    assert await store.get(ROLL_ID) == record
    rng.assert_exhausted()


async def test_roll_defaults_to_a_public_unlabelled_roll() -> None:
    rolls, _ = table(script(d(6, 4), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d6", ROLLER))
    assert (record.label, record.private, record.version) == (None, False, 1)


async def test_roll_passes_add_plot_and_dc_to_the_dice() -> None:
    rng = script(d(20, 12), d(6, 1), ids(*ID_FACES))
    rolls, _ = table(rng)
    record = await rolls.roll(RollRequest("1d20", ROLLER, add_plot=True, dc=14))
    assert record.result.plot is not None
    assert record.result.pools[0].total == 14  # 12 + 2 from the Complication face
    assert record.result.pools[0].success is True
    assert record.result.dc == 14


async def test_an_invalid_roll_draws_nothing_and_keeps_nothing() -> None:
    rng = FakeRng()
    rolls, store = table(rng)
    with pytest.raises(LimitError):
        await rolls.roll(RollRequest("21d6", ROLLER))
    assert rng.calls == []
    assert isinstance(store, InMemoryRollStore)
    assert len(store) == 0


async def test_find_returns_the_kept_roll() -> None:
    rolls, _ = table(script(d(6, 4), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d6", ROLLER))
    assert await rolls.find(ROLL_ID) == record


async def test_find_of_an_unknown_roll_raises_roll_not_found() -> None:
    rolls, _ = table(FakeRng())
    with pytest.raises(RollNotFoundError) as caught:
        await rolls.find("zzzzzzzzzz")
    assert caught.value.hint == "roll it again with /roll"
    assert isinstance(caught.value, NazhError)


async def test_find_of_an_expired_roll_raises_roll_not_found() -> None:
    clock = FakeClock()
    rolls, _ = table(script(d(6, 4), ids(*ID_FACES)), clock=clock)
    await rolls.roll(RollRequest("1d6", ROLLER))
    clock.advance(timedelta(hours=24, seconds=1))
    with pytest.raises(RollNotFoundError):
        await rolls.find(ROLL_ID)


# -- add a plot die --------------------------------------------------------------------------


async def test_add_plot_die_rolls_only_one_d6_and_bonuses_skill_pools_only() -> None:
    rng = script(d(20, 15), d(6, 3, 4), ids(*ID_FACES), d(6, 2))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d20+2, 2d6", ROLLER))
    assert [pool.total for pool in first.result.pools] == [17, 7]
    draws_before = len(rng.calls)

    amended = await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)

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
    once = await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)

    with pytest.raises(PlotDieError):
        await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)
    rng.assert_exhausted()  # no die drawn for the refused plot die
    assert await store.get(ROLL_ID) == once


async def test_add_plot_die_refuses_a_roll_typed_with_a_plot_die() -> None:
    rng = script(d(20, 15), d(6, 2, 5), ids(*ID_FACES))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d20, ap", ROLLER))
    with pytest.raises(PlotDieError):
        await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)


async def test_add_plot_die_refuses_a_roll_with_five_pools() -> None:
    rng = script(d(4, 1, 2, 3, 4, 1), ids(*ID_FACES))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d4, 1d4, 1d4, 1d4, 1d4", ROLLER))
    with pytest.raises(LimitError):
        await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)
    rng.assert_exhausted()
    assert await store.get(ROLL_ID) == first


async def test_add_plot_die_accepts_a_roll_with_four_pools() -> None:
    rng = script(d(4, 1, 2, 3, 4), ids(*ID_FACES), d(6, 6))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d4, 1d4, 1d4, 1d4", ROLLER))
    amended = await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)
    assert amended.result.spec.pool_count == 5


async def test_add_plot_die_refuses_another_user() -> None:
    rng = script(d(20, 15), ids(*ID_FACES))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(NotYourRollError) as caught:
        await AmendRolls(rolls).add_plot_die(ROLL_ID, OTHER)
    assert caught.value.reason == "only the roller can add a plot die to this roll"
    rng.assert_exhausted()
    assert await store.get(ROLL_ID) == first


async def test_add_plot_die_to_an_unknown_roll_raises_roll_not_found() -> None:
    rolls, _ = table(FakeRng())
    with pytest.raises(RollNotFoundError):
        await AmendRolls(rolls).add_plot_die("0000000000", ROLLER)


# -- choose the plot die's face --------------------------------------------------------------


async def pending_roll(rng: FakeRng) -> tuple[RollActions, RollStore]:
    """A kept ``1d20, ap`` roll (d20 shows 10; the plot die 1 or 5) waiting for a choice."""
    rolls, store = table(rng)
    record = await rolls.roll(RollRequest("1d20, ap", ROLLER))
    assert record.result.pending
    return rolls, store


async def test_choose_plot_face_keeps_the_face_for_the_roller() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))

    chosen = await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 0)

    assert chosen.result.plot is not None
    assert chosen.result.plot.mode is DieMode.ADVANTAGE
    assert chosen.result.plot.face == 1
    assert not chosen.result.pending
    assert chosen.result.pools[0].total == 12
    assert chosen.version == 2
    assert await store.get(ROLL_ID) == chosen


async def test_choose_plot_face_keeps_the_second_face() -> None:
    rolls, _ = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    chosen = await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 1)
    assert chosen.result.plot is not None
    assert chosen.result.plot.face == 5
    assert chosen.result.pools[0].total == 10


async def test_choose_plot_face_refuses_another_user() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    with pytest.raises(NotYourRollError) as caught:
        await AmendRolls(rolls).choose_plot_face(ROLL_ID, OTHER, 0)
    assert caught.value.reason == "only the roller can choose the plot die of this roll"
    record = await store.get(ROLL_ID)
    assert record is not None
    assert (record.version, record.result.pending) == (1, True)


async def test_choose_plot_face_refuses_once_chosen() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    chosen = await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 1)
    with pytest.raises(RollStateError):
        await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 0)
    assert await store.get(ROLL_ID) == chosen


async def test_choose_plot_face_refuses_a_roll_without_a_pending_die() -> None:
    rng = script(d(20, 10), ids(*ID_FACES))
    rolls, _ = table(rng)
    await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(RollStateError):
        await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 0)


async def test_choose_plot_face_refuses_an_index_out_of_range() -> None:
    rolls, store = await pending_roll(script(d(20, 10), d(6, 1, 5), ids(*ID_FACES)))
    with pytest.raises(RollStateError):
        await AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 2)
    record = await store.get(ROLL_ID)
    assert record is not None
    assert record.version == 1


# -- conflicts -------------------------------------------------------------------------------


async def test_a_stale_version_is_refused_by_the_store() -> None:
    rolls, store = table(script(d(20, 10), ids(*ID_FACES), d(6, 3)))
    first = await rolls.roll(RollRequest("1d20", ROLLER))
    await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)
    with pytest.raises(RollConflictError):
        await store.save(replace(first, version=2))  # an amendment of the old version


async def test_two_concurrent_choices_of_the_plot_face_make_one_change() -> None:
    store = YieldingStore(InMemoryRollStore(FakeClock()))
    rng = script(d(20, 10), d(6, 1, 5), ids(*ID_FACES))
    rolls, _ = table(rng, store=store)
    await rolls.roll(RollRequest("1d20, ap", ROLLER))

    outcomes = await asyncio.gather(
        AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 0),
        AmendRolls(rolls).choose_plot_face(ROLL_ID, ROLLER, 1),
        return_exceptions=True,
    )

    assert outcomes[0] is not None
    assert not isinstance(outcomes[0], BaseException)
    assert outcomes[0].version == 2
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
        AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER),
        AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER),
        return_exceptions=True,
    )

    assert [type(outcome).__name__ for outcome in outcomes] == ["RollRecord", "PlotDieError"]
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
    record = await AmendRolls(rolls).add_plot_die(ROLL_ID, ROLLER)
    assert store.refused == 1
    assert record.version == 2
    assert record.result.plot is not None
    assert record.result.plot.faces == (5,)  # the second decision's die, shown and kept
    assert await store.get(ROLL_ID) == record


async def test_a_roll_id_collision_is_a_conflict_not_an_overwrite() -> None:
    rng = script(d(6, 1), ids(*ID_FACES), d(6, 6), ids(*ID_FACES))
    rolls, store = table(rng)
    first = await rolls.roll(RollRequest("1d6", ROLLER))
    with pytest.raises(RollConflictError):
        await rolls.roll(RollRequest("1d6", ROLLER))
    assert await store.get(ROLL_ID) == first


# -- the use case owns the transaction: it resolves, keeps and counts ------------------------


async def test_a_roll_is_counted_with_its_source_and_result() -> None:
    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 18, 3), ids(*ID_FACES)), metrics=metrics)
    record = await rolls.roll(RollRequest("a1d20+5", ROLLER, source=RollSource.BUILDER))
    assert metrics.rolled_sources == [RollSource.BUILDER]
    assert metrics.results == [record.result]
    assert metrics.failures == []
    assert metrics.seconds[0] >= 0


async def test_a_bad_notation_is_counted_as_a_failed_roll_and_nothing_is_kept() -> None:
    metrics = FakeRollMetrics()
    rolls, store = table(FakeRng(), metrics=metrics)
    with pytest.raises(NazhError):
        await rolls.roll(RollRequest("21d6", ROLLER))
    with pytest.raises(NazhError):
        await rolls.roll(RollRequest("2x6", ROLLER, source=RollSource.MODAL))
    assert metrics.failures == [(RollSource.SLASH, FailureReason.LIMIT),
                                (RollSource.MODAL, FailureReason.NOTATION)]
    assert metrics.rolled_sources == []
    assert isinstance(store, InMemoryRollStore)
    assert len(store) == 0


async def test_an_unexpected_error_is_counted_as_an_internal_failure() -> None:
    class BrokenStore:
        async def get(self, roll_id: str) -> None:
            return None

        async def save(self, record: object) -> None:
            raise RuntimeError("disk on fire")

    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)), store=BrokenStore(), metrics=metrics)
    with pytest.raises(RuntimeError):
        await rolls.roll(RollRequest("1d20", ROLLER))
    assert metrics.failures == [(RollSource.SLASH, FailureReason.INTERNAL)]


async def test_someone_elses_button_is_a_refusal_not_a_failed_roll() -> None:
    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)), metrics=metrics)
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    with pytest.raises(NotYourRollError):
        await AmendRolls(rolls).add_plot_die(record.roll_id, OTHER)
    assert metrics.failures == []
    assert metrics.rolled_sources == [RollSource.SLASH]


async def test_an_amendment_is_counted_as_a_button_roll() -> None:
    metrics = FakeRollMetrics()
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(6, 2)), metrics=metrics)
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    amended = await AmendRolls(rolls).add_plot_die(record.roll_id, ROLLER)
    assert metrics.rolled_sources == [RollSource.SLASH, RollSource.BUTTON]
    assert metrics.results[-1] == amended.result
    assert amended.result.pools[0].total == 11


async def test_a_saved_name_is_resolved_by_the_use_case() -> None:
    saved_roll = SavedRoll(ROLLER.user_id, "stealth", "a1d20+6")
    rolls, _ = table(script(d(20, 4, 15), ids(*ID_FACES)), None, None, None, saved_roll)
    record = await rolls.roll(RollRequest("@stealth", ROLLER))
    assert record.notation == "a1d20+6"
    assert record.result.pools[0].total == 21


async def test_find_hides_a_private_roll_from_anyone_but_its_roller() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d20", ROLLER, visibility=Visibility.PRIVATE))
    assert await rolls.find(record.roll_id, ROLLER) == record
    with pytest.raises(RollNotFoundError):
        await rolls.find(record.roll_id, OTHER)


async def test_a_roll_is_not_found_from_another_guild_even_by_its_roller() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    assert await rolls.find(record.roll_id, OTHER) == record  # public, same guild
    for attempt in (rolls.find(record.roll_id, ELSEWHERE),
                    AmendRolls(rolls).add_plot_die(record.roll_id, ELSEWHERE),
                    AmendRolls(rolls).choose_plot_face(record.roll_id, ELSEWHERE, 0)):
        with pytest.raises(RollNotFoundError, match="no longer available"):
            await attempt


async def test_reroll_keeps_label_and_dc_of_a_visible_original_only() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(20, 12), ids(*ID_FACES[::-1]),
                            d(20, 3), ids(2, 2, 2, 2, 2, 2, 2, 2, 2, 2)))
    original = await rolls.roll(RollRequest("1d20", ROLLER, label="Stealth", dc=10,
                                            visibility=Visibility.PRIVATE))
    mine = await rolls.reroll("1d20+1", ROLLER, original_id=original.roll_id)
    forger = Roller(OTHER_USER, ROLLER.channel_id, ROLLER.guild_id)
    theirs = await rolls.reroll("1d20", forger, original_id=original.roll_id)
    assert (mine.label, mine.result.dc, mine.private) == ("Stealth", 10, False)
    assert (theirs.label, theirs.result.dc) == (None, None)


# -- Opportunity and Complication ranges --------------------------------------------------------


async def test_roll_passes_the_ranges_to_the_dice() -> None:
    rolls, store = table(script(d(20, 19, 2), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("2d20", ROLLER, opportunity=19, complication=2))
    assert record.result.ranges == Ranges(19, 2)
    [pool] = record.result.pools
    assert (pool.opportunities, pool.complications) == (1, 1)
    kept = await store.get(record.roll_id)
    assert kept is not None
    assert kept.result.ranges == Ranges(19, 2)


async def test_a_roll_without_ranges_has_the_default_ones() -> None:
    rolls, _ = table(script(d(20, 19), ids(*ID_FACES)))
    record = await rolls.roll(RollRequest("1d20", ROLLER))
    assert record.result.ranges == DEFAULT_RANGES
    assert record.result.pools[0].opportunities == 0


@pytest.mark.parametrize(("opportunity", "complication"), [(10, 12), (19, 19), (21, 1), (20, 0)])
async def test_bad_ranges_are_refused_before_anything_is_rolled_and_counted(
        opportunity: int, complication: int) -> None:
    metrics = FakeRollMetrics()
    rng = FakeRng()
    rolls, store = table(rng, metrics=metrics)
    with pytest.raises(RangesError):
        await rolls.roll(RollRequest("1d20", ROLLER, opportunity=opportunity,
                                     complication=complication))
    assert rng.calls == []
    assert metrics.failures == [(RollSource.SLASH, FailureReason.LIMIT)]
    assert isinstance(store, InMemoryRollStore)
    assert len(store) == 0


async def test_advantage_on_a_posted_roll_keeps_its_ranges() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(20, 19)))
    record = await rolls.roll(RollRequest("1d20", ROLLER, opportunity=19))
    member = Member(ROLLER.user_id, ROLLER.guild_id)
    pending = await AmendRolls(rolls).apply_mode(record.roll_id, member, DieMode.ADVANTAGE, 0, 0)
    kept = await AmendRolls(rolls).keep_die_face(record.roll_id, member, 1)
    assert pending.result.ranges == kept.result.ranges == Ranges(opportunity=19)
    assert kept.result.pools[0].opportunities == 1


async def test_reroll_keeps_the_ranges_of_a_visible_original_only() -> None:
    rolls, _ = table(script(d(20, 7), ids(*ID_FACES), d(20, 19), ids(*ID_FACES[::-1]),
                            d(20, 19), ids(2, 2, 2, 2, 2, 2, 2, 2, 2, 2)))
    original = await rolls.roll(RollRequest("1d20", ROLLER, opportunity=19, complication=3,
                                            visibility=Visibility.PRIVATE))
    mine = await rolls.reroll("1d20+1", ROLLER, original_id=original.roll_id)
    forger = Roller(OTHER_USER, ROLLER.channel_id, ROLLER.guild_id)
    theirs = await rolls.reroll("1d20", forger, original_id=original.roll_id)
    assert mine.result.ranges == Ranges(19, 3)
    assert mine.result.pools[0].opportunities == 1
    assert theirs.result.ranges == DEFAULT_RANGES
    assert theirs.result.pools[0].opportunities == 0
