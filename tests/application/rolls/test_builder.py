"""The roll builder: each control is a pure transition of a small state."""

from __future__ import annotations

import pytest

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.builder import (
    BUILDER_MAX_MODIFIER,
    DEFAULT_SIDES,
    DIE_CHOICES,
    BuilderAction,
    Builders,
    BuilderState,
    StagedPool,
)
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.errors import NotYourRollError
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Roller, RollStamps
from nazh.application.saved.shelves import SavedRoll, SavedRolls
from nazh.domain.notation import parse_roll
from nazh.domain.spec import DieMode
from tests.app_fakes import FakeClock, FakeInteractionMetrics, FakeRollMetrics, FakeSavedRollStore
from tests.fakes import FakeRng, d

A, N, D = DieMode.ADVANTAGE, DieMode.NORMAL, DieMode.DISADVANTAGE
Act = BuilderAction


def press(state: BuilderState, *actions: BuilderAction) -> BuilderState:
    """The state after pressing each control in turn."""
    for action in actions:
        state = state.apply(action)
    return state


def test_the_default_state_is_one_d20_without_plot_die() -> None:
    state = BuilderState()
    assert state.pools == (StagedPool(1, 20, 0, N),)
    assert state.plot is None
    assert state.notation == "1d20"
    assert state.pool_count == 1
    assert state.current == StagedPool()


# -- the die ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sides", [4, 6, 8, 10, 12, 20, 100])
def test_set_die_sets_the_current_pool_s_die(sides: int) -> None:
    state = BuilderState((StagedPool(2, 8, 3, A), StagedPool(3, 6, -1, N)))
    after = state.apply(Act.SET_DIE, sides)
    assert after.pools == (StagedPool(2, 8, 3, A), StagedPool(3, sides, -1, N))
    assert after.notation == f"a2d8+3, 3d{sides}-1"


def test_the_die_choices_are_the_seven_usual_dice() -> None:
    assert DIE_CHOICES == (4, 6, 8, 10, 12, 20, 100)


@pytest.mark.parametrize("value", [None, 0, 7, 2, 1000, -6])
def test_set_die_with_another_value_falls_back_to_the_default_die(value: int | None) -> None:
    state = BuilderState((StagedPool(2, 6, 1, N),))
    assert state.apply(Act.SET_DIE, value).pools == (StagedPool(2, DEFAULT_SIDES, 1, N),)


# -- dice and modifier -----------------------------------------------------------------------


def test_dice_plus_and_minus_step_the_count() -> None:
    state = BuilderState()
    assert state.apply(Act.DICE_PLUS).current.count == 2
    assert press(state, Act.DICE_PLUS, Act.DICE_PLUS, Act.DICE_MINUS).notation == "2d20"


def test_dice_count_stops_at_1() -> None:
    state = BuilderState()
    assert not state.can(Act.DICE_MINUS)
    assert state.apply(Act.DICE_MINUS) is state


def test_dice_count_stops_at_20() -> None:
    state = press(BuilderState(), *[Act.DICE_PLUS] * 25)
    assert state.current.count == 20
    assert not state.can(Act.DICE_PLUS)
    assert state.can(Act.DICE_MINUS)
    assert state.apply(Act.DICE_PLUS) is state
    assert state.apply(Act.DICE_MINUS).current.count == 19


def test_modifier_plus_and_minus_step_the_modifier() -> None:
    state = BuilderState()
    assert state.apply(Act.MOD_PLUS).notation == "1d20+1"
    assert state.apply(Act.MOD_MINUS).notation == "1d20-1"
    assert press(state, Act.MOD_PLUS, Act.MOD_MINUS).notation == "1d20"


def test_modifier_stops_at_plus_99() -> None:
    state = BuilderState((StagedPool(modifier=98),))
    top = state.apply(Act.MOD_PLUS)
    assert top.current.modifier == BUILDER_MAX_MODIFIER == 99
    assert not top.can(Act.MOD_PLUS)
    assert top.apply(Act.MOD_PLUS) is top
    assert top.can(Act.MOD_MINUS)


def test_modifier_stops_at_minus_99() -> None:
    state = BuilderState((StagedPool(modifier=-98),))
    bottom = state.apply(Act.MOD_MINUS)
    assert bottom.current.modifier == -99
    assert bottom.notation == "1d20-99"
    assert not bottom.can(Act.MOD_MINUS)
    assert bottom.apply(Act.MOD_MINUS) is bottom
    assert bottom.can(Act.MOD_PLUS)


def test_the_controls_edit_only_the_last_pool() -> None:
    state = BuilderState((StagedPool(2, 6, 0, N), StagedPool()))
    after = press(state, Act.DICE_PLUS, Act.MOD_PLUS, Act.ADVANTAGE)
    assert after.pools == (StagedPool(2, 6, 0, N), StagedPool(2, 20, 1, A))
    assert after.notation == "2d6, a2d20+1"


