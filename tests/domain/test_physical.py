"""Dice rolled at the table: their faces read, checked against the roll (count and each die's
range) before anything is rolled, and fed to the evaluator in its order, so the rules apply
to them as to Nazh's dice."""

from __future__ import annotations

import pytest

from nazh.domain.notation import parse_roll
from nazh.domain.physical import (
    MAX_FACES_TEXT,
    PhysicalDiceError,
    TableDice,
    check_faces,
    described,
    draws_of,
    parse_faces,
)
from nazh.domain.plot import PlotOutcome
from nazh.domain.rolling import roll


@pytest.mark.parametrize(("text", "faces"), [
    ("17,5", (17, 5)), (" 17 , 5 ", (17, 5)), ("3 4 5", (3, 4, 5)), ("20", (20,)),
])
def test_faces_are_read_from_commas_or_spaces(text: str, faces: tuple[int, ...]) -> None:
    assert parse_faces(text) == faces


@pytest.mark.parametrize(("text", "message"), [
    ("", "no faces given"), (" , ", "no faces given"), ("17,x", "'x' is not a die's face"),
    ("-3", "'-3' is not a die's face"), ("٣", "is not a die's face"),
    ("1," * MAX_FACES_TEXT, f"at most {MAX_FACES_TEXT} characters"),
])
def test_what_is_not_faces_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(PhysicalDiceError, match=message):
        parse_faces(text)


def test_the_draws_follow_the_evaluators_order() -> None:
    spec = parse_roll("a1d20+5, 2d6, ap")
    assert draws_of(spec) == (20, 20, 6, 6, 6, 6)
    assert described(spec) == "a1d20+5 (2 faces), 2d6 (2 faces), the plot die (2 faces)"


@pytest.mark.parametrize(("notation", "faces", "message"), [
    ("1d20+5", (17, 5), r"2 face\(s\) given, 1d20\+5 takes 1: 1d20\+5 \(1 face\)"),
    ("1d20, p", (17,), r"takes 2: 1d20 \(1 face\), the plot die \(1 face\)"),
    ("1d20, 1d6", (21, 3), "face 1 is 21, but that die is a d20"),
    ("1d20, 1d6", (20, 7), "face 2 is 7, but that die is a d6"),
    ("1d20", (0,), "face 1 is 0"),
])
def test_faces_that_do_not_fit_the_roll_are_refused(notation: str, faces: tuple[int, ...],
                                                    message: str) -> None:
    with pytest.raises(PhysicalDiceError, match=message):
        check_faces(parse_roll(notation), faces)


def test_the_rules_apply_to_the_faces_entered() -> None:
    spec = parse_roll("a1d20+5, 2d6+1, p")
    faces = (8, 19, 2, 6, 2)
    check_faces(spec, faces)
    result = roll(spec, TableDice(faces), dc=28)
    test, damage = result.pools
    assert [die.kept for die in test.dice] == [19]
    assert [die.dropped for die in test.dice] == [8]
    assert test.total == 19 + 5 + 4  # the plot die's 2: a Complication, +4 to the test
    assert test.success is True
    assert damage.total == 9
    assert result.plot is not None
    assert result.plot.outcome is PlotOutcome.COMPLICATION


def test_a_draw_without_a_face_left_is_refused() -> None:
    dice = TableDice((3,))
    assert dice.roll(6) == 3
    with pytest.raises(PhysicalDiceError, match="needs more faces"):
        dice.roll(6)
    with pytest.raises(PhysicalDiceError, match="face 1 is 9, but that die is a d6"):
        TableDice((9,)).roll(6)
