"""The roll log's records: canonical content, hash chaining, and chain verification."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import fields, replace
from datetime import timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.application.log.chain import (
    GENESIS_HASH,
    ChainedEntry,
    ChainVerdict,
    EntryKind,
    LogEntry,
    chain_hash,
    link,
    verify_chain,
)
from nazh.application.log.format import decode_entry
from nazh.application.log.ports import ChainReader, LogRetention, RollHistory, RollLog
from nazh.application.shared.json_types import JsonObject
from tests.app_fakes import T0
from tests.application.log.kit import CASES
from tests.log_fakes import FlakyRollLog, GatedRollLog, InMemoryRollLog

CHANNEL = 222
ENTRY = LogEntry(
    roll_id="k3v9x0q2md", version=1, kind=EntryKind.ROLL, at=T0, channel_id=CHANNEL,
    user_id=111, notation="a1d20+5", result={"b": 1, "a": [2, {"y": None, "x": True}]},
    guild_id=333, label="Attack", dc=15, private=False,
)
MISSING = "sequence jumps from {} to {} (a record is missing)"
PREV = "the previous hash does not match (a record was removed or reordered)"
ALTERED = "the content does not match its hash (the record was altered)"
MIDDLE_ANCHOR = "an anchor in the middle of the chain"


def entry(n: int, **changes: Any) -> LogEntry:
    """The n-th roll of the channel (ids r1, r2, ...), a minute apart."""
    base = replace(ENTRY, roll_id=f"r{n}", at=T0 + timedelta(minutes=n), notation=f"{n}d6")
    return replace(base, **changes)


def chain_of(count: int) -> list[ChainedEntry]:
    """A channel's intact chain of ``count`` records, seq 1..count."""
    return link([entry(n) for n in range(1, count + 1)], GENESIS_HASH, 1)


def anchor_for(last: ChainedEntry) -> ChainedEntry:
    """The anchor a purge leaves for a prefix ending with ``last`` (as the adapter does)."""
    anchor = LogEntry(roll_id=f"anchor-{CHANNEL}", version=0, kind=EntryKind.ANCHOR,
                      at=last.entry.at, channel_id=CHANNEL, user_id=0, notation="",
                      result={"last_purged": last.entry.entry_id})
    return ChainedEntry(anchor, last.seq, last.prev_hash, last.hash)


def test_the_in_memory_fakes_implement_the_ports() -> None:
    fake = InMemoryRollLog()
    ports: tuple[RollLog, RollHistory, ChainReader, LogRetention] = (fake, fake, fake, fake)
    logs: tuple[RollLog, RollLog] = (FlakyRollLog(fake), GatedRollLog(fake))
    assert len(ports) + len(logs) == 6


# -- entry ids and canonical content -------------------------------------------------------


def test_the_entry_id_is_the_roll_id_and_the_version() -> None:
    assert ENTRY.entry_id == "k3v9x0q2md.1"
    assert replace(ENTRY, version=3).entry_id == "k3v9x0q2md.3"


def test_canonical_is_sorted_key_compact_utf8_json_of_every_field() -> None:
    assert ENTRY.canonical() == (
        b'{"at":"2025-03-14T12:00:00+00:00","channel_id":222,"dc":15,'
        b'"entry_id":"k3v9x0q2md.1","guild_id":333,"kind":"roll","label":"Attack",'
        b'"notation":"a1d20+5","private":false,'
        b'"result":{"a":[2,{"x":true,"y":null}],"b":1},'
        b'"roll_id":"k3v9x0q2md","user_id":111,"version":1}'
    )


KEPT = {f.name for f in fields(LogEntry) if f.compare}
"""The entry's fields that are its content (``rolled`` only spares a decoding, ``_spliced``
an encoding)."""


def test_canonical_names_every_field_of_the_entry() -> None:
    keys = set(json.loads(ENTRY.canonical()))
    assert keys == KEPT | {"entry_id"}
    assert {f.name for f in fields(LogEntry)} - KEPT == {"rolled", "_spliced"}


def test_canonical_keeps_non_ascii_text_as_utf8() -> None:
    canonical = replace(ENTRY, label="Épée ⚔").canonical()
    assert '"label":"Épée ⚔"'.encode() in canonical
    assert b"\\u" not in canonical


def test_canonical_is_stable_across_calls_and_equal_entries() -> None:
    assert ENTRY.canonical() == ENTRY.canonical()
    assert replace(ENTRY).canonical() == ENTRY.canonical()


def test_canonical_does_not_depend_on_the_order_of_the_result_keys() -> None:
    shuffled = replace(ENTRY, result={"a": [2, {"x": True, "y": None}], "b": 1})
    assert list(shuffled.result) != list(ENTRY.result)
    assert shuffled.canonical() == ENTRY.canonical()
    assert chain_hash(GENESIS_HASH, shuffled) == chain_hash(GENESIS_HASH, ENTRY)


