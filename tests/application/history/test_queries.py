"""History pages, recent notations and verifying a roll, over the in-memory roll log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nazh.application.history.queries import MAX_PAGE_SIZE, HistoryPage, RollLogQueries
from nazh.application.log.chain import ChainVerdict, EntryKind, LogEntry
from nazh.application.rolls.errors import RollNotFoundError
from tests.app_fakes import T0
from tests.log_fakes import InMemoryRollLog, RecentCall

CHANNEL = 222
ME, OTHER = 111, 999
ALTERED = "the content does not match its hash (the record was altered)"


def entry(n: int, *, user_id: int = ME, notation: str | None = None, version: int = 1,
          private: bool = False, channel_id: int = CHANNEL,
          guild_id: int | None = None) -> LogEntry:
    """Roll ``r<n>`` (version 1 unless told)."""
    return LogEntry(roll_id=f"r{n}", version=version,
                    kind=EntryKind.ROLL if version == 1 else EntryKind.PLOT_ADDED,
                    at=T0 + timedelta(minutes=n), channel_id=channel_id, user_id=user_id,
                    notation=notation or f"{n}d6", result={"n": n, "v": version},
                    private=private, guild_id=guild_id)


def log_of(*entries: LogEntry) -> tuple[RollLogQueries, InMemoryRollLog]:
    log = InMemoryRollLog()
    log.store(entries)
    return RollLogQueries(log, log), log


def rolls(count: int) -> tuple[RollLogQueries, InMemoryRollLog]:
    """A channel with rolls r1 .. r<count>, all public."""
    return log_of(*(entry(n) for n in range(1, count + 1)))


def roll_ids(page: HistoryPage) -> list[str]:
    return [record.entry.roll_id for record in page.entries]


# -- pages -------------------------------------------------------------------------------------


async def test_the_first_page_is_the_newest_rolls_and_says_there_is_more() -> None:
    queries, log = rolls(25)
    page = await queries.page(CHANNEL, ME)
    assert roll_ids(page) == [f"r{n}" for n in range(25, 15, -1)]
    assert (page.page, page.has_more) == (0, True)
    assert log.recent_calls == [RecentCall(CHANNEL, ME, None, 11, 0)]


async def test_a_page_lists_only_the_rolls_of_its_askers_place() -> None:
    """A channel's rolls are its server's, save those made where Nazh was only user-installed:
    each asker is listed the ones of their own place; the paging is the channel's."""
    server = 333
    queries, _ = log_of(entry(1, guild_id=server), entry(2), entry(3, guild_id=server))
    in_server = await queries.page(CHANNEL, ME, guild_id=server, size=2)
    assert (roll_ids(in_server), in_server.has_more) == (["r3"], True)
    outside = await queries.page(CHANNEL, ME, size=2)
    assert (roll_ids(outside), outside.has_more) == (["r2"], True)
    assert roll_ids(await queries.page(CHANNEL, ME, guild_id=server, size=2, page=1)) == ["r1"]


async def test_later_pages_are_offset_by_the_page_size() -> None:
    queries, log = rolls(25)
    second = await queries.page(CHANNEL, ME, page=1)
    third = await queries.page(CHANNEL, ME, page=2)
    assert roll_ids(second) == [f"r{n}" for n in range(15, 5, -1)]
    assert second.has_more is True
    assert roll_ids(third) == [f"r{n}" for n in range(5, 0, -1)]
    assert (third.page, third.has_more) == (2, False)
    assert [(c.limit, c.offset) for c in log.recent_calls] == [(11, 10), (11, 20)]


async def test_a_page_that_ends_exactly_with_the_last_roll_has_no_more() -> None:
    queries, _ = rolls(20)
    page = await queries.page(CHANNEL, ME, page=1)
    assert len(page.entries) == 10
    assert page.has_more is False


async def test_a_page_past_the_end_is_empty() -> None:
    queries, _ = rolls(3)
    assert await queries.page(CHANNEL, ME, page=5) == HistoryPage((), 5, False)


async def test_an_empty_channel_has_an_empty_first_page() -> None:
    queries, _ = rolls(0)
    assert await queries.page(CHANNEL, ME) == HistoryPage((), 0, False)


@pytest.mark.parametrize(("size", "clamped"), [(-3, 1), (0, 1), (1, 1), (7, 7), (25, 25),
                                                (26, 25), (1000, MAX_PAGE_SIZE)])
