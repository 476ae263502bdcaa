"""The start-up heap is frozen once the bot is up, and the collector runs less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from nazh.adapters.heap import THRESHOLDS, freeze_startup_heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The test process's heap and collector as they were: frozen objects go back to the
    collector after, with its thresholds."""
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("unfrozen")
def test_what_start_up_built_is_frozen_and_later_objects_are_still_collected() -> None:
    frozen = freeze_startup_heap()
    assert frozen == gc.get_freeze_count() > 1000

    class Cycle:
        pass

    later = Cycle()
    later.self = later  # type: ignore[attr-defined]
    del later
    assert gc.collect() >= 1  # a cycle made after the freeze is still found


@pytest.mark.usefixtures("unfrozen")
def test_the_collector_thresholds_are_raised_once_up() -> None:
    gc.set_threshold(700, 10, 10)
    freeze_startup_heap()
    assert gc.get_threshold() == THRESHOLDS == (100_000, 10, 20)
