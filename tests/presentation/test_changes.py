"""What advantage, disadvantage and rerolls changed on a posted roll, in words."""

from __future__ import annotations

from nazh.domain.amend import PLOT, DieChange
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from nazh.presentation.changes import cancellation_text, cancellations, change_lines, die_name
from tests.fakes import FakeRng, d, script

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE


def posted(notation: str, rng: FakeRng) -> RollResult:
    return roll(parse_roll(notation), rng)


def test_dice_are_named_by_pool_and_place() -> None:
    result = posted("1d20, 2d6, p", script(d(20, 7), d(6, 1, 2), d(6, 3)))
    assert [die_name(result, 0, 0), die_name(result, 1, 1), die_name(result, PLOT, 0)] == [
        "pool 1 d20", "pool 2 d6 #2", "plot die"]


def test_a_cancellation_after_posting_goes_back_to_the_face_before() -> None:
    result = posted("1d20+3", script(d(20, 8)))
    changes = (DieChange(0, 0, A, (8, 14), 1, kept=1), DieChange(0, 0, D, (8,), 2, kept=0))
    assert change_lines(result, changes) == [
        "🔁 pool 1 d20: 8 → [8, 14], kept 14 (advantage, chosen by <@1>)",
        "↔️ pool 1 d20: disadvantage cancelled the advantage, back to 8 (<@2>)"]
    assert cancellations(result, changes) == [
        "disadvantage cancelled the advantage on pool 1 d20"]


def test_a_typed_mode_cancelled_keeps_one_of_its_faces() -> None:
    result = posted("d1d20", script(d(20, 17, 2)))
    changes = (DieChange(0, 0, A, (17,), 1, kept=0),)
    assert change_lines(result, changes) == [
        "↔️ pool 1 d20: advantage cancelled the typed disadvantage, kept 17 (one of its two "
        "faces, at random) (<@1>)"]
    assert cancellation_text(result, changes[0]) == (
        "advantage cancelled the disadvantage on pool 1 d20")


def test_an_older_record_s_cancellation_reads_as_before() -> None:
    """Before typed dice could be cancelled, a cancellation was a NORMAL change with one face
    replacing the advantage's change."""
    result = posted("1d20", script(d(20, 15)))
    changes = (DieChange(0, 0, N, (7,), 2, kept=0),)
    assert change_lines(result, changes) == [
        "↔️ pool 1 d20: disadvantage cancelled the advantage, back to 7 (<@2>)"]


def test_pending_changes_and_rerolls() -> None:
    result = posted("2d6", script(d(6, 3, 4)))
    changes = (DieChange(0, 0, N, (3, 6), 1, kept=1), DieChange(0, 1, D, (4, 1), 2))
    assert change_lines(result, changes) == [
        "🎲 pool 1 d6 #1: 3 rerolled → 6 (<@1>)",
        "⏳ pool 1 d6 #2: 4 → [4, 1] (disadvantage): <@2> chooses which to keep"]
    assert cancellations(result, changes) == []