async def test_the_page_size_is_clamped_to_1_to_25(size: int, clamped: int) -> None:
    queries, log = rolls(60)
    page = await queries.page(CHANNEL, ME, size=size, page=1)
    assert len(page.entries) == clamped
    assert page.has_more is True
    assert log.recent_calls == [RecentCall(CHANNEL, ME, None, clamped + 1, clamped)]


async def test_a_negative_page_is_the_first() -> None:
    queries, log = rolls(3)
    page = await queries.page(CHANNEL, ME, page=-2)
    assert page.page == 0
    assert roll_ids(page) == ["r3", "r2", "r1"]
    assert log.recent_calls[0].offset == 0


async def test_a_page_shows_the_latest_record_of_each_roll_once() -> None:
    queries, _ = log_of(entry(1), entry(2), entry(1, version=2))
    page = await queries.page(CHANNEL, ME)
    assert [(r.entry.roll_id, r.entry.version) for r in page.entries] == [("r2", 1), ("r1", 2)]


async def test_a_page_hides_other_peoples_private_rolls_and_filters_by_roller() -> None:
    queries, log = log_of(entry(1, user_id=OTHER, private=True), entry(2, private=True),
                          entry(3, user_id=OTHER), entry(4))
    assert roll_ids(await queries.page(CHANNEL, ME)) == ["r4", "r3", "r2"]
    assert roll_ids(await queries.page(CHANNEL, OTHER)) == ["r4", "r3", "r1"]
    assert roll_ids(await queries.page(CHANNEL, ME, user_id=OTHER)) == ["r3"]
    assert log.recent_calls[-1] == RecentCall(CHANNEL, ME, OTHER, 11, 0)


# -- recent notations --------------------------------------------------------------------------


async def test_recent_notations_are_distinct_and_newest_first() -> None:
    queries, log = log_of(entry(1, notation="1d20"), entry(2, notation="2d6"),
                          entry(3, notation="1d20"), entry(4, notation="a1d20+5"),
                          entry(5, notation="2d6"))
    assert await queries.recent_notations(CHANNEL, ME) == ["2d6", "a1d20+5", "1d20"]
    assert log.recent_calls == [RecentCall(CHANNEL, ME, ME, 30, 0)]


async def test_recent_notations_are_limited() -> None:
    queries, log = log_of(*(entry(n, notation=f"{n}d8") for n in range(1, 8)))
    assert await queries.recent_notations(CHANNEL, ME, limit=2) == ["7d8", "6d8"]
    assert log.recent_calls[0].limit == 6


async def test_recent_notations_are_the_users_own_including_private_ones() -> None:
    queries, _ = log_of(entry(1, notation="1d4", user_id=OTHER), entry(2, notation="1d8",
                                                                      private=True),
                        entry(3, notation="1d10", user_id=OTHER, private=True))
    assert await queries.recent_notations(CHANNEL, ME) == ["1d8"]
    assert await queries.recent_notations(CHANNEL, OTHER) == ["1d10", "1d4"]


async def test_recent_notations_of_nobody_are_empty() -> None:
    queries, _ = rolls(0)
    assert await queries.recent_notations(CHANNEL, ME) == []


# -- verify ------------------------------------------------------------------------------------


async def test_an_unknown_roll_is_not_found() -> None:
    queries, _ = rolls(2)
    with pytest.raises(RollNotFoundError) as caught:
        await queries.verify("  NoSuchRoll ", ME, None, CHANNEL)
    assert caught.value.reason == "no roll 'NoSuchRoll' in the log"
    assert caught.value.hint == "the roll id is in the footer of the result"


async def test_the_id_in_the_error_is_cut_to_20_characters() -> None:
    queries, _ = rolls(0)
    with pytest.raises(RollNotFoundError) as caught:
        await queries.verify("x" * 50, ME, None, CHANNEL)
    assert caught.value.reason == f"no roll {'x' * 20!r} in the log"


async def test_verify_gives_the_trail_and_an_intact_verdict() -> None:
    queries, log = log_of(entry(1), entry(2), entry(1, version=2), entry(3))
    verification = await queries.verify("r1", ME, None, CHANNEL)
    assert [(r.entry.entry_id, r.seq) for r in verification.trail] == [("r1.1", 1), ("r1.2", 3)]
    assert verification.verdict == ChainVerdict(CHANNEL, 3, True)
    assert log.chain_calls == [(CHANNEL, 3)]


async def test_verify_looks_the_id_up_trimmed_and_lower_cased() -> None:
    queries, log = log_of(entry(1))
    verification = await queries.verify("  R1\n", ME, None, CHANNEL)
    assert verification.trail[0].entry.roll_id == "r1"
    assert log.trail_calls == ["r1"]


