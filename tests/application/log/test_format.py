"""The roll log's record format: version 2 written, version 1 (the CLI JSON records held
before) still read, and both verifying in one chain."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from nazh.application.log.chain import EntryKind, LogEntry, chain_hash, link, verify_chain
from nazh.application.log.format import (
    RANGES_KEY,
    LogFormatError,
    decode_result,
    encode_result,
    readable,
)
from nazh.application.rolls.dice import RollDice
from nazh.application.shared.json_types import JsonObject
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.results import DieResult
from nazh.domain.spec import DieMode
from tests.app_fakes import T0
from tests.application.log.kit import LEGACY_CHOSEN, LEGACY_PENDING
from tests.fakes import FakeRng


def test_a_legacy_record_decodes_to_the_exact_roll() -> None:
    pending = decode_result(LEGACY_PENDING)
    assert pending.notation == "a1d20+5, 2d6, dp"
    assert pending.pools[0].dice == (DieResult(20, DieMode.ADVANTAGE, 18, 3),)
    assert [pool.total for pool in pending.pools] == [23, 6]
    assert pending.pending
    assert pending.plot is not None
    assert pending.plot.faces == (6, 5)
    chosen = decode_result(LEGACY_CHOSEN)
    assert chosen.plot is not None
    assert (chosen.plot.face, chosen.pending, chosen.dc) == (6, False, 15)
    assert chosen.pools[0].success is True


@pytest.mark.parametrize(("text", "faces", "choose"), [
    ("a1d20+5, 2d6, dp", [(20, 18), (20, 3), (6, 2), (6, 4), (6, 6), (6, 5)], None),
    ("a1d20+5, 2d6, dp", [(20, 18), (20, 3), (6, 2), (6, 4), (6, 6), (6, 5)], 1),
    ("p, d2d20-3", [(20, 1), (20, 20), (20, 7), (6, 2)], None),
    ("3d6-30", [(6, 1), (6, 1), (6, 2)], None),
])
def test_the_new_format_round_trips(text: str, faces: list[tuple[int, int]],
                                    choose: int | None) -> None:
    result = RollDice(FakeRng(*faces))(text, dc=12)
    if_chosen = result if choose is None else result.choose_plot_face(choose)
    payload = json.loads(json.dumps(encode_result(if_chosen)))
    assert payload["format"] == 2
    assert decode_result(payload) == if_chosen


def test_the_new_format_stores_only_what_cannot_be_derived() -> None:
    result = RollDice(FakeRng((20, 18), (20, 3), (6, 2)))("a1d20+5, p", dc=15)
    assert encode_result(result) == {"format": 2, "notation": "a1d20+5, p", "dc": 15,
                                     "dice": [[[18, 3]]], "plot": {"faces": [2], "kept": 0}}


def entry(n: int, result: JsonObject) -> LogEntry:
    return LogEntry(roll_id=f"r{n:09d}", version=1, kind=EntryKind.ROLL,
                    at=T0 + timedelta(seconds=n), channel_id=7, user_id=1,
                    notation="a1d20+5, 2d6, dp", result=result)


def test_a_chain_of_legacy_then_new_records_verifies() -> None:
    new = encode_result(decode_result(LEGACY_CHOSEN))
    chain = link([entry(1, LEGACY_PENDING), entry(2, LEGACY_CHOSEN), entry(3, new)],
                 "0" * 64, 1)
    assert verify_chain(7, chain).intact
    assert [decode_result(record.entry.result) for record in chain][1:] == [
        decode_result(LEGACY_CHOSEN)] * 2


def test_editing_a_stored_payload_breaks_the_chain() -> None:
    payload = encode_result(decode_result(LEGACY_CHOSEN))
    chain = link([entry(1, LEGACY_PENDING), entry(2, payload)], "0" * 64, 1)
    forged = json.loads(json.dumps(payload))
    forged["dice"][0][0][0] = 20
    tampered = [chain[0], type(chain[1])(entry(2, forged), chain[1].seq, chain[1].prev_hash,
                                         chain[1].hash)]
    verdict = verify_chain(7, tampered)
    assert not verdict.intact
    assert verdict.broken_at == 2


@pytest.mark.parametrize("payload", [
    {}, {"format": 3}, {"format": 2}, {"format": 2, "notation": "1d20", "dc": None,
                                       "dice": [[[25, None]]] * 2, "plot": None},
    {"format": 2, "notation": "1d20", "dc": None, "dice": [[["x", None]]], "plot": None},
    {"format": 2, "notation": "1d20", "dc": None, "dice": [[[5, None]]],
     "plot": {"faces": [2], "kept": 0}},
    {"format": 2, "notation": "99d20", "dc": None, "dice": [], "plot": None},
    {"version": 1, "pools": [], "notation": "1d20"},
])
def test_an_unreadable_payload_is_one_clear_error(payload: JsonObject) -> None:
    with pytest.raises(LogFormatError, match="unreadable roll in the log"):
        decode_result(payload)
    assert readable(payload) is None


# -- Opportunity and Complication ranges --------------------------------------------------------

# What the release before ranges stored and hashed for this roll (kept literally): a roll with
# the default ranges must stay exactly this, so old and new records hash alike.
BEFORE_RANGES_CANONICAL = (
    '{"at":"2025-03-14T12:00:00+00:00","channel_id":7,"dc":null,"entry_id":"r000000001.1",'
    '"guild_id":null,"kind":"roll","label":null,"notation":"d1d20+4, 1d20, p",'
    '"private":false,"result":{"dc":15,"dice":[[[2,19]],[[20,null]]],"format":2,'
    '"notation":"d1d20+4, 1d20, p","plot":{"faces":[1],"kept":0}},"roll_id":"r000000001",'
    '"user_id":1,"version":1}')
BEFORE_RANGES_HASH = "9e40d6a81e9d8d0973cc8b29900b30819c4540d79aa479e00395267216d777a3"


def ranged_entry(result: JsonObject) -> LogEntry:
    return LogEntry(roll_id="r000000001", version=1, kind=EntryKind.ROLL, at=T0, channel_id=7,
                    user_id=1, notation="d1d20+4, 1d20, p", result=result)


def test_default_ranges_encode_and_hash_exactly_as_before() -> None:
    result = RollDice(FakeRng((20, 19), (20, 2), (20, 20), (6, 1)))("d1d20+4, 1d20, p", dc=15)
    assert result.ranges == DEFAULT_RANGES
    stored = encode_result(result)
    assert RANGES_KEY not in stored
    entry = ranged_entry(stored)
    assert entry.canonical().decode() == BEFORE_RANGES_CANONICAL
    assert chain_hash("0" * 64, entry) == BEFORE_RANGES_HASH
    assert decode_result(stored) == result


@pytest.mark.parametrize("ranges", [Ranges(19, 1), Ranges(20, 2), Ranges(15, 5)])
def test_widened_ranges_are_stored_and_read_back(ranges: Ranges) -> None:
    result = RollDice(FakeRng((20, 19), (20, 2), (20, 20), (6, 1)))(
        "d1d20+4, 1d20, p", dc=15, ranges=ranges)
    stored = json.loads(json.dumps(encode_result(result)))
    assert stored[RANGES_KEY] == {"opportunity": ranges.opportunity,
                                  "complication": ranges.complication}
    decoded = decode_result(stored)
    assert decoded == result
    assert decoded.ranges == ranges
    assert [(p.opportunities, p.complications) for p in decoded.pools] == \
        [(p.opportunities, p.complications) for p in result.pools]


def test_widened_ranges_change_the_hash_and_a_forged_range_breaks_the_chain() -> None:
    dice = FakeRng((20, 19), (20, 2), (20, 20), (6, 1))
    wide = encode_result(RollDice(dice)("d1d20+4, 1d20, p", dc=15, ranges=Ranges(19, 1)))
    assert chain_hash("0" * 64, ranged_entry(wide)) != BEFORE_RANGES_HASH
    chain = link([ranged_entry(wide)], "0" * 64, 1)
    forged = json.loads(json.dumps(wide))
    forged[RANGES_KEY]["opportunity"] = 10
    tampered = [type(chain[0])(ranged_entry(forged), chain[0].seq, chain[0].prev_hash,
                               chain[0].hash)]
    assert verify_chain(7, chain).intact
    assert not verify_chain(7, tampered).intact


@pytest.mark.parametrize("ranges", [{"opportunity": 5, "complication": 9},
                                    {"opportunity": 21, "complication": 1},
                                    {"opportunity": "19", "complication": 1},
                                    {"opportunity": 19}])
def test_stored_ranges_that_are_invalid_are_unreadable(ranges: JsonObject) -> None:
    payload = {"format": 2, "notation": "1d20", "dc": None, "dice": [[[19, None]]],
               "plot": None, RANGES_KEY: ranges}
    with pytest.raises(LogFormatError, match="unreadable roll in the log"):
        decode_result(payload)
