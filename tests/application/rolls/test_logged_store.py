"""The log-backed roll store: records of rolls and amendments, and reading rolls back."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import LogFormatError
from nazh.application.log.writer import LogWriter, RollNotKeptError, WriterPolicy
from nazh.application.rolls.errors import RollConflictError
from nazh.application.rolls.logged_store import LoggedRollStore, entry_of, kind_of, record_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.ports import RollStore
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.spending import SPENT
from nazh.domain.attack import Attack, Step
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll, roll_plot
from nazh.domain.spec import PlotSpec
from nazh.domain.spending import Spent, Use
from tests.app_fakes import T0
from tests.fakes import FakeRng
from tests.log_fakes import FakeClaims, FakeRollStore, InMemoryRollLog

ROLLER = Roller(user_id=111, channel_id=222, guild_id=333)
FAST = WriterPolicy(retry_initial=0.001, retry_max=0.004)


def rolled(text: str, *draws: tuple[int, int], dc: int | None = None) -> RollResult:
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, dc)
    rng.assert_exhausted()
    return result


def attack() -> RollRecord:
    """Version 1 of a roll without a plot die."""
    result = rolled("a1d20+5 , 2d6", (20, 3), (20, 18), (6, 2), (6, 5), dc=15)
    return RollRecord("k3v9x0q2md", ROLLER, "a1d20+5 , 2d6", result, T0, "Attack", False, 1)


def with_plot_added(record: RollRecord, face: int) -> RollRecord:
    """The amendment adding a plain plot die showing ``face``."""
    plot = roll_plot(PlotSpec(), FakeRng((6, face)))
    return replace(record, result=record.result.with_plot(plot), version=record.version + 1)


def pending(tag: str = "a") -> RollRecord:
    """Version 1 of a roll with a plot die rolled twice (``ap``/``dp``), face not chosen."""
    result = rolled(f"1d20+2, {tag}p", (20, 11), (6, 1), (6, 6), dc=12)
    return RollRecord("pendingrol", Roller(7, 222), f"1d20+2, {tag}p", result, T0,
                      None, True, 1)


def chosen(record: RollRecord, index: int) -> RollRecord:
    """The amendment settling the pending plot die on face ``index``."""
    return replace(record, result=record.result.choose_plot_face(index),
                   version=record.version + 1)


# -- kind_of -----------------------------------------------------------------------------------


def test_version_one_is_the_roll() -> None:
    assert kind_of(attack()) is EntryKind.ROLL


def test_version_one_is_the_roll_even_with_a_pending_plot_die() -> None:
    assert kind_of(pending("a")) is EntryKind.ROLL
    assert kind_of(pending("d")) is EntryKind.ROLL


def test_a_plain_plot_die_added_is_plot_added() -> None:
    assert kind_of(with_plot_added(attack(), 6)) is EntryKind.PLOT_ADDED


@pytest.mark.parametrize("tag", ["a", "d"])
@pytest.mark.parametrize("index", [0, 1])
def test_a_face_chosen_for_ap_or_dp_is_plot_chosen(tag: str, index: int) -> None:
    assert kind_of(chosen(pending(tag), index)) is EntryKind.PLOT_CHOSEN


# -- entry_of / record_of --------------------------------------------------------------------


def test_entry_of_a_roll() -> None:
    record = attack()
    assert entry_of(record) == LogEntry(
        roll_id="k3v9x0q2md", version=1, kind=EntryKind.ROLL, at=T0, channel_id=222,
        user_id=111, notation="a1d20+5 , 2d6",
        result={"format": 2, "notation": "a1d20+5, 2d6", "dc": 15,
                "dice": [[[18, 3]], [[2, None], [5, None]]], "plot": None},
        guild_id=333, label="Attack", dc=15, private=False,
    )
    assert entry_of(record).entry_id == "k3v9x0q2md.1"


def test_entry_of_an_amendment() -> None:
    amended = with_plot_added(attack(), 2)
    entry = entry_of(amended)
    assert (entry.version, entry.kind, entry.entry_id) == (2, EntryKind.PLOT_ADDED,
                                                          "k3v9x0q2md.2")
    assert entry.result["notation"] == "a1d20+5, 2d6, p"
    assert entry.result["plot"] == {"faces": [2], "kept": 0}
    assert record_of(entry).result.pools[0].total == 27
    assert record_of(entry).result.plot_bonus == 4


def test_entry_of_a_private_roll_without_guild_or_dc() -> None:
    result = rolled("1d6", (6, 4))
    record = RollRecord("abc", Roller(5, 6), "1d6", result, T0, None, True, 1)
    entry = entry_of(record)
    assert (entry.guild_id, entry.dc, entry.label, entry.private) == (None, None, None, True)


RECORDS = {
    "roll": attack(),
    "plot added": with_plot_added(attack(), 6),
    "plot added, complication": with_plot_added(attack(), 1),
    "pending ap": pending("a"),
    "chosen ap": chosen(pending("a"), 1),
    "chosen dp": chosen(pending("d"), 0),
    "private, no guild": replace(attack(), roller=Roller(5, 6), private=True, label=None),
}


@pytest.mark.parametrize("record", RECORDS.values(), ids=RECORDS.keys())
def test_record_of_entry_of_round_trips(record: RollRecord) -> None:
    assert record_of(entry_of(record)) == record


@pytest.mark.parametrize("record", RECORDS.values(), ids=RECORDS.keys())
def test_the_round_trip_survives_json_storage(record: RollRecord) -> None:
    entry = entry_of(record)
    stored = replace(entry, result=json.loads(json.dumps(entry.result)))
    assert record_of(stored) == record


class RandomRng:
    """A ``RandomSource`` over a seeded :class:`random.Random` (for the property test)."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def roll(self, sides: int) -> int:
        """A face in ``1..sides``."""
        return self._random.randint(1, sides)


