"""Custom ids: every control round-trips, stays within 100 characters, and junk is None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.adapters.discord.features import decode
from nazh.adapters.discord.rolls.builder import (
    BuilderControl,
    builder_control,
    decode_state,
    encode_state,
)
from nazh.adapters.discord.rolls.result import ON_A_PANEL, RollAction, RollControl, roll_control
from nazh.adapters.discord.runtime.controls import MAX_CUSTOM_ID, PREFIX
from nazh.application.rolls.builder import DIE_CHOICES, BuilderAction, BuilderState, StagedPool
from nazh.domain import limits
from nazh.domain.spec import DieMode

MAX_OWNER = 2**63 - 1
ROLL_ID = "k3v9x0q2md"
MAX_STATE = BuilderState((StagedPool(20, 100, -99, DieMode.DISADVANTAGE),) * 5)
MAX_STATE_WITH_PLOT = BuilderState((StagedPool(20, 100, 99, DieMode.ADVANTAGE),) * 4,
                                   DieMode.DISADVANTAGE)
BUILDER_BUTTONS: list[BuilderAction | None] = [*BuilderAction, None]

# -- roll controls ---------------------------------------------------------------------------


@pytest.mark.parametrize("action", [RollAction.ADD_PLOT, RollAction.COPY, RollAction.MODAL])
def test_a_roll_control_round_trips(action: RollAction) -> None:
    custom_id = roll_control(action, ROLL_ID)
    assert custom_id == f"nz1:{action.value}:{ROLL_ID}"
    assert decode(custom_id) == RollControl(action, ROLL_ID, 0)


@pytest.mark.parametrize("index", [0, 1])
def test_a_keep_face_control_round_trips_with_its_index(index: int) -> None:
    custom_id = roll_control(RollAction.KEEP_FACE, ROLL_ID, index)
    assert custom_id == f"nz1:keep:{ROLL_ID}:{index}"
    assert decode(custom_id) == RollControl(RollAction.KEEP_FACE, ROLL_ID, index)


def test_roll_controls_are_short() -> None:
    for action in RollAction:
        assert len(roll_control(action, ROLL_ID, 1)) <= MAX_CUSTOM_ID
    for action in ON_A_PANEL:  # a GM panel's, naming the largest message id
        assert len(roll_control(action, ROLL_ID, 1, 2**64 - 1)) <= MAX_CUSTOM_ID


MESSAGE_ID = 1_300_000_000_000_000_001


@pytest.mark.parametrize("action", sorted(ON_A_PANEL, key=str))
@pytest.mark.parametrize("index", [0, 1])
def test_a_gm_panels_control_round_trips_with_the_result_it_acts_on(action: RollAction,
                                                                     index: int) -> None:
    custom_id = roll_control(action, ROLL_ID, index, MESSAGE_ID)
    assert custom_id.endswith(f":{MESSAGE_ID}")
    indexed = index if f"{ROLL_ID}:{index}:" in custom_id else 0
    assert decode(custom_id) == RollControl(action, ROLL_ID, indexed, MESSAGE_ID)


# -- builder controls ------------------------------------------------------------------------


@pytest.mark.parametrize("action", BUILDER_BUTTONS)
@pytest.mark.parametrize("state", [BuilderState(), MAX_STATE, MAX_STATE_WITH_PLOT,
                                   BuilderState(plot=DieMode.NORMAL)])
@pytest.mark.parametrize("owner", [0, 1, 35, 36, 80351110224678912, MAX_OWNER])
def test_a_builder_control_round_trips(action: BuilderAction | None, state: BuilderState,
                                       owner: int) -> None:
    custom_id = builder_control(action, owner, state)
    assert len(custom_id) <= MAX_CUSTOM_ID
    assert decode(custom_id) == BuilderControl(action, owner, state)


def test_the_default_state_encoding() -> None:
    assert builder_control(BuilderAction.DICE_PLUS, 5, BuilderState()) == "nz1:b:n+:5:-15n2r"
    assert builder_control(None, 36, BuilderState()) == "nz1:b:go:10:-15n2r"


def test_the_largest_state_fits_with_room_to_spare() -> None:
    longest = max(len(builder_control(action, MAX_OWNER, MAX_STATE))
                  for action in BUILDER_BUTTONS)
    assert longest <= MAX_CUSTOM_ID
    assert encode_state(MAX_STATE) == "-" + "k6d00" * 5


@st.composite
def staged_pools(draw: st.DrawFn) -> StagedPool:
    return StagedPool(
        draw(st.integers(limits.MIN_DICE, limits.MAX_DICE)),
        draw(st.sampled_from(DIE_CHOICES)),
        draw(st.integers(-99, 99)),
        draw(st.sampled_from(DieMode)),
    )


@st.composite
def builder_states(draw: st.DrawFn) -> BuilderState:
    plot = draw(st.one_of(st.none(), st.sampled_from(DieMode)))
    most = limits.MAX_POOLS - (plot is not None)
    pools = draw(st.lists(staged_pools(), min_size=1, max_size=most))
    return BuilderState(tuple(pools), plot)


@given(builder_states(), st.sampled_from(BUILDER_BUTTONS), st.integers(0, MAX_OWNER))
def test_any_builder_state_round_trips(state: BuilderState, action: BuilderAction | None,
                                       owner: int) -> None:
    custom_id = builder_control(action, owner, state)
    assert len(custom_id) <= MAX_CUSTOM_ID
    assert custom_id.startswith(f"{PREFIX}:b:")
    assert decode(custom_id) == BuilderControl(action, owner, state)
    assert decode_state(encode_state(state)) == state


# -- junk ------------------------------------------------------------------------------------


@pytest.mark.parametrize("custom_id", [
    "",
    "nz1",
    "nz1:",
    "nz1::",
    "nz2:copy:k3v9x0q2md",
    "NZ1:copy:k3v9x0q2md",
    "xnz1:copy:k3v9x0q2md",
    "other-bot:copy:k3v9x0q2md",
    "nz1:copy:",
    "nz1:copy:k3v9x0q2md:1",
    # a GM panel's controls only, naming a message id (17 to 20 ASCII digits)
    f"nz1:copy:k3v9x0q2md:{MESSAGE_ID}",
    f"nz1:adv:k3v9x0q2md:{MESSAGE_ID}",
    "nz1:plot:k3v9x0q2md:1234",
    "nz1:plot:k3v9x0q2md:123456789012345678901",
    "nz1:plot:k3v9x0q2md:１３００００００００００００００００００１",
    f"nz1:plot:k3v9x0q2md:{MESSAGE_ID}:1",
    f"nz1:keep:k3v9x0q2md:{MESSAGE_ID}",
    "nz1:nope:k3v9x0q2md",
    "nz1:keep:k3v9x0q2md",
    "nz1:keep:k3v9x0q2md:2",
    "nz1:keep:k3v9x0q2md:-1",
    "nz1:keep:k3v9x0q2md:01",
    "nz1:keep::0",
    "nz1:b",
    "nz1:b:",
    "nz1:b:n+",
    "nz1:b:n+:5",
    "nz1:b:n+:5:",
    "nz1:b:n+:5:-15n2r:extra",
    "nz1:b:zz:5:-15n2r",
    "nz1:b:n+::-15n2r",
    "nz1:b:n+:5:-",
    "nz1:b:n+:5:-15n2",          # truncated pool
    "nz1:b:n+:5:-15n2r15n2",     # truncated second pool
    "nz1:b:n+:5:15n2r",          # no plot code
    "nz1:b:n+:5:x15n2r",         # bad plot code
    "nz1:b:n+:5:-05n2r",         # 0 dice
    "nz1:b:n+:5:-l5n2r",         # 21 dice
    "nz1:b:n+:5:-17n2r",         # die index 7 (only 0-6)
    "nz1:b:n+:5:-1xn2r",         # die index not a digit
    "nz1:b:n+:5:-15x2r",         # bad mode
    "nz1:b:n+:5:-15A2r",         # upper-case mode
    "nz1:b:n+:5:-15n5r",         # modifier +108
    "nz1:b:n+:5:-15nZZ",         # upper-case digits
    "nz1:b:n+:5:-15n!!",         # not digits
    "nz1:b:n+:A:-15n2r",         # upper-case owner
    "nz1:b:n+:-5:-15n2r",        # negative owner
    "nz1:b:n+:12345678901234:-15n2r",  # 14-digit owner
    "nz1:b:n+:5:-" + "15n2r" * 6,      # six pools
    "nz1:b:n+:5:p" + "15n2r" * 5,      # five pools and a plot die
    "nz1:copy:" + "k" * 92,            # 101 characters
    "nz1:b:n+:5:-15n2r" + " ",
])
def test_anything_else_decodes_to_none(custom_id: str) -> None:
    assert decode(custom_id) is None


@pytest.mark.parametrize(("code", "modifier"), [("00", -99), ("2r", 0), ("5i", 99)])
def test_the_modifier_bounds_decode(code: str, modifier: int) -> None:
    assert decode(f"nz1:b:n+:5:-15n{code}") == BuilderControl(
        BuilderAction.DICE_PLUS, 5, BuilderState((StagedPool(1, 20, modifier),)))


def test_a_100_character_id_decodes_and_101_does_not() -> None:
    roll_id = "k" * (MAX_CUSTOM_ID - len("nz1:copy:"))
    assert decode(f"nz1:copy:{roll_id}") == RollControl(RollAction.COPY, roll_id)
    assert decode(f"nz1:copy:{roll_id}k") is None


@pytest.mark.parametrize("text", ["", "-", "p", "-15n2", "?15n2r", "-15n2r1"])
def test_decode_state_of_junk_is_none(text: str) -> None:
    assert decode_state(text) is None


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120))
def test_decode_never_raises_on_printable_ascii(tail: str) -> None:
    for custom_id in (tail, f"nz1:{tail}", f"nz1:b:{tail}", f"nz1:b:n+:5:{tail}",
                      f"nz1:b:n+:5:-{tail}"):
        result = decode(custom_id)
        assert result is None or isinstance(result, RollControl | BuilderControl)


@pytest.mark.parametrize("die", ["²", "①", "٣", "５"])
def test_a_non_ascii_digit_as_die_index_decodes_to_none(die: str) -> None:
    custom_id = f"nz1:b:die:5:-1{die}n2r"
    assert decode(custom_id) is None