@given(st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8) | st.none(),
                       max_size=8))
def test_canonical_ignores_insertion_order_of_any_result(result: JsonObject) -> None:
    backwards = dict(reversed(list(result.items())))
    assert replace(ENTRY, result=result).canonical() == replace(ENTRY,
                                                                result=backwards).canonical()


CHANGES: list[tuple[str, Any]] = [
    ("roll_id", "k3v9x0q2me"),
    ("version", 2),
    ("kind", EntryKind.PLOT_ADDED),
    ("at", T0 + timedelta(microseconds=1)),
    ("channel_id", CHANNEL + 1),
    ("user_id", 112),
    ("notation", "a1d20+6"),
    ("result", {"b": 1, "a": [2, {"y": None, "x": False}]}),
    ("guild_id", None),
    ("label", None),
    ("dc", None),
    ("private", True),
]


def test_the_changes_cover_every_field() -> None:
    assert {name for name, _ in CHANGES} == KEPT


@pytest.mark.parametrize(("name", "value"), CHANGES, ids=[name for name, _ in CHANGES])
def test_changing_any_single_field_changes_the_content_and_the_hash(name: str,
                                                                    value: Any) -> None:
    changed = replace(ENTRY, **{name: value})
    assert changed.canonical() != ENTRY.canonical()
    assert chain_hash(GENESIS_HASH, changed) != chain_hash(GENESIS_HASH, ENTRY)


def test_the_same_instant_in_another_timezone_is_other_content() -> None:
    # The adapter stores times in UTC before hashing; the content itself is the isoformat.
    shifted = replace(ENTRY, at=T0.astimezone(timezone(timedelta(hours=1))))
    assert shifted.at == ENTRY.at
    assert shifted.canonical() != ENTRY.canonical()


# -- hashes and linking ----------------------------------------------------------------------


def test_chain_hash_is_sha256_of_the_previous_hash_a_newline_and_the_content() -> None:
    expected = hashlib.sha256(GENESIS_HASH.encode() + b"\n" + ENTRY.canonical()).hexdigest()
    assert chain_hash(GENESIS_HASH, ENTRY) == expected
    assert len(expected) == 64


def test_chain_hash_covers_the_previous_hash() -> None:
    assert chain_hash("1" * 64, ENTRY) != chain_hash("0" * 64, ENTRY)


def test_the_genesis_hash_is_64_zeros() -> None:
    assert GENESIS_HASH == "0" * 64


def test_link_numbers_the_records_and_chains_each_to_the_previous() -> None:
    entries = [entry(1), entry(2), entry(3)]
    prev = "ab" * 32
    chained = link(entries, prev, 7)
    assert [record.seq for record in chained] == [7, 8, 9]
    assert [record.entry for record in chained] == entries
    assert chained[0].prev_hash == prev
    assert chained[0].hash == chain_hash(prev, entries[0])
    for before, after in itertools.pairwise(chained):
        assert after.prev_hash == before.hash
        assert after.hash == chain_hash(before.hash, after.entry)


def test_link_of_nothing_is_nothing() -> None:
    assert link([], GENESIS_HASH, 1) == []


def test_linking_in_two_batches_equals_linking_at_once() -> None:
    entries = [entry(n) for n in range(1, 6)]
    first = link(entries[:2], GENESIS_HASH, 1)
    second = link(entries[2:], first[-1].hash, first[-1].seq + 1)
    assert first + second == link(entries, GENESIS_HASH, 1)


# -- verify_chain ------------------------------------------------------------------------------


def test_an_intact_chain_verifies() -> None:
    assert verify_chain(CHANNEL, chain_of(5)) == ChainVerdict(CHANNEL, 5, True, None, None)


def test_an_empty_chain_is_intact() -> None:
    assert verify_chain(CHANNEL, []) == ChainVerdict(CHANNEL, 0, True)


def test_an_altered_record_breaks_the_chain_at_that_record() -> None:
    records = chain_of(5)
    records[2] = replace(records[2], entry=replace(records[2].entry, notation="20d6"))
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 2, False, 3, ALTERED)


def test_an_altered_and_rehashed_record_breaks_the_chain_at_the_next_one() -> None:
    records = chain_of(5)
    forged = replace(records[2].entry, notation="20d6")
    records[2] = replace(records[2], entry=forged, hash=chain_hash(records[2].prev_hash, forged))
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 3, False, 4, PREV)


def test_a_removed_middle_record_is_a_sequence_jump() -> None:
    records = chain_of(5)
    del records[2]
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 2, False, 4,
                                                          MISSING.format(2, 4))


