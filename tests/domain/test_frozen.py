"""A frozen dataclass with :func:`quick_init` is built as :mod:`dataclasses` builds it: the
same signature, defaults, factories, fields left out of the constructor, ``__post_init__``,
values, equality and copies, and it stays frozen."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import FrozenInstanceError, dataclass, field, replace
from typing import Any

import pytest

from nazh.application.log.chain import ChainedEntry, LogEntry
from nazh.application.rolls.model import Roller, RollRecord, RollRequest
from nazh.application.rolls.terms.kind import Terms
from nazh.application.stats.tally import RollLuck
from nazh.domain.attack import Attack
from nazh.domain.frozen import quick_init
from nazh.domain.results import DieResult, PlotResult
from nazh.domain.spec import PoolSpec, RollSpec

QUICK = [Roller, RollRequest, RollRecord, LogEntry, ChainedEntry, RollLuck, Terms, Attack,
         PoolSpec, RollSpec, DieResult, PlotResult]


SEEN: list[tuple[int, int]] = []
"""What each ``__post_init__`` saw."""


def sample() -> type[Any]:
    """A class with every kind of field the constructor handles, made anew."""

    class Sample:
        first: int
        second: str = "two"
        listed: list[int] = field(default_factory=list)
        fixed: int = field(default=7, init=False)
        made: list[str] = field(default_factory=lambda: ["x"], init=False)
        unset: int = field(init=False)

        def __post_init__(self) -> None:
            SEEN.append((self.first, self.fixed))

    return dataclass(frozen=True, slots=True)(Sample)


def test_a_quick_value_is_the_value_dataclasses_build() -> None:
    plain, quick = sample(), quick_init(sample())
    assert str(inspect.signature(quick)) == str(inspect.signature(plain))
    for arguments in [(1,), (1, "b"), (1, "b", [3])]:
        SEEN.clear()
        built, expected = quick(*arguments), plain(*arguments)
        assert SEEN == [(1, 7), (1, 7)]
        assert [getattr(built, f.name) for f in dataclasses.fields(built) if f.name != "unset"] \
            == [getattr(expected, f.name) for f in dataclasses.fields(expected)
                if f.name != "unset"]
        with pytest.raises(AttributeError):
            _ = built.unset
    assert quick(1).listed is not quick(1).listed
    with pytest.raises(FrozenInstanceError):
        quick(1).first = 2
    assert replace(quick(1, "b"), first=5).second == "b"
    with pytest.raises(TypeError):
        quick()


def default_of(field: dataclasses.Field[Any]) -> object:
    """How a constructor's signature shows the field's default."""
    if field.default is not dataclasses.MISSING:
        return field.default
    return "<factory>" if field.default_factory is not dataclasses.MISSING else "none"


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_the_values_of_a_roll_keep_their_constructors_signature(cls: type) -> None:
    shown = [(name, "none" if parameter.default is inspect.Parameter.empty else
              "<factory>" if repr(parameter.default) == "<factory>" else parameter.default)
             for name, parameter in inspect.signature(cls).parameters.items()]
    assert shown == [(f.name, default_of(f)) for f in dataclasses.fields(cls) if f.init]


def test_only_a_frozen_slotted_dataclass_without_keyword_only_fields_is_taken() -> None:
    class Loose:
        x: int

    with pytest.raises(TypeError):
        quick_init(dataclass(slots=True)(Loose))
    with pytest.raises(TypeError):
        quick_init(dataclass(frozen=True)(Loose))
    with pytest.raises(TypeError):
        quick_init(dataclass(frozen=True, slots=True, kw_only=True)(Loose))