POOL = st.builds(
    lambda tag, count, sides, modifier: f"{tag}{count if not tag else 1}d{sides}{modifier}",
    st.sampled_from(["", "a", "d"]), st.integers(1, 5), st.sampled_from([4, 6, 8, 12, 20]),
    st.sampled_from(["", "+3", "-2"]),
)


@settings(max_examples=50, deadline=None)
@given(pools=st.lists(POOL, min_size=1, max_size=3),
       plot=st.sampled_from(["", ", p", ", ap", ", dp"]),
       dc=st.none() | st.integers(1, 40), seed=st.integers(0, 2**32))
def test_any_roll_round_trips(pools: list[str], plot: str, dc: int | None, seed: int) -> None:
    notation = ", ".join(pools) + plot
    result = roll(parse_roll(notation), RandomRng(seed), dc)
    record = RollRecord("prop", ROLLER, notation, result, T0, "x", False, 1)
    assert record_of(entry_of(record)) == record


# -- LoggedRollStore -----------------------------------------------------------------------------


@pytest.fixture
async def writer_log() -> AsyncIterator[tuple[LogWriter, InMemoryRollLog]]:
    """A started writer over an in-memory log, closed after the test."""
    log = InMemoryRollLog()
    writer = LogWriter(log, FAST)
    writer.start()
    yield writer, log
    await writer.close(timeout=1.0)


