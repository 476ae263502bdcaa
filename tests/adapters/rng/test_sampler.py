"""Fairness of the sampling code: no modulo bias, chi-square per die size, fork safety."""

from __future__ import annotations

import json
import math
import os
import random
from collections import Counter
from collections.abc import Callable
from itertools import repeat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.adapters.rng.sampler import (
    BYTE_VALUES,
    WORD_VALUES,
    BlockSampler,
    acceptance_limit,
    face_of,
)
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.adapters.rng.kit import DIE_SIZES

SEED = 20_240_601

# Upper 0.1 % points of the chi-square distribution (standard tables), by degrees of freedom.
CHI_SQUARE_999 = {1: 10.828, 3: 16.266, 5: 20.515, 7: 24.322, 9: 27.877, 11: 31.264,
                  19: 43.820, 99: 148.230}
Z_999 = 3.090232306167813  # the standard normal's upper 0.1 % point


def wilson_hilferty(df: int) -> float:
    """The chi-square upper 0.1 % point by the Wilson-Hilferty approximation."""
    spread = 2 / (9 * df)
    return df * (1 - spread + Z_999 * math.sqrt(spread)) ** 3


def critical_value(df: int) -> float:
    """The tabulated value when there is one, else Wilson-Hilferty (accurate for large df)."""
    return CHI_SQUARE_999.get(df) or wilson_hilferty(df)


def chi_square(counts: Counter[int], sides: int) -> float:
    """Pearson's statistic of ``counts`` against the uniform distribution on ``1..sides``."""
    total = sum(counts.values())
    expected = total / sides
    return sum((counts[face] - expected) ** 2 / expected for face in range(1, sides + 1))


def samples_for(sides: int) -> int:
    return max(20_000, 200 * sides)


# -- the chi-square machinery itself --------------------------------------------------------


@pytest.mark.parametrize(("df", "tabulated"), sorted(CHI_SQUARE_999.items()))
def test_wilson_hilferty_is_close_to_the_tables(df: int, tabulated: float) -> None:
    assert wilson_hilferty(df) == pytest.approx(tabulated, rel=0.035)
    assert wilson_hilferty(df) >= tabulated  # errs on the lenient side, never flags a fair die


def test_the_statistic_of_a_perfectly_flat_sample_is_zero() -> None:
    assert chi_square(Counter({1: 5, 2: 5, 3: 5}), 3) == 0
    assert chi_square(Counter({1: 10, 2: 0}), 2) == 10


# -- chi-square per die size, through the seeded source's sampling path ------------------------


def faces_one_by_one(sides: int, count: int) -> list[int]:
    """Faces as the plot die and the die-by-die evaluator draw them: ``roll`` per face."""
    source = SeededRandomSource(SEED)
    return [source.roll(sides) for _ in range(count)]


