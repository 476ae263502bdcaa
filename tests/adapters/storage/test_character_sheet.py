"""The store's format of a character sheet: every sheet the rules accept comes back equal,
through the JSON the database keeps; another format is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from nazh.adapters.storage.character_sheet import (
    SHEET_FORMAT,
    SheetFormatError,
    sheet_document,
    sheet_of,
)
from nazh.adapters.storage.database import canonical_json
from nazh.domain.character import Character, Defense, Kind, Weapon
from nazh.domain.derivation import Pool
from tests.character_sheets import sheets


@given(sheets())
def test_every_sheet_comes_back_equal_through_the_kept_json(sheet: Character) -> None:
    kept = json.loads(canonical_json(sheet_document(sheet)))
    assert sheet_of(kept) == sheet
    assert sheet_of(kept).check() == sheet


def test_the_document_names_its_format_and_keeps_derived_maxima_as_null() -> None:
    sheet = Character.new("Kaladin", Kind.CHARACTER)
    document = sheet_document(sheet)
    assert document["format"] == SHEET_FORMAT
    assert document["health"] == {"current": sheet.health.current, "maximum": None}
    assert document["attributes"] == {"str": 0, "spd": 0, "int": 0, "wil": 0, "awa": 0,
                                      "pre": 0}


def test_order_is_kept_where_it_counts() -> None:
    sheet = Character.new("Shallan").check()
    sheet = Character(
        sheet.name, defenses=((Defense.SPIRITUAL, 15), (Defense.PHYSICAL, 12)),
        weapons=(Weapon("Pattern", "deception", "1d4"), Weapon("Knife", "light-weaponry",
                                                                "1d4", "keen", False,
                                                                ("quickdraw",))),
        expertises=("Art", "Lightweaving"), health=Pool(5), focus=Pool(1),
    ).check()
    kept = sheet_of(json.loads(canonical_json(sheet_document(sheet))))
    assert kept.defenses == ((Defense.SPIRITUAL, 15), (Defense.PHYSICAL, 12))
    assert [w.name for w in kept.weapons] == ["Pattern", "Knife"]
    assert kept == sheet


@pytest.mark.parametrize("document", [
    {**sheet_document(Character.new("Adolin")), "format": SHEET_FORMAT + 1},
    {"name": "Adolin"},
    {**sheet_document(Character.new("Adolin")), "kind": "dragon"},
    {**sheet_document(Character.new("Adolin")), "skills": None},
])
def test_another_format_or_a_damaged_sheet_is_refused(document: dict[str, object]) -> None:
    with pytest.raises(SheetFormatError):
        sheet_of(document)