def test_the_logged_store_is_a_roll_store(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    store: RollStore = LoggedRollStore(FakeRollStore(), writer, log)
    assert store is not None


async def test_get_prefers_the_cache(writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    cached = attack()
    log.store([entry_of(cached), entry_of(with_plot_added(cached, 6))])
    store = LoggedRollStore(FakeRollStore(cached), writer, log)
    assert await store.get(cached.roll_id) == cached
    assert log.trail_calls == []


async def test_get_falls_back_to_the_latest_record_in_the_log(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    first = attack()
    latest = with_plot_added(first, 6)
    log.store([entry_of(first), entry_of(pending()), entry_of(latest)])
    cache = FakeRollStore()
    store = LoggedRollStore(cache, writer, log)
    assert await store.get(first.roll_id) == latest
    assert cache.gets == [first.roll_id]
    assert log.trail_calls == [first.roll_id]


async def test_get_of_an_unknown_roll_is_none(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    store = LoggedRollStore(FakeRollStore(), writer, log)
    assert await store.get("nosuchroll") is None
    assert log.trail_calls == ["nosuchroll"]


async def test_save_keeps_the_record_and_writes_its_entry_behind(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    cache = FakeRollStore()
    store = LoggedRollStore(cache, writer, log)
    first = attack()
    await store.save(first)
    await store.save(with_plot_added(first, 6))
    assert cache.records[first.roll_id] == with_plot_added(first, 6)
    assert await writer.flush(1.0) is True
    trail = await log.trail(first.roll_id)
    assert [record.entry for record in trail] == [entry_of(first),
                                                  entry_of(with_plot_added(first, 6))]
    assert writer.stats.written == 2


async def test_a_saved_roll_is_found_by_a_fresh_store_over_the_same_log(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    record = chosen(pending("d"), 1)
    await LoggedRollStore(FakeRollStore(), writer, log).save(record)
    assert await writer.flush(1.0) is True
    restarted = LoggedRollStore(FakeRollStore(), writer, log)
    assert await restarted.get(record.roll_id) == record


async def test_a_refused_save_queues_nothing(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    cache = FakeRollStore()
    cache.conflict = RollConflictError("this roll was changed meanwhile")
    store = LoggedRollStore(cache, writer, log)
    with pytest.raises(RollConflictError):
        await store.save(attack())
    assert writer.stats.waiting == 0
    assert await writer.flush(1.0) is True
    assert log.appended == []


# -- amendments claimed across processes -----------------------------------------------------


def process(writer: LogWriter, log: InMemoryRollLog, claims: FakeClaims,
            *cached: RollRecord) -> tuple[LoggedRollStore, FakeRollStore]:
    """One bot process: its own memory, the shared log and claims."""
    cache = FakeRollStore(*cached)
    return LoggedRollStore(cache, writer, log, claims), cache


async def test_a_first_roll_is_never_claimed(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    claims = FakeClaims(log)
    store, _ = process(writer, log, claims)
    await store.save(attack())
    assert claims.claims == {}


async def test_an_amendment_is_claimed_and_a_second_one_of_its_version_is_refused(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    claims = FakeClaims(log)
    first = attack()
    log.store([entry_of(first)])
    made_it, _ = process(writer, log, claims, first)  # the process that made the roll
    other, other_cache = process(writer, log, claims)
    winner = with_plot_added(first, 6)
    await other.save(winner)
    assert claims.claims == {(first.roll_id, 2): entry_of(winner)}
    with pytest.raises(RollConflictError, match="changed meanwhile"):
        await made_it.save(with_plot_added(first, 1))  # from its stale copy of version 1
    assert await writer.flush(1.0) is True
    assert [record.entry for record in await log.trail(first.roll_id)] == [
        entry_of(first), entry_of(winner)]
    assert other_cache.records[first.roll_id] == winner


async def test_a_conflict_drops_the_stale_copy_so_the_next_read_finds_the_winner(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    claims = FakeClaims(log)
    first = attack()
    log.store([entry_of(first)])
    made_it, cache = process(writer, log, claims, first)
    other, _ = process(writer, log, claims)
    winner = with_plot_added(first, 6)
    await other.save(winner)  # not in the log yet: the writer has not run
    with pytest.raises(RollConflictError):
        await made_it.save(with_plot_added(first, 1))
    assert first.roll_id not in cache.records
    assert await made_it.get(first.roll_id) == winner  # read from the claim


async def test_the_newest_of_the_log_and_the_claims_is_read(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    claims = FakeClaims()
    first = attack()
    second = with_plot_added(first, 6)
    store, _ = process(writer, log, claims)
    log.store([entry_of(first), entry_of(second)])
    claims.claims[(first.roll_id, 2)] = entry_of(second)
    assert await store.get(first.roll_id) == second
    claims.claims.clear()
    assert await store.get(first.roll_id) == second
    third = replace(second, version=3, label="newer")
    claims.claims[(first.roll_id, 3)] = entry_of(third)  # claimed, not in the log yet
    assert await store.get(first.roll_id) == third


async def test_an_amendment_not_kept_releases_its_claim() -> None:
    log = InMemoryRollLog()
    full = LogWriter(log, WriterPolicy(capacity=0))  # refuses every record
    claims = FakeClaims(log)
    first = attack()
    store, cache = process(full, log, claims, first)
    with pytest.raises(RollNotKeptError):
        await store.save(with_plot_added(first, 6))
    assert claims.claims == {}
    assert cache.records[first.roll_id] == first


async def test_claims_that_cannot_be_reached_refuse_the_amendment_only(
        writer_log: tuple[LogWriter, InMemoryRollLog]) -> None:
    writer, log = writer_log
    claims = FakeClaims(log)
    claims.down = True
    first = attack()
    store, cache = process(writer, log, claims)
    await store.save(first)  # a roll needs no claim
    with pytest.raises(RollNotKeptError):
        await store.save(with_plot_added(first, 6))
    assert cache.records[first.roll_id] == first


def test_an_attack_s_terms_and_what_was_spent_round_trip_through_its_record() -> None:
    terms = Attack(14, 5, (Step.GRAZE,))
    spent = (Spent(Use.FOCUS, 111), Spent(Use.LOSE_FOCUS, 444))
    record = replace(attack().with_term(ATTACK, terms).with_term(SPENT, spent), version=3,
                     change=EntryKind.SPENT)
    entry = entry_of(record)
    assert entry.kind is EntryKind.SPENT
    assert entry.result["attack"] == {"defense": 14, "modifier": 5, "steps": ["graze"]}
    assert entry.result["spent"] == [{"use": "focus", "by": 111},
                                     {"use": "lose-focus", "by": 444}]
    back = record_of(entry)
    assert (back.attack, back.spent) == (terms, spent)


def test_a_malformed_attack_in_a_record_is_a_format_error() -> None:
    entry = entry_of(attack().with_term(ATTACK, Attack(None, 0)))
    broken = replace(entry, result={**entry.result, "attack": {"defense": "x"}})
    with pytest.raises(LogFormatError, match="unreadable attack"):
        record_of(broken)


def test_an_attack_that_cannot_graze_says_so_and_one_that_can_is_stored_as_before() -> None:
    can = entry_of(attack().with_term(ATTACK, Attack(14, 5)))
    assert can.result["attack"] == {"defense": 14, "modifier": 5, "steps": []}
    cannot = entry_of(attack().with_term(ATTACK, Attack(14, 5, can_graze=False)))
    assert cannot.result["attack"] == {"defense": 14, "modifier": 5, "steps": [],
                                       "can_graze": False}
    back = record_of(cannot).attack
    assert back is not None
    assert back.can_graze is False
    broken = replace(cannot, result={**cannot.result, "attack": {
        **cannot.result["attack"], "can_graze": "no"}})
    with pytest.raises(LogFormatError, match="unreadable attack"):
        record_of(broken)


def test_a_roll_s_character_round_trips_and_a_raw_roll_has_no_character_key() -> None:
    assert "character" not in entry_of(attack()).result
    character = RollCharacter("veyla00001", "Veyla Tarn", "Insight",
                              (("Awareness", 3), ("ranks", 2), ("modifier", -1)))
    entry = entry_of(attack().with_term(CHARACTER, character))
    assert entry.result["character"] == {
        "id": "veyla00001", "name": "Veyla Tarn", "rolled": "Insight",
        "parts": [["Awareness", 3], ["ranks", 2], ["modifier", -1]]}
    assert record_of(entry).character == character
    assert json.loads(json.dumps(entry.result))["character"] == entry.result["character"]


def test_a_malformed_character_in_a_record_is_a_format_error() -> None:
    entry = entry_of(attack().with_term(CHARACTER, RollCharacter("x", "Veyla", "Insight")))
    broken = replace(entry, result={**entry.result, "character": {"id": "x", "name": 5}})
    with pytest.raises(LogFormatError, match="unreadable character"):
        record_of(broken)
