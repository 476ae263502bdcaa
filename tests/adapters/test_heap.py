"""The start-up heap is frozen once the bot is up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from nazh.adapters.heap import freeze_startup_heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The test process's heap as it was: frozen objects go back to the collector after."""
    gc.unfreeze()
    yield
    gc.unfreeze()


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