# -- advantage and disadvantage --------------------------------------------------------------


def test_advantage_toggles() -> None:
    state = BuilderState()
    on = state.apply(Act.ADVANTAGE)
    assert on.current.mode is A
    assert on.notation == "a1d20"
    assert on.apply(Act.ADVANTAGE) == state


def test_disadvantage_toggles() -> None:
    state = BuilderState()
    on = state.apply(Act.DISADVANTAGE)
    assert on.current.mode is D
    assert on.notation == "d1d20"
    assert on.apply(Act.DISADVANTAGE) == state


def test_advantage_and_disadvantage_replace_each_other() -> None:
    state = BuilderState()
    assert press(state, Act.ADVANTAGE, Act.DISADVANTAGE).current.mode is D
    assert press(state, Act.DISADVANTAGE, Act.ADVANTAGE).current.mode is A


# -- the plot die ----------------------------------------------------------------------------


def test_the_plot_die_cycles_off_p_ap_dp_off() -> None:
    state = BuilderState()
    seen = []
    for _ in range(5):
        seen.append((state.plot, state.notation, state.pool_count))
        state = state.apply(Act.PLOT)
    assert seen == [
        (None, "1d20", 1),
        (N, "1d20, p", 2),
        (A, "1d20, ap", 2),
        (D, "1d20, dp", 2),
        (None, "1d20", 1),
    ]


def test_the_plot_die_needs_room_among_the_five_pools() -> None:
    full = press(BuilderState(), *[Act.ADD_POOL] * 4)
    assert full.pool_count == 5
    assert not full.can(Act.PLOT)
    assert full.apply(Act.PLOT) is full


def test_a_plot_die_in_a_full_roll_can_still_cycle_and_turn_off() -> None:
    state = press(BuilderState(), Act.PLOT, *[Act.ADD_POOL] * 3)
    assert state.pool_count == 5
    assert state.can(Act.PLOT)
    cycled = press(state, Act.PLOT, Act.PLOT)
    assert cycled.plot is D
    off = cycled.apply(Act.PLOT)
    assert off.plot is None
    assert off.pool_count == 4


# -- pools -----------------------------------------------------------------------------------


def test_add_pool_appends_a_default_pool_up_to_five() -> None:
    state = BuilderState((StagedPool(2, 6, 3, N),))
    counts = []
    for _ in range(6):
        counts.append(state.pool_count)
        state = state.apply(Act.ADD_POOL)
    assert counts == [1, 2, 3, 4, 5, 5]
    assert state.pools == (StagedPool(2, 6, 3, N), *[StagedPool()] * 4)
    assert state.notation == "2d6+3, 1d20, 1d20, 1d20, 1d20"
    assert not state.can(Act.ADD_POOL)


def test_the_plot_die_counts_as_a_pool() -> None:
    state = press(BuilderState(), Act.PLOT, *[Act.ADD_POOL] * 5)
    assert len(state.pools) == 4
    assert state.pool_count == 5
    assert state.notation == "1d20, 1d20, 1d20, 1d20, p"
    assert not state.can(Act.ADD_POOL)


def test_remove_last_drops_the_last_pool() -> None:
    state = BuilderState((StagedPool(2, 6, 3, N), StagedPool(1, 8, 0, A)), plot=N)
    after = state.apply(Act.REMOVE_LAST)
    assert after.pools == (StagedPool(2, 6, 3, N),)
    assert after.plot is N
    assert after.current == StagedPool(2, 6, 3, N)


def test_remove_last_keeps_at_least_one_pool() -> None:
    state = BuilderState((StagedPool(2, 6, 3, N),))
    assert not state.can(Act.REMOVE_LAST)
    assert state.apply(Act.REMOVE_LAST) is state


def test_clear_returns_to_the_default_state() -> None:
    state = BuilderState((StagedPool(2, 6, 3, N), StagedPool(1, 8, -2, A)), plot=D)
    assert state.can(Act.CLEAR)
    assert state.apply(Act.CLEAR) == BuilderState()


def test_clear_is_disabled_on_the_default_state() -> None:
    assert not BuilderState().can(Act.CLEAR)
    assert BuilderState(plot=N).can(Act.CLEAR)
    assert BuilderState((StagedPool(modifier=1),)).can(Act.CLEAR)


# -- can() -----------------------------------------------------------------------------------


def test_can_on_the_default_state() -> None:
    state = BuilderState()
    assert {action: state.can(action) for action in BuilderAction} == {
        Act.SET_DIE: True,
        Act.DICE_MINUS: False,
        Act.DICE_PLUS: True,
        Act.MOD_MINUS: True,
        Act.MOD_PLUS: True,
        Act.ADVANTAGE: True,
        Act.DISADVANTAGE: True,
        Act.PLOT: True,
        Act.ADD_POOL: True,
        Act.REMOVE_LAST: False,
        Act.CLEAR: False,
    }


