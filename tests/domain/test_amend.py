"""Advantage and disadvantage on one die of a posted roll."""

from __future__ import annotations

import pytest

from nazh.domain.amend import (
    PLOT,
    DieChange,
    apply,
    choose,
    eligible,
    reroll,
    rerollable,
    settled,
)
from nazh.domain.errors import RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from tests.fakes import FakeRng

ADV, DIS = DieMode.ADVANTAGE, DieMode.DISADVANTAGE


def posted(notation: str, *faces: tuple[int, int], dc: int | None = None) -> RollResult:
    return roll(parse_roll(notation), FakeRng(*faces), dc)


def test_only_untagged_dice_without_a_change_are_eligible() -> None:
    result = posted("a1d20+5, 2d6", (20, 7), (20, 12), (6, 3), (6, 4))
    assert [(r.pool, r.die, r.face) for r in eligible(result, (), ADV)] == [(1, 0, 3), (1, 1, 4)]


def test_the_die_is_rolled_again_and_the_chooser_keeps_either_face() -> None:
    result = posted("1d20+5", (20, 7), dc=15)
    changes = apply(result, (), (0, 0), ADV, by=9, rng=FakeRng((20, 15)))
    assert changes == (DieChange(0, 0, ADV, (7, 15), 9),)
    assert settled(result, changes).pools[0].total == 12  # pending: unchanged
    assert eligible(result, changes, ADV) == []  # nothing else while pending
    lower = settled(result, choose(changes, 0))
    assert (lower.pools[0].total, lower.pools[0].success) == (12, False)
    higher = settled(result, choose(changes, 1))
    assert (higher.pools[0].total, higher.pools[0].success) == (20, True)
    die = higher.pools[0].dice[0]
    assert (die.mode, die.kept, die.dropped) == (ADV, 15, 7)


def test_opportunities_and_complications_follow_the_kept_face() -> None:
    result = posted("1d20", (20, 7))
    changes = choose(apply(result, (), (0, 0), ADV, 1, FakeRng((20, 20))), 1)
    assert settled(result, changes).pools[0].opportunities == 1


def test_a_disadvantage_cancels_an_advantage_given_after_posting() -> None:
    result = posted("1d20", (20, 7))
    given = choose(apply(result, (), (0, 0), ADV, 1, FakeRng((20, 15))), 1)
    after = settled(result, given)
    [ref] = eligible(after, given, DIS)
    assert ref.cancels
    cancelled = apply(after, given, (0, 0), DIS, 2, FakeRng())
    assert cancelled == (DieChange(0, 0, DieMode.NORMAL, (7,), 2, kept=0),)
    final = settled(after, cancelled)
    assert (final.pools[0].dice[0].mode, final.pools[0].total) == (DieMode.NORMAL, 7)
    assert eligible(final, cancelled, ADV) == []  # one change per die


def test_the_plot_die_can_take_one() -> None:
    result = posted("1d20, p", (20, 10), (6, 3))  # plot die 3: blank
    [*_, plot] = eligible(result, (), ADV)
    assert (plot.pool, plot.face) == (PLOT, 3)
    changes = choose(apply(result, (), (PLOT, 0), ADV, 1, FakeRng((6, 2))), 1)
    final = settled(result, changes)
    assert final.plot is not None
    assert (final.plot.face, final.plot_bonus) == (2, 4)  # Complication +4 kept
    assert final.pools[0].total == 14


def test_refusals() -> None:
    result = posted("a1d20, 1d6", (20, 7), (20, 12), (6, 3))
    with pytest.raises(RollStateError, match="that die cannot take advantage now"):
        apply(result, (), (0, 0), ADV, 1, FakeRng())  # already has advantage
    with pytest.raises(RollStateError, match="that die cannot take disadvantage now"):
        apply(result, (), (4, 0), DIS, 1, FakeRng())  # no such pool
    with pytest.raises(RollStateError, match="no die is waiting for a choice"):
        choose((), 0)
    pending = apply(result, (), (1, 0), ADV, 1, FakeRng((6, 6)))
    with pytest.raises(RollStateError, match="first or the second face"):
        choose(pending, 2)


def test_a_reroll_replaces_the_face_once_per_die() -> None:
    result = posted("1d20, 1d6", (20, 7), (6, 2))
    changes = reroll(result, (), 1, 0, 5, FakeRng((6, 5)))
    final = settled(result, changes)
    assert final.pools[1].total == 5
    assert [(r.pool, r.die) for r in rerollable(final, changes)] == [(0, 0)]
    with pytest.raises(RollStateError, match="cannot be rerolled now"):
        reroll(final, changes, 1, 0, 5, FakeRng())
