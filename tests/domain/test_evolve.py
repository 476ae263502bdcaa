"""``evolved``: the value :func:`dataclasses.replace` makes, for every kind of dataclass."""

from __future__ import annotations

import dataclasses
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime

import pytest

from nazh.application.rolls.model import Roller, RollRecord, RollRequest
from nazh.domain.evolve import evolved
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import FakeRng


@dataclass(frozen=True, slots=True)
class Plain:
    first: int
    second: str = "b"
    third: tuple[int, ...] = ()
    seen: int = field(default=0, init=False, compare=False)


@dataclass(frozen=True)
class Checked:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


@dataclass(frozen=True, kw_only=True)
class KeywordsOnly:
    one: int
    two: int = 2


@dataclass
class WithInitVar:
    value: int
    scale: InitVar[int] = 1

    def __post_init__(self, scale: int) -> None:
        self.value *= scale


@dataclass(frozen=True)
class Single:
    only: int


def test_each_field_of_the_rolls_request_and_record_changed_as_replace_changes_it() -> None:
    request = RollRequest("1d20", Roller(1, 2, 3), add_plot=True, dc=12, label="Strike")
    result = roll(parse_roll("1d20"), FakeRng((20, 14)))
    record = RollRecord("r1", Roller(1, 2), "1d20", result, datetime(2026, 1, 2, tzinfo=UTC),
                        label="x", private=True, version=3)
    for value in (request, record):
        for taken in (f for f in dataclasses.fields(value) if f.init):
            marker = object()
            copy = evolved(value, **{taken.name: marker})
            assert copy == dataclasses.replace(value, **{taken.name: marker})  # type: ignore[arg-type]
            assert getattr(copy, taken.name) is marker
            assert type(copy) is type(value)
        assert evolved(value) == value
        assert evolved(value) is not value


def test_several_changes_at_once_and_a_field_the_constructor_does_not_take() -> None:
    plain = Plain(1, "x", (1, 2))
    object.__setattr__(plain, "seen", 7)
    copy = evolved(plain, third=(3,), first=9)
    assert (copy.first, copy.second, copy.third) == (9, "x", (3,))
    assert copy.seen == 0 == dataclasses.replace(plain, first=9).seen  # back to its default


def test_the_constructors_checks_run() -> None:
    with pytest.raises(ValueError, match="low above high"):
        evolved(Checked(1, 2), low=5)
    assert evolved(Checked(1, 2), high=9) == Checked(1, 9)


def test_keyword_only_fields_init_only_variables_and_a_single_field() -> None:
    assert evolved(KeywordsOnly(one=1), two=5) == KeywordsOnly(one=1, two=5)
    assert evolved(WithInitVar(2), value=3, scale=4) == WithInitVar(12)
    assert evolved(Single(1), only=2) == Single(2)


def test_refusals_are_replaces_own() -> None:
    for value in (Plain(1), KeywordsOnly(one=1)):
        with pytest.raises(TypeError) as ours:
            evolved(value, nowhere=1)
        with pytest.raises(TypeError) as theirs:
            dataclasses.replace(value, nowhere=1)  # type: ignore[call-arg]
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="seen is declared with init=False"):
        evolved(Plain(1), seen=3)  # not taken by the constructor
    with pytest.raises(TypeError):
        evolved(object(), x=1)