def test_can_on_a_full_state_at_its_bounds() -> None:
    state = BuilderState((StagedPool(20, 100, -99, D),) * 5)
    assert {action: state.can(action) for action in BuilderAction} == {
        Act.SET_DIE: True,
        Act.DICE_MINUS: True,
        Act.DICE_PLUS: False,
        Act.MOD_MINUS: False,
        Act.MOD_PLUS: True,
        Act.ADVANTAGE: True,
        Act.DISADVANTAGE: True,
        Act.PLOT: False,
        Act.ADD_POOL: False,
        Act.REMOVE_LAST: True,
        Act.CLEAR: True,
    }


def test_every_reachable_notation_parses() -> None:
    state = BuilderState()
    for action in (Act.ADVANTAGE, Act.MOD_PLUS, Act.ADD_POOL, Act.DICE_PLUS, Act.PLOT,
                   Act.PLOT, Act.ADD_POOL, Act.DISADVANTAGE, Act.MOD_MINUS):
        state = state.apply(action)
        assert parse_roll(state.notation).notation == state.notation


# -- from_notation ---------------------------------------------------------------------------


@pytest.mark.parametrize("notation", [
    "1d20",
    "a1d20+5, 2d6, p",
    "d1d20-3, ap",
    "1d20, dp",
    "20d100-99, 20d100+99",
    "1d4, 1d6, 1d8, 1d10, 1d12",
    "1d4, 1d6, 1d8, 1d100, p",
    "a2d20",
])
def test_from_notation_round_trips(notation: str) -> None:
    assert BuilderState.from_notation(notation).notation == notation


def test_from_notation_stages_each_pool() -> None:
    state = BuilderState.from_notation("a1d20+5, 2d6, ap")
    assert state == BuilderState((StagedPool(1, 20, 5, A), StagedPool(2, 6, 0, N)), A)


def test_from_notation_normalises_case_spaces_and_moves_the_plot_die_last() -> None:
    assert BuilderState.from_notation("  P , 2D6 + 3").notation == "2d6+3, p"


def test_from_notation_of_a_lone_plot_die_stages_it_with_the_default_pool() -> None:
    assert BuilderState.from_notation("p") == BuilderState(plot=N)


@pytest.mark.parametrize("notation", [
    "",
    "nonsense",
    "21d6",
    "1d7",
    "1d1000",
    "1d20+100",
    "1d20-100",
    "ad2d20",
    "da2d20",
    "1d20, 1d20, 1d20, 1d20, 1d20, 1d20",
    "1d20, p, p",
])
def test_an_unstageable_notation_gives_the_default_builder(notation: str) -> None:
    assert BuilderState.from_notation(notation) == BuilderState()


# -- the Builders use case -------------------------------------------------------------------


OWNER, STRANGER = 11, 12


def builders(rng: FakeRng, *saved: SavedRoll) -> tuple[Builders, FakeInteractionMetrics,
                                                       FakeRollMetrics]:
    interactions, rolls = FakeInteractionMetrics(), FakeRollMetrics()
    clock = FakeClock()
    saved_rolls = SavedRolls(FakeSavedRollStore(*saved))
    table = RollActions(RollDice(rng), InMemoryRollStore(clock), RollStamps(clock, rng), rolls,
                       saved_rolls)
    return Builders(table, saved_rolls, interactions), interactions, rolls


async def test_opening_a_builder_is_counted_and_prefilled() -> None:
    use_case, interactions, _ = builders(FakeRng())
    state = await use_case.open("a1d20+5, 2d6", OWNER, add_plot=True)
    assert state.notation == "a1d20+5, 2d6, p"
    assert interactions.builders == 1


async def test_a_builder_opens_on_a_saved_roll() -> None:
    use_case, _, _ = builders(FakeRng(), SavedRoll(OWNER, "stealth", "a1d20+6"))
    assert (await use_case.open("@stealth", OWNER)).notation == "a1d20+6"


def test_only_the_owner_presses_the_controls() -> None:
    use_case, _, _ = builders(FakeRng())
    state = use_case.press(OWNER, OWNER, BuilderState(), BuilderAction.DICE_PLUS)
    assert state.notation == "2d20"
    with pytest.raises(NotYourRollError, match="only the person who opened this builder"):
        use_case.press(OWNER, STRANGER, state, BuilderAction.DICE_PLUS)


async def test_rolling_the_builder_is_counted_as_a_builder_roll() -> None:
    use_case, _, rolls = builders(FakeRng(*d(20, 7, 9), *d(32, *range(1, 11))))
    state = BuilderState().apply(BuilderAction.DICE_PLUS)
    record = await use_case.roll(OWNER, Roller(OWNER, 5), state)
    assert [die.kept for die in record.result.pools[0].dice] == [7, 9]
    assert rolls.rolled_sources == [RollSource.BUILDER]
    with pytest.raises(NotYourRollError):
        await use_case.roll(OWNER, Roller(STRANGER, 5), state)
