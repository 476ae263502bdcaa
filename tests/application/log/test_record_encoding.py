"""A record's canonical JSON and its journal line, cut from one encoding
(:meth:`LogEntry.spliced`), are byte for byte what encoding each whole gives (or fail as it
fails), for entries of every shape: odd text, floats, large integers, times in any zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.application.log.chain import GENESIS_HASH, EntryKind, LogEntry, chain_hash
from nazh.application.log.format import decode_entry, encode_entry, entry_json
from nazh.application.shared.canonical_json import canonical_json, canonical_text
from tests.application.log.kit import CASES

TEXT = st.text(st.characters(), max_size=12) | st.sampled_from(
    ["", "x:1.5,", '",guild_id":1', ',"guild_id":', "é ⚔", "a\\b\"c", "1e5", "\x00\n",
     ',"result":', ',"roll_id":"'])
"""Any text (lone surrogates too) and the strings most likely to confuse a splice."""
IDS = st.text("0123456789abcdefghjkmnpqrstvwxyzABZ", min_size=1, max_size=12) | TEXT \
    | st.sampled_from(["anchor-222", "7e10", "0123456789", "ab.1"])
INTEGERS = st.integers(-(2**63), 2**64 - 1) | st.integers(min_value=2**64, max_value=10**30)
NUMBERS = INTEGERS | st.booleans() | st.floats()
SCALARS = st.none() | NUMBERS | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    TEXT | st.sampled_from(["entry_id", "guild_id", "at", "result", "roll_id"]), inner,
    max_size=4), max_leaves=12)
ZONES = st.sampled_from([UTC, timezone(timedelta(0)), timezone(timedelta(hours=5, minutes=30)),
                         timezone(timedelta(hours=-3), "X"), None])
TIMES = st.builds(lambda moment, zone: moment.replace(tzinfo=zone), st.datetimes(), ZONES)


class Moment(datetime):
    """A time that is not a plain :class:`datetime`."""


ODD = st.builds(
    LogEntry, roll_id=IDS, version=INTEGERS | st.booleans(), kind=st.sampled_from(EntryKind),
    at=TIMES | st.just(Moment(2026, 1, 1, tzinfo=UTC)), channel_id=INTEGERS | st.booleans(),
    user_id=NUMBERS, notation=TEXT, guild_id=st.none() | INTEGERS, label=st.none() | TEXT,
    dc=st.none() | NUMBERS, private=st.booleans(),
    result=st.dictionaries(TEXT | st.sampled_from(["dice", "notation"]), VALUES, max_size=5))
"""Entries of every shape, most of which are encoded whole."""
SPLICEABLE = st.builds(
    LogEntry, roll_id=st.text("0123456789abcdefghjkmnpqrstvwxyzE", min_size=1, max_size=12),
    version=st.integers(-5, 2**70), kind=st.sampled_from(EntryKind),
    at=st.datetimes().map(lambda moment: moment.replace(tzinfo=UTC)),
    channel_id=INTEGERS, user_id=NUMBERS, notation=TEXT, guild_id=st.none() | NUMBERS,
    label=st.none() | TEXT, dc=st.none() | INTEGERS, private=st.booleans(),
    result=st.dictionaries(TEXT | st.sampled_from(["dice", "notation"]), VALUES, max_size=5))
"""Entries whose time, channel, DC, version and id let them be spliced, the rest of any
shape (floats, large integers, odd text: the rest decides)."""
def outcome(encode: object) -> bytes | type[BaseException]:
    """What ``encode()`` returns, or the type of what it raises."""
    try:
        return encode()  # type: ignore[operator, no-any-return]
    except (TypeError, ValueError) as error:
        return type(error)


@settings(max_examples=1000)
@given(ODD | SPLICEABLE)
def test_an_entry_is_encoded_as_whole_encodings_are(entry: LogEntry) -> None:
    assert_encoded_as_whole(entry)


@settings(max_examples=1500)
@given(SPLICEABLE)
def test_an_entry_that_may_be_spliced_is_encoded_as_whole_encodings_are(
        entry: LogEntry) -> None:
    assert_encoded_as_whole(entry)


def assert_encoded_as_whole(entry: LogEntry) -> None:
    """The entry's canonical bytes and journal line are what each whole encoding gives."""
    whole = outcome(lambda: canonical_json(entry._content()))
    line = outcome(lambda: canonical_json(encode_entry(entry)))
    assert outcome(entry.canonical) == whole
    assert outcome(lambda: entry_json(entry)) == line
    again = replace(entry)  # the journal's line first, then the hash's bytes
    assert outcome(lambda: entry_json(again)) == line
    assert outcome(again.canonical) == whole


@settings(max_examples=300)
@given(st.datetimes(), st.integers(0, 2**63), st.none() | st.integers(1, 40),
       st.text("0123456789abcdefghjkmnpqrstvwxyz", min_size=10, max_size=10))
def test_a_roll_as_nazh_records_it_is_spliced(moment: datetime, channel_id: int,
                                              dc: int | None, roll_id: str) -> None:
    entry = LogEntry(roll_id=roll_id, version=1, kind=EntryKind.ROLL,
                     at=moment.replace(tzinfo=UTC), channel_id=channel_id, user_id=1,
                     notation="a1d20+5, 2d6+3", result={"dice": [[[18, 3]]], "format": 2},
                     guild_id=None, dc=dc)
    assert entry.spliced() is not None
    assert entry.canonical() == canonical_json(entry._content())
    assert entry_json(entry) == canonical_json(encode_entry(entry))


def test_every_kept_record_hashes_through_the_splice_as_kept() -> None:
    for case in CASES:
        entry = decode_entry(case["entry"])
        assert chain_hash(GENESIS_HASH, entry) == case["hash"]
        assert entry_json(entry) == canonical_json(case["entry"])


@settings(max_examples=1500)
@given(ODD | SPLICEABLE)
def test_a_records_result_is_stored_as_its_whole_encoding(entry: LogEntry) -> None:
    """The database's JSON text of a record's result, cut from the record's encoding, is what
    encoding the result alone gives (or fails as it fails), in either order of asking."""
    alone = outcome(lambda: canonical_text(entry.result))
    assert outcome(entry.result_json) == alone
    again = replace(entry)
    outcome(again.canonical)
    assert outcome(again.result_json) == alone


def test_every_kept_records_result_is_stored_as_kept() -> None:
    for case in CASES:
        entry = decode_entry(case["entry"])
        assert entry.result_json() == canonical_text(case["entry"]["result"])
