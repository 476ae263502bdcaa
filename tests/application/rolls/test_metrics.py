"""Why a roll failed, as the metrics count it: one reason for each kind of error."""

from __future__ import annotations

import pytest

from nazh.application.rolls.errors import NotYourRollError, RollConflictError, RollNotFoundError
from nazh.application.rolls.metrics import (
    FailureReason,
)
from nazh.application.saved.shelves import SavedRollNotFoundError
from nazh.domain.errors import LimitError, NazhError, NotationError, PlotDieError, RollStateError


@pytest.mark.parametrize(("error", "reason"), [
    (LimitError("at most 20 dice per pool (got 21)"), FailureReason.LIMIT),
    (NotationError("unknown tag 'n'"), FailureReason.NOTATION),
    (PlotDieError("at most one plot die per roll"), FailureReason.NOTATION),
    (RollStateError("the plot die's face was already chosen"), FailureReason.NOTATION),
    (RollNotFoundError("gone"), FailureReason.NOTATION),
    (NotYourRollError("not yours"), FailureReason.NOTATION),
    (RollConflictError("changed"), FailureReason.NOTATION),
    (SavedRollNotFoundError("no such"), FailureReason.NOTATION),
    (NazhError("anything"), FailureReason.NOTATION),
    (ValueError("bug"), FailureReason.INTERNAL),
    (KeyError("bug"), FailureReason.INTERNAL),
    (TimeoutError(), FailureReason.INTERNAL),
    (KeyboardInterrupt(), FailureReason.INTERNAL),
], ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else value.value)
def test_failure_reason_of_an_error(error: BaseException, reason: FailureReason) -> None:
    assert FailureReason.of(error) is reason