def test_a_removed_first_record_breaks_the_chain_at_the_new_first() -> None:
    records = chain_of(5)[1:]
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 0, False, 2, PREV)


def test_a_removed_last_record_is_not_detectable_from_the_chain_alone() -> None:
    assert verify_chain(CHANNEL, chain_of(5)[:-1]) == ChainVerdict(CHANNEL, 4, True)


def test_swapped_records_in_the_list_are_a_sequence_jump() -> None:
    records = chain_of(5)
    records[1], records[2] = records[2], records[1]
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 1, False, 3,
                                                          MISSING.format(1, 3))


def test_swapped_records_renumbered_into_place_break_the_previous_hash() -> None:
    records = chain_of(5)
    second, third = records[1], records[2]
    records[1] = replace(third, seq=2)
    records[2] = replace(second, seq=3)
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 1, False, 2, PREV)


def test_a_forged_previous_hash_breaks_the_chain() -> None:
    records = chain_of(5)
    records[3] = replace(records[3], prev_hash="f" * 64)
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 3, False, 4, PREV)


def test_a_forged_previous_hash_with_a_matching_hash_still_breaks_the_chain() -> None:
    records = chain_of(5)
    forged = "f" * 64
    records[3] = replace(records[3], prev_hash=forged,
                         hash=chain_hash(forged, records[3].entry))
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 3, False, 4, PREV)


def test_a_renumbered_record_is_a_sequence_jump() -> None:
    records = chain_of(3)
    records[2] = replace(records[2], seq=9)
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 2, False, 9,
                                                          MISSING.format(2, 9))


def test_the_chain_continues_from_an_anchor_at_the_start() -> None:
    records = chain_of(5)
    purged = [anchor_for(records[1]), *records[2:]]
    assert purged[0].seq == 2
    assert verify_chain(CHANNEL, purged) == ChainVerdict(CHANNEL, 4, True)


def test_an_anchor_alone_is_intact() -> None:
    assert verify_chain(CHANNEL, [anchor_for(chain_of(2)[1])]) == ChainVerdict(CHANNEL, 1, True)


def test_after_an_anchor_the_sequence_must_follow_the_anchors() -> None:
    records = chain_of(5)
    purged = [anchor_for(records[1]), *records[3:]]
    assert verify_chain(CHANNEL, purged) == ChainVerdict(CHANNEL, 1, False, 4,
                                                         MISSING.format(2, 4))


def test_after_an_anchor_the_previous_hash_must_be_the_anchors() -> None:
    records = chain_of(5)
    purged = [replace(anchor_for(records[1]), hash="e" * 64), *records[2:]]
    assert verify_chain(CHANNEL, purged) == ChainVerdict(CHANNEL, 1, False, 3, PREV)


def test_an_anchor_in_the_middle_breaks_the_chain() -> None:
    records = chain_of(5)
    spliced = [*records[:2], anchor_for(records[2]), *records[3:]]
    assert verify_chain(CHANNEL, spliced) == ChainVerdict(CHANNEL, 2, False, 3, MIDDLE_ANCHOR)


def test_the_first_problem_is_reported() -> None:
    records = chain_of(6)
    records[1] = replace(records[1], entry=replace(records[1].entry, label="x"))
    del records[4]
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 1, False, 2, ALTERED)


# -- verify_chain against the recorded head ----------------------------------------------------


def truncated(last: int, head: int) -> str:
    return (f"the chain ends at record #{last}, before its recorded head #{head} "
            "(records were removed from the end)")


def head_of(record: ChainedEntry) -> tuple[int, str]:
    return record.seq, record.hash


def test_a_chain_ending_at_its_head_is_intact() -> None:
    records = chain_of(5)
    assert verify_chain(CHANNEL, records, head_of(records[-1])) == ChainVerdict(CHANNEL, 5, True)


def test_without_a_head_records_removed_from_the_end_go_unnoticed() -> None:
    assert verify_chain(CHANNEL, chain_of(5)[:3], None) == ChainVerdict(CHANNEL, 3, True)


def test_records_removed_from_the_end_are_found_against_the_head() -> None:
    records = chain_of(5)
    assert verify_chain(CHANNEL, records[:3], head_of(records[-1])) == ChainVerdict(
        CHANNEL, 3, False, 3, truncated(3, 5))


def test_a_broken_link_is_reported_before_the_head_is_checked() -> None:
    records = chain_of(5)
    head = head_of(records[-1])
    del records[1]
    assert verify_chain(CHANNEL, records[:3], head) == ChainVerdict(CHANNEL, 1, False, 3,
                                                                    MISSING.format(1, 3))


