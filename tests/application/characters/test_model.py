"""A character as kept: its name and whether it is an adversary come from its sheet; what a roll
changed on a sheet reads as one line."""

from __future__ import annotations

from nazh.application.characters.model import CharacterRecord
from nazh.application.rolls.model import SheetChange
from tests.roll_sheets_kit import fiend, veyla


def test_a_record_is_named_after_its_sheet_and_knows_an_adversary() -> None:
    player = CharacterRecord("k3v9x0q2md", 42, 7, veyla())
    adversary = CharacterRecord("f1e2n3d4x5", 42, 9, fiend())
    assert (player.name, player.adversary) == ("Veyla Tarn", False)
    assert (adversary.name, adversary.adversary) == ("Chasmfiend", True)
    assert (player.shared, player.version, player.updated_at) == (False, 1, None)


def test_a_sheet_change_reads_as_each_field_s_old_and_new_value() -> None:
    change = SheetChange("Veyla Tarn", (("focus", "3", "2"), ("health", "10", "8")))
    assert change.text == "Veyla Tarn: focus 3 → 2, health 10 → 8"


def test_a_change_that_moved_nothing_says_why() -> None:
    assert SheetChange("Veyla Tarn", ()).text == "Veyla Tarn: nothing changed"
    assert SheetChange("Veyla Tarn", (), "focus already at its maximum").text == (
        "Veyla Tarn: focus already at its maximum")