def faces_through_the_engine(sides: int, count: int) -> list[int]:
    """Faces as a roll draws them: ``20dS`` pools through the evaluator (``roll_many``)."""
    source = SeededRandomSource(SEED)
    spec = parse_roll(f"20d{sides}")
    return [die.kept for _ in range(count // 20) for die in roll(spec, source).pools[0].dice]


@pytest.mark.parametrize("draw", [faces_one_by_one, faces_through_the_engine],
                         ids=["roll", "engine"])
@pytest.mark.parametrize("sides", DIE_SIZES)
def test_faces_are_uniform_by_chi_square(
    sides: int, draw: Callable[[int, int], list[int]]
) -> None:
    counts = Counter(draw(sides, samples_for(sides)))
    assert sum(counts.values()) == samples_for(sides)
    assert set(counts) == set(range(1, sides + 1))
    statistic = chi_square(counts, sides)
    assert statistic < critical_value(sides - 1), (sides, statistic)


def test_the_chi_square_test_catches_a_modulo_biased_die() -> None:
    # Control: a d200 from one byte by plain modulo gives faces 1-56 twice the odds.
    stream = random.Random(SEED).randbytes(samples_for(200))
    counts = Counter(byte % 200 + 1 for byte in stream)
    assert chi_square(counts, 200) > 10 * critical_value(199)


# -- the face mapping has no modulo bias ----------------------------------------------------------


def assert_every_face_gets_the_same_share(sides: int, space: int) -> None:
    counts = Counter(map(face_of, range(space), repeat(sides)))
    limit = acceptance_limit(sides)
    rejected = counts.pop(None, 0)
    assert rejected == space - limit, sides
    assert rejected < sides, sides  # the largest multiple of sides is used
    assert set(counts) == set(range(1, sides + 1)), sides
    assert set(counts.values()) == {limit // sides}, sides


def test_one_byte_dice_have_no_modulo_bias() -> None:
    for sides in range(2, BYTE_VALUES + 1):
        assert_every_face_gets_the_same_share(sides, BYTE_VALUES)


WORD_SIDES = range(BYTE_VALUES + 1, 1001)


@pytest.mark.parametrize("part", range(4))
def test_two_byte_dice_have_no_modulo_bias(part: int) -> None:
    # Every word value for every die size: about 49 million calls, the file's slowest test.
    for sides in WORD_SIDES[part::4]:
        assert_every_face_gets_the_same_share(sides, WORD_VALUES)


def test_acceptance_limits() -> None:
    assert acceptance_limit(2) == 256
    assert acceptance_limit(6) == 252
    assert acceptance_limit(20) == 240
    assert acceptance_limit(256) == 256
    assert acceptance_limit(257) == 65535  # 255 * 257
    assert acceptance_limit(1000) == 65000
    assert face_of(251, 6) == 6
    assert face_of(252, 6) is None
    assert face_of(64999, 1000) == 1000
    assert face_of(65000, 1000) is None


# -- the sampler over every possible value ------------------------------------------------------


def cycling(block: bytes) -> Callable[[], bytes]:
    """A refill that hands out the same block again and again."""
    return lambda: block


ALL_BYTES = bytes(range(BYTE_VALUES))
ALL_WORDS = b"".join(value.to_bytes(2, "big") for value in range(WORD_VALUES))


def one_by_one(sampler: BlockSampler, sides: int, count: int) -> list[int]:
    return [sampler.roll(sides) for _ in range(count)]


def in_one_batch(sampler: BlockSampler, sides: int, count: int) -> list[int]:
    return sampler.roll_many(sides, count)


DRAWS = pytest.mark.parametrize("draw", [one_by_one, in_one_batch], ids=["roll", "roll_many"])


@DRAWS
def test_the_sampler_maps_every_byte_evenly(
    draw: Callable[[BlockSampler, int, int], list[int]],
) -> None:
    for sides in range(2, BYTE_VALUES + 1):
        sampler = BlockSampler(cycling(ALL_BYTES))
        limit = acceptance_limit(sides)
        counts = Counter(draw(sampler, sides, limit))
        assert set(counts.values()) == {limit // sides}, sides
        assert len(counts) == sides
        assert sampler.roll(sides) == 1, sides  # the rejected tail was skipped


@DRAWS
@pytest.mark.parametrize("sides", [257, 300, 999, 1000])
def test_the_sampler_maps_every_word_evenly(
    sides: int, draw: Callable[[BlockSampler, int, int], list[int]]
) -> None:
    sampler = BlockSampler(cycling(ALL_WORDS))
    limit = acceptance_limit(sides)
    counts = Counter(draw(sampler, sides, limit))
    assert set(counts.values()) == {limit // sides}
    assert len(counts) == sides
    assert sampler.roll(sides) == 1


EDGE_BYTES = [0, 1, 0x7F, 0xE7, 0xE8, 0xEF, 0xF0, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF]


def refill_from(stream: bytes, size: int) -> Callable[[], bytes]:
    """Blocks of ``size`` bytes: ``stream`` first, then a fixed filler, forever."""
    filler = random.Random(size)
    chunks = [stream[i:i + size] for i in range(0, len(stream), size)]

    def refill() -> bytes:
        return chunks.pop(0) if chunks else filler.randbytes(size)

    return refill


@settings(max_examples=300, deadline=None)
@given(
    stream=st.one_of(st.binary(max_size=400),
                     st.lists(st.sampled_from(EDGE_BYTES), max_size=400).map(bytes)),
    size=st.integers(1, 80),
    draws=st.lists(
        st.tuples(st.one_of(st.sampled_from([2, 6, 20, 200, 255, 256, 257, 1000, WORD_VALUES]),
                            st.integers(2, 1000)),
                  st.integers(0, 45)),
        min_size=1, max_size=6,
    ),
)
def test_roll_many_gives_what_that_many_rolls_give(
    stream: bytes, size: int, draws: list[tuple[int, int]]
) -> None:
    batched = BlockSampler(refill_from(stream, size))
    single = BlockSampler(refill_from(stream, size))
    for sides, count in draws:
        assert batched.roll_many(sides, count) == one_by_one(single, sides, count)
    assert batched.roll(1000) == single.roll(1000)  # and both stopped at the same byte


def test_rejected_bytes_are_skipped() -> None:
    sampler = BlockSampler(cycling(bytes([252, 255, 251])))
    assert sampler.roll(6) == 6  # 252 and 255 are rejected, 251 % 6 + 1 == 6


def test_rejected_words_are_skipped_and_words_span_blocks() -> None:
    blocks = iter([bytes([0xFE]), bytes([0xA8, 0xFD]), bytes([0xE7])])
    sampler = BlockSampler(lambda: next(blocks))
    assert sampler.roll(1000) == 1000  # 0xFEA8 = 65192 is rejected, 0xFDE7 = 64999


@pytest.mark.parametrize("sides", [1, 0, -6, WORD_VALUES + 1])
def test_the_sampler_refuses_impossible_dice(sides: int) -> None:
    sampler = BlockSampler(cycling(ALL_BYTES))
    with pytest.raises(ValueError, match=f"sides must be 2..65536, got {sides}"):
        sampler.roll(sides)


def test_discard_forgets_the_current_block() -> None:
    refills: list[int] = []

    def refill() -> bytes:
        refills.append(1)
        return bytes([len(refills) * 10, 99, 99])

    sampler = BlockSampler(refill)
    assert sampler.roll(256) == 11
    sampler.discard()
    assert sampler.roll(256) == 21
    assert len(refills) == 2


# -- the seeded source ------------------------------------------------------------------------


# -- the system source ------------------------------------------------------------------------


@pytest.mark.parametrize("sides", [2, 3, 6, 20, 255, 256, 257, 1000])
def test_the_system_source_stays_within_its_faces(sides: int) -> None:
    source = SystemRandomSource()
    faces = {source.roll(sides) for _ in range(3000)}
    assert faces <= set(range(1, sides + 1))


@pytest.mark.parametrize("sides", [2, 3, 6, 20])
def test_the_system_source_shows_every_face_of_a_small_die(sides: int) -> None:
    source = SystemRandomSource()
    # 3,000 draws: the chance of missing one face of a d20 is below 20 * (19/20)**3000.
    assert {source.roll(sides) for _ in range(3000)} == set(range(1, sides + 1))


def test_the_system_source_refills_small_blocks() -> None:
    source = SystemRandomSource(block_size=1)  # every word spans two blocks
    assert {source.roll(1000) for _ in range(500)} <= set(range(1, 1001))


def draws_in_child(draw: Callable[[], int], count: int) -> list[int]:
    """Fork; the child makes ``count`` draws and sends them back through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 1
        try:
            os.close(read_end)
            os.write(write_end, json.dumps([draw() for _ in range(count)]).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    faces: list[int] = json.loads(payload)
    return faces


def test_a_forked_child_does_not_repeat_the_parent_s_draws() -> None:
    source = SystemRandomSource()
    source.roll(1000)  # the block is loaded: the child inherits 4,094 unread bytes
    child = draws_in_child(lambda: source.roll(1000), 32)
    parent = [source.roll(1000) for _ in range(32)]
    assert len(child) == 32
    assert child != parent


def test_without_the_fork_hook_a_child_would_repeat_the_parent() -> None:
    # Control: the same block sampler with no at-fork hook hands out the same faces twice.
    sampler = BlockSampler(lambda: os.urandom(4096))
    sampler.roll(1000)
    child = draws_in_child(lambda: sampler.roll(1000), 32)
    parent = [sampler.roll(1000) for _ in range(32)]
    assert child == parent