def test_an_emptied_chain_with_a_head_is_broken() -> None:
    verdict = verify_chain(CHANNEL, [], head_of(chain_of(2)[-1]))
    assert (verdict.channel_id, verdict.checked, verdict.intact, verdict.broken_at) == (
        CHANNEL, 0, False, None)
    assert verdict.problem is not None
    assert verdict.problem == ("the chain is empty but its recorded head is #2 "
                               "(records were removed)")


def test_an_emptied_chain_names_no_record_none() -> None:
    problem = verify_chain(CHANNEL, [], head_of(chain_of(2)[-1])).problem
    assert problem is not None
    assert "#None" not in problem


def test_an_anchor_alone_matches_the_head_of_a_fully_purged_chain() -> None:
    records = chain_of(3)
    assert verify_chain(CHANNEL, [anchor_for(records[-1])], head_of(records[-1])) == \
        ChainVerdict(CHANNEL, 1, True)


def test_a_replaced_last_record_is_found_against_the_head() -> None:
    records = chain_of(5)
    head = head_of(records[-1])
    forged = replace(records[-1].entry, notation="20d20")
    records[-1] = replace(records[-1], entry=forged, hash=chain_hash(records[-1].prev_hash,
                                                                     forged))
    assert verify_chain(CHANNEL, records) == ChainVerdict(CHANNEL, 5, True)
    assert verify_chain(CHANNEL, records, head) == ChainVerdict(
        CHANNEL, 5, False, 5, "record #5 does not match the recorded head (it was replaced)")


@pytest.mark.parametrize("case", ["last record replaced", "chain past its head"])
def test_a_head_mismatch_that_is_no_truncation_is_not_called_one(case: str) -> None:
    records = chain_of(5)
    head = (5, "e" * 64) if case == "last record replaced" else head_of(records[2])
    verdict = verify_chain(CHANNEL, records, head)
    assert not verdict.intact
    assert "removed from the end" not in (verdict.problem or "")


# -- the in-memory fake chains like the adapter ---------------------------------------------


async def test_the_fake_log_chains_per_channel_and_skips_stored_ids() -> None:
    log = InMemoryRollLog()
    await log.append([entry(1), entry(2, channel_id=9), entry(3)])
    await log.append([entry(3), entry(4), entry(4)])
    assert [r.seq for r in log.chains[CHANNEL]] == [1, 2, 3]
    assert [r.entry.roll_id for r in log.chains[CHANNEL]] == ["r1", "r3", "r4"]
    assert [r.seq for r in log.chains[9]] == [1]
    for channel, records in log.chains.items():
        assert verify_chain(channel, records).intact


async def test_a_purged_fake_chain_still_verifies_from_its_anchor() -> None:
    log = InMemoryRollLog()
    await log.append([entry(n) for n in range(1, 6)])
    assert await log.purge_before(T0 + timedelta(minutes=3)) == 2
    records = await log.chain(CHANNEL)
    assert records[0].entry.kind is EntryKind.ANCHOR
    assert [r.seq for r in records] == [2, 3, 4, 5]
    assert verify_chain(CHANNEL, records, await log.head(CHANNEL)) == ChainVerdict(CHANNEL, 4,
                                                                                   True)


async def test_the_fake_keeps_its_heads_apart_from_the_records() -> None:
    log = InMemoryRollLog()
    await log.append([entry(n) for n in range(1, 4)])
    head = await log.head(CHANNEL)
    assert head == (3, log.chains[CHANNEL][-1].hash)
    del log.chains[CHANNEL][-1]
    assert await log.head(CHANNEL) == head
    assert await log.head(9) is None
    assert verify_chain(CHANNEL, await log.chain(CHANNEL), head) == ChainVerdict(
        CHANNEL, 2, False, 2, truncated(2, 3))


def test_a_record_hashed_by_the_reference_encoding_verifies_where_the_fast_one_differs() -> None:
    entry = replace(ENTRY, result={"x": math.nan})  # the only value the two write differently
    record = ChainedEntry(entry, 1, GENESIS_HASH,
                          chain_hash(GENESIS_HASH, entry, reference=True))
    assert chain_hash(GENESIS_HASH, entry) != record.hash
    assert verify_chain(CHANNEL, [record]) == ChainVerdict(CHANNEL, 1, True)
    forged = replace(record, hash=chain_hash(GENESIS_HASH, replace(entry, dc=16)))
    assert not verify_chain(CHANNEL, [forged]).intact


def test_the_fast_and_the_reference_encodings_agree_on_every_golden_record() -> None:
    for case in CASES:
        entry = decode_entry(case["entry"])
        assert entry.canonical() == entry.reference_canonical() == case["canonical"].encode()
