"""The tally leaves out the rolls of dice rolled at the table: the fairness statistics (/stats,
``nazh audit``) judge only Nazh's own dice."""

from __future__ import annotations

from datetime import UTC, datetime

from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.terms.kind import NO_TERMS, Terms, terms_of
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.application.stats.tally import ROLLS, Tallier
from tests.fakes import FakeRng

AT = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
ROLLER = Roller(111, 222, 333)


def rolled(roll_id: str, faces: tuple[int, ...], terms: Terms) -> RollRecord:
    result = RollDice(FakeRng())("1d20+5, 1d6", faces=faces)
    return RollRecord(roll_id, ROLLER, "1d20+5, 1d6", result, AT, terms=terms)


def test_a_roll_at_the_table_adds_nothing_to_the_statistics() -> None:
    nazh = entry_of(rolled("aaaaaaaaaa", (20, 6), NO_TERMS))
    table = entry_of(rolled("bbbbbbbbbb", (1, 1), terms_of((PHYSICAL, TableFaces((1, 1))))))
    counted = Tallier().tally([nazh, table])
    faces = {(die, face): n for (_, die, face), n in counted.faces.items()}
    assert faces == {(ROLLS, 0): 1, ("d20", 20): 1, ("d6", 6): 1}
    assert [luck.roll_id for luck in counted.rolls] == ["aaaaaaaaaa"]
    assert not Tallier().tally([table])
