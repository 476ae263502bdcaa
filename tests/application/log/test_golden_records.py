"""Records of every kind, as the roll log has kept them (checked in, with their canonical bytes
and hashes): each decodes, re-encodes byte for byte and hashes as it was kept. A change to how
a roll's data is carried (its terms, the record, the format) must keep every stored record
exactly as it was: the hash chain covers them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.log.chain import GENESIS_HASH, chain_hash
from nazh.application.log.format import decode_entry, encode_entry
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.shared.json_types import JsonObject
from tests.application.log.kit import CASES

CURRENT = [case for case in CASES if not case["case"].startswith("legacy")]
KINDS = {"secret", "changes", "attack", "spent", "injury", "character", "encounter", "ranges",
         "request", "physical", "target", "maneuver", "carried", "circumstances", "targets",
         "wielded"}


def test_the_records_hold_every_kind_of_roll_data() -> None:
    held = {key for case in CASES for key in case["entry"]["result"]}
    assert held >= KINDS
    assert {case["entry"]["kind"] for case in CASES} >= {
        "roll", "plot_added", "plot_chosen", "revealed", "die_rerolled", "die_kept",
        "attack_recorded", "spent"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["case"])
def test_a_kept_record_hashes_as_it_was_kept(case: JsonObject) -> None:
    entry = decode_entry(case["entry"])
    assert entry.canonical().decode("utf-8") == case["canonical"]
    assert chain_hash(GENESIS_HASH, entry) == case["hash"]
    assert encode_entry(entry) == case["entry"]


@pytest.mark.parametrize("case", CURRENT, ids=lambda case: case["case"])
def test_a_kept_record_reads_back_and_encodes_byte_for_byte(case: JsonObject) -> None:
    entry = decode_entry(case["entry"])
    again = entry_of(replace(record_of(entry), change=entry.kind))
    assert again.canonical() == entry.canonical()
    assert chain_hash(GENESIS_HASH, again) == case["hash"]


