"""The in-memory roll store: versions, time to live and capacity."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import timedelta

import pytest

from nazh.adapters.memory.roll_store import (
    INTERACTION_TOKEN_LIFETIME,
    RECENT,
    InMemoryRollStore,
    kept_of,
    record_kept,
)
from nazh.application.log.chain import EntryKind
from nazh.application.log.format import decode_entry
from nazh.application.rolls.errors import RollConflictError
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.shared.json_types import JsonObject
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.app_fakes import FakeClock
from tests.application.log.kit import CASES
from tests.fakes import FakeRng

FIFTEEN_MINUTES = timedelta(minutes=15)


def record(roll_id: str, clock: FakeClock, version: int = 1) -> RollRecord:
    """A ``1d6`` roll showing 4, made now."""
    result = roll(parse_roll("1d6"), FakeRng((6, 4)))
    return RollRecord(roll_id, Roller(1, 2), "1d6", result, clock.now(), version=version)


async def test_a_saved_record_is_found() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    kept = record("aaaaaaaaaa", clock)
    await store.save(kept)
    assert await store.get("aaaaaaaaaa") == kept
    assert len(store) == 1


async def test_an_unknown_record_is_none() -> None:
    assert await InMemoryRollStore(FakeClock()).get("nope") is None


# -- how a roll is kept ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["case"])
async def test_a_record_of_every_kind_is_found_as_it_was_saved(case: JsonObject) -> None:
    entry = decode_entry(case["entry"])
    change = None if entry.kind is EntryKind.ROLL else entry.kind
    saved = replace(record_of(entry), change=change)
    store = InMemoryRollStore(FakeClock(entry.at))
    await store.save(saved)
    found = await store.get(saved.roll_id)
    assert found == saved
    assert found is not None
    assert found.change is change
    assert entry_of(found).canonical() == entry_of(saved).canonical()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["case"])
async def test_a_record_of_every_kind_is_read_back_from_its_line_as_it_was_saved(
        case: JsonObject) -> None:
    entry = decode_entry(case["entry"])
    change = None if entry.kind is EntryKind.ROLL else entry.kind
    saved = replace(record_of(entry), change=change)
    decoded = record_kept(kept_of(saved))  # what a roll no longer among the recent reads as
    assert decoded == saved
    assert decoded.change is change
    assert entry_of(decoded).canonical() == entry_of(saved).canonical()


async def test_a_record_saved_with_its_log_record_is_found_as_saved() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    kept = replace(record("a", clock, 2), label="Ambush \u2694", change=EntryKind.DIE_REROLLED)
    await store.save(kept, entry_of(kept))
    assert await store.get("a") == kept


async def test_kept_rolls_leave_nothing_for_the_garbage_collector() -> None:
    """A kept roll is a few values the collector does not track: thousands of them neither
    set off collections nor lengthen them (a record as such is about 20 tracked objects); only
    the last few records are kept as they are, the same number however many are kept."""

    async def tracked_after(rolls: range) -> int:
        for n in rolls:
            await store.save(record(f"roll{n:06d}", clock))
        gc.collect()
        return len(gc.get_objects())

    clock = FakeClock()
    store = InMemoryRollStore(clock)
    gc.collect()
    before = len(gc.get_objects())
    first = await tracked_after(range(1000))
    assert first - before < RECENT * 12
    assert await tracked_after(range(1000, 3000)) - first < 50
    assert len(store) == 3000


async def test_a_roll_saved_or_read_lately_is_found_without_decoding() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    kept = record("a", clock)
    await store.save(kept)
    assert await store.get("a") is kept
    for n in range(RECENT):
        await store.save(record(f"b{n}", clock))
    found = await store.get("a")  # decoded from its line: no longer among the recent
    assert found == kept
    assert found is not kept
    assert await store.get("a") is found


# -- versions --------------------------------------------------------------------------------


async def test_an_amendment_replaces_the_record() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    await store.save(record("a", clock))
    amended = replace(record("a", clock), label="amended", version=2)
    await store.save(amended)
    assert await store.get("a") == amended
    assert len(store) == 1


@pytest.mark.parametrize("version", [2, 3])
async def test_a_roll_read_back_from_elsewhere_is_kept_at_its_version(version: int) -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    await store.save(record("a", clock, version))
    kept = await store.get("a")
    assert kept is not None
    assert kept.version == version
    with pytest.raises(RollConflictError):
        await store.save(record("a", clock, version))


@pytest.mark.parametrize("version", [1, 2, 4])
async def test_an_amendment_must_be_the_stored_version_plus_one(version: int) -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    await store.save(record("a", clock))
    await store.save(record("a", clock, 2))
    with pytest.raises(RollConflictError) as caught:
        await store.save(replace(record("a", clock, version), label="late"))
    assert caught.value.hint == "look at the message again"
    stored = await store.get("a")
    assert stored is not None
    assert (stored.version, stored.label) == (2, None)


# -- time to live ----------------------------------------------------------------------------


async def test_a_record_is_kept_for_the_ttl_and_dropped_after() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, ttl=timedelta(hours=1))
    await store.save(record("a", clock))

    clock.advance(FIFTEEN_MINUTES)
    assert await store.get("a") is not None
    clock.advance(timedelta(minutes=45))  # exactly the ttl: still kept
    assert await store.get("a") is not None
    clock.advance(timedelta(microseconds=1))
    assert await store.get("a") is None
    assert len(store) == 0


async def test_the_shortest_ttl_keeps_a_roll_for_the_token_lifetime() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, ttl=FIFTEEN_MINUTES)
    await store.save(record("a", clock))
    clock.advance(FIFTEEN_MINUTES)
    assert await store.get("a") is not None
    clock.advance(timedelta(seconds=1))
    assert await store.get("a") is None


async def test_the_default_ttl_is_a_day() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock)
    await store.save(record("a", clock))
    clock.advance(timedelta(hours=24))
    assert await store.get("a") is not None
    clock.advance(timedelta(seconds=1))
    assert await store.get("a") is None


async def test_only_the_expired_records_are_dropped() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, ttl=timedelta(hours=1))
    await store.save(record("old", clock))
    clock.advance(timedelta(minutes=30))
    await store.save(record("new", clock))
    clock.advance(timedelta(minutes=31))
    assert await store.get("old") is None
    assert await store.get("new") is not None
    assert len(store) == 1


async def test_an_expired_record_is_forgotten() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, ttl=FIFTEEN_MINUTES)
    await store.save(record("a", clock))
    clock.advance(timedelta(minutes=16))
    assert await store.get("a") is None
    assert len(store) == 0


@pytest.mark.parametrize("ttl", [timedelta(0), timedelta(minutes=14, seconds=59)])
def test_a_ttl_shorter_than_the_interaction_token_is_refused(ttl: timedelta) -> None:
    with pytest.raises(ValueError, match="at least 15 minutes"):
        InMemoryRollStore(FakeClock(), ttl=ttl)


def test_the_interaction_token_lives_15_minutes() -> None:
    assert INTERACTION_TOKEN_LIFETIME == FIFTEEN_MINUTES


# -- capacity --------------------------------------------------------------------------------


async def test_the_oldest_record_is_evicted_beyond_capacity() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, capacity=2)
    for roll_id in ("a", "b", "c"):
        await store.save(record(roll_id, clock))
        clock.advance(timedelta(seconds=1))
    assert await store.get("a") is None
    assert await store.get("b") is not None
    assert await store.get("c") is not None
    assert len(store) == 2


async def test_an_amendment_does_not_count_twice_against_capacity() -> None:
    clock = FakeClock()
    store = InMemoryRollStore(clock, capacity=2)
    await store.save(record("a", clock))
    await store.save(record("b", clock))
    await store.save(record("b", clock, 2))
    assert await store.get("a") is not None
    assert len(store) == 2


@pytest.mark.parametrize("capacity", [0, -1])
def test_a_capacity_below_one_is_refused(capacity: int) -> None:
    with pytest.raises(ValueError, match="capacity"):
        InMemoryRollStore(FakeClock(), capacity=capacity)