async def test_another_users_public_roll_can_be_verified() -> None:
    queries, _ = log_of(entry(1, user_id=OTHER))
    assert (await queries.verify("r1", ME, None, CHANNEL)).verdict.intact


async def test_a_private_roll_is_not_found_by_someone_else() -> None:
    queries, _ = log_of(entry(1, user_id=OTHER, private=True))
    with pytest.raises(RollNotFoundError) as caught:
        await queries.verify("r1", ME, None, CHANNEL)
    assert caught.value.reason == "no roll 'r1' in the log"


async def test_a_private_roll_is_verified_for_its_roller() -> None:
    queries, _ = log_of(entry(1, user_id=OTHER, private=True))
    verification = await queries.verify("r1", OTHER, None, CHANNEL)
    assert verification.verdict == ChainVerdict(CHANNEL, 1, True)


async def test_a_tampered_record_before_the_roll_breaks_its_verdict() -> None:
    queries, log = log_of(entry(1), entry(2), entry(3))
    log.tamper(CHANNEL, 2, notation="20d20")
    verification = await queries.verify("r3", ME, None, CHANNEL)
    assert verification.verdict == ChainVerdict(CHANNEL, 1, False, 2, ALTERED)


async def test_a_tampered_roll_breaks_its_own_verdict() -> None:
    queries, log = log_of(entry(1), entry(2))
    log.tamper(CHANNEL, 2, result={"n": 20, "v": 1})
    verification = await queries.verify("r2", ME, None, CHANNEL)
    assert verification.trail[0].entry.result == {"n": 20, "v": 1}
    assert verification.verdict == ChainVerdict(CHANNEL, 1, False, 2, ALTERED)


async def test_records_after_the_roll_are_not_part_of_its_verdict() -> None:
    queries, log = log_of(entry(1), entry(2), entry(3))
    log.tamper(CHANNEL, 3, notation="20d20")
    assert (await queries.verify("r2", ME, None, CHANNEL)).verdict == ChainVerdict(CHANNEL, 2, True)


async def test_a_removed_record_before_the_roll_breaks_its_verdict() -> None:
    queries, log = log_of(entry(1), entry(2), entry(3), entry(4))
    del log.chains[CHANNEL][1]
    assert (await queries.verify("r4", ME, None, CHANNEL)).verdict == ChainVerdict(
        CHANNEL, 1, False, 3, "sequence jumps from 1 to 3 (a record is missing)")


async def test_a_roll_after_a_purge_verifies_from_the_anchor() -> None:
    queries, log = log_of(*(entry(n) for n in range(1, 6)))
    assert await log.purge_before(T0 + timedelta(minutes=4)) == 3
    with pytest.raises(RollNotFoundError):
        await queries.verify("r2", ME, None, CHANNEL)
    assert (await queries.verify("r5", ME, None, CHANNEL)).verdict == ChainVerdict(CHANNEL, 3, True)


async def test_a_roll_in_another_channel_is_verified_against_its_own_chain() -> None:
    queries, log = log_of(entry(1), entry(2, channel_id=7), entry(3))
    log.tamper(CHANNEL, 1, notation="20d20")
    verification = await queries.verify("r2", ME, None, CHANNEL)
    assert verification.verdict == ChainVerdict(7, 1, True)
    assert log.chain_calls == [(7, 1)]



async def test_a_roll_is_verified_only_from_its_own_guild() -> None:
    queries, _ = log_of(entry(1, guild_id=10))
    assert (await queries.verify("r1", OTHER, 10, CHANNEL)).verdict.intact
    for elsewhere in (11, None):
        with pytest.raises(RollNotFoundError, match="no roll 'r1' in the log"):
            await queries.verify("r1", ME, elsewhere, CHANNEL)


async def test_a_roll_made_outside_any_guild_is_not_verified_from_one() -> None:
    queries, _ = log_of(entry(1))
    assert (await queries.verify("r1", ME, None, CHANNEL)).verdict.intact
    with pytest.raises(RollNotFoundError):
        await queries.verify("r1", ME, 10, CHANNEL)


async def test_a_roll_outside_any_guild_is_verified_by_its_roller_or_in_its_place() -> None:
    # A DM or a channel where Nazh is only user-installed: no server shared to reach it from
    queries, _ = log_of(entry(1, user_id=OTHER))
    assert (await queries.verify("r1", ME, None, CHANNEL)).verdict.intact
    assert (await queries.verify("r1", OTHER, None, 5)).verdict.intact
    with pytest.raises(RollNotFoundError, match="no roll 'r1' in the log"):
        await queries.verify("r1", ME, None, 5)
