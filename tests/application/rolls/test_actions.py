"""The table's use cases: roll and keep, add a plot die, choose its face, conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.access import Act
from nazh.application.rolls.errors import RollConflictError, RollNotFoundError
from nazh.application.rolls.metrics import FailureReason, RollSource
from nazh.application.rolls.model import (
    Roller,
    RollRequest,
)
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.application.saved.shelves import SavedRoll
from nazh.application.settings.server import Member, Visibility
from nazh.application.shared.ids import ROLL_ID_ALPHABET, ROLL_ID_LENGTH, new_roll_id
from nazh.domain.attack import Attack
from nazh.domain.errors import LimitError, NazhError, RangesError, RollStateError
from nazh.domain.physical import PhysicalDiceError
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from tests.app_fakes import T0, FakeClock, FakeRollMetrics
from tests.application.rolls.kit import ID_FACES, OTHER, OTHER_USER, ROLL_ID, ROLLER, ids, table
from tests.fakes import FakeRng, d, script

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


def test_a_source_that_draws_in_batches_gives_the_roll_id_in_one_call_with_the_same_draws(
) -> None:
    single = SeededRandomSource(7)
    drawn = "".join(ROLL_ID_ALPHABET[single.roll(32) - 1] for _ in range(ROLL_ID_LENGTH))
    batched = SeededRandomSource(7)
    asked: list[tuple[int, int]] = []
    roll_many = batched.roll_many

    def counted(sides: int, count: int) -> list[int]:
        asked.append((sides, count))
        return roll_many(sides, count)

    batched.roll_many = counted
    assert new_roll_id(batched) == drawn
    assert asked == [(32, ROLL_ID_LENGTH)]


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


# -- choose the plot die's face --------------------------------------------------------------


# -- conflicts -------------------------------------------------------------------------------


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


async def test_an_attacks_defense_of_0_is_its_dc_a_tests_dc_stays_1_or_more() -> None:
    rolls, _ = table(script(d(20, 1), d(6, 2), ids(*ID_FACES), d(20, 5), ids(*ID_FACES[::-1])))
    attack = await rolls.roll(RollRequest("1d20, 1d6", ROLLER, dc=0).with_term(
        ATTACK, Attack(0, 0)))
    assert (attack.result.dc, attack.result.pools[0].success) == (0, True)
    copied = await rolls.reroll("1d20", ROLLER, original_id=attack.roll_id)
    assert copied.result.dc is None  # a copy is a plain roll: no DC of 0
    with pytest.raises(LimitError, match="the DC must be between 1 and 100000"):
        await rolls.roll(RollRequest("1d20", ROLLER, dc=0))


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


# -- dice rolled at the table ----------------------------------------------------------------


async def test_a_roll_at_the_table_applies_the_rules_to_its_faces_and_draws_none() -> None:
    rng = script(ids(*ID_FACES))  # the id alone: no face is drawn
    rolls, _ = table(rng)
    record = await rolls.roll(RollRequest("1d20+5, 1d6", ROLLER, add_plot=True, dc=20).with_term(
        PHYSICAL, TableFaces((17, 5, 2))))
    test, damage = record.result.pools
    assert (test.total, test.success, damage.total) == (26, True, 5)  # the plot die's 2: +4
    assert record.term(PHYSICAL) == TableFaces((17, 5, 2))
    rng.assert_exhausted()


async def test_faces_that_do_not_fit_are_refused_and_nothing_is_kept() -> None:
    rolls, store = table(FakeRng())
    with pytest.raises(PhysicalDiceError, match=r"1 face\(s\) given, 1d20\+5, 1d6 takes 2"):
        await rolls.roll(RollRequest("1d20+5, 1d6", ROLLER).with_term(PHYSICAL,
                                                                    TableFaces((17,))))
    assert isinstance(store, InMemoryRollStore)
    assert len(store) == 0


@pytest.mark.parametrize("act", [Act.ADD_PLOT_HOUSE, Act.ADVANTAGE, Act.REROLL])  # a roller may
async def test_a_roll_at_the_table_refuses_what_needs_a_face_nazh_draws(act: Act) -> None:
    rolls, _ = table(script(ids(*ID_FACES)))
    await rolls.roll(RollRequest("1d20", ROLLER).with_term(PHYSICAL, TableFaces((12,))))
    with pytest.raises(RollStateError, match="rolled at the table: Nazh draws no new face"):
        await rolls.acted_on(ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id,
                                             channel_id=ROLLER.channel_id), act)


@pytest.mark.parametrize("act", [Act.COPY, Act.CHOOSE_PLOT, Act.SPEND_OPPORTUNITY, Act.VIEW])
async def test_a_roll_at_the_table_takes_what_needs_no_new_face(act: Act) -> None:
    rolls, _ = table(script(ids(*ID_FACES)))
    await rolls.roll(RollRequest("1d20", ROLLER).with_term(PHYSICAL, TableFaces((20,))))
    found = await rolls.acted_on(ROLL_ID, Member(ROLLER.user_id, ROLLER.guild_id,
                                                 channel_id=ROLLER.channel_id), act)
    assert found.roll_id == ROLL_ID
