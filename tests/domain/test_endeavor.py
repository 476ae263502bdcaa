"""An endeavor's rules: its options checked; successes and failures counted (a spectacular
success twice, a roll once); it ends at the first threshold reached, or when a GM stops it,
and then counts nothing more."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.endeavor import (
    MAX_TALLIES,
    EndeavorError,
    Ending,
    Tally,
    count,
    start_endeavor,
    stop,
)

GM = 1


def success(roll: str | None = None, amount: int = 1) -> Tally:
    return Tally(True, amount, GM, roll)


def failure(roll: str | None = None) -> Tally:
    return Tally(False, 1, GM, roll)


@pytest.mark.parametrize(("name", "successes", "failures", "message"), [
    ("", 3, 2, "name: 1 to 100"),
    ("x" * 101, 3, 2, "name: 1 to 100"),
    ("Climb", 0, 2, r"successes is 1 to 20 \(got 0\)"),
    ("Climb", 3, 21, r"failures is 1 to 20 \(got 21\)"),
])
def test_bad_options_are_refused_by_name(name: str, successes: int, failures: int,
                                         message: str) -> None:
    with pytest.raises(EndeavorError, match=message):
        start_endeavor(name, successes, failures)


def test_it_succeeds_when_the_successes_are_reached_a_spectacular_one_counting_twice() -> None:
    endeavor = start_endeavor("  Cross   the chasm ", 3, 2)
    assert endeavor.name == "Cross the chasm"
    endeavor = count(endeavor, success("r1"))
    endeavor = count(endeavor, failure("r2"))
    assert (endeavor.success_count, endeavor.failure_count, endeavor.ended) == (1, 1, False)
    endeavor = count(endeavor, success("r3", amount=2))
    assert endeavor.ending is Ending.SUCCEEDED
    with pytest.raises(EndeavorError, match="has ended"):
        count(endeavor, success())
    with pytest.raises(EndeavorError, match="ended already"):
        stop(endeavor)


def test_it_fails_when_the_failures_are_reached_first() -> None:
    endeavor = count(count(start_endeavor("Climb", 5, 2, secret=True), failure()), failure())
    assert endeavor.ending is Ending.FAILED
    assert endeavor.secret


def test_a_roll_is_counted_once_and_a_failure_never_twice() -> None:
    endeavor = count(start_endeavor("Climb", 5, 5), success("r1"))
    with pytest.raises(EndeavorError, match="roll r1 is counted already"):
        count(endeavor, failure("r1"))
    with pytest.raises(EndeavorError, match="a success counted twice"):
        count(endeavor, Tally(False, 2, GM))
    assert count(endeavor, success()).success_count == 2  # by hand: no roll to repeat


def test_a_gm_stops_it_and_its_history_is_full_at_its_limit() -> None:
    assert stop(start_endeavor("Climb", 3, 3)).ending is Ending.STOPPED
    endeavor = start_endeavor("Long", 20, 20)
    full = replace(endeavor, tallies=tuple(Tally(True, 0, GM) for _ in range(MAX_TALLIES)))
    with pytest.raises(EndeavorError, match=f"at most {MAX_TALLIES}"):
        count(full, success())
