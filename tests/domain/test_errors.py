"""The domain's errors: one root, and a description that joins summary, column and hint."""

from __future__ import annotations

import pytest

from nazh.domain.errors import LimitError, NazhError, NotationError, PlotDieError
from nazh.domain.notation import parse_roll
from tests.domain.kit import LIMITS_HINT


def test_describe_joins_summary_column_and_hint() -> None:
    with pytest.raises(LimitError) as caught:
        parse_roll("1d6, 21d6")
    assert caught.value.describe() == (
        'pool 2 "21d6": at most 20 dice per pool (got 21); at column 6; hint: ' + LIMITS_HINT
    )


def test_every_parser_error_is_a_nazh_error_subclass() -> None:
    assert issubclass(NotationError, NazhError)
    assert issubclass(PlotDieError, NotationError)
    assert issubclass(LimitError, NazhError)
