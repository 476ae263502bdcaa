"""The process's heap once started: what start-up built is frozen out of garbage collection."""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

# Young, middle, full. Start-up's few hundred thousand objects made every full collection a pause of
# tens of ms inside an interaction, so they are frozen. An interaction's objects are freed by
# reference counting, so the young generation waits for 100,000 net allocations (Python's 700 made
# 2,800 collections and 3.2 s of 17 s CPU under benchmarks.load); the middle one keeps Python's
# ratio of 10 (every 20th was an 86-260 ms pause at 300-600 /roll a second, every 5th fell inside
# bursts: tests/e2e/test_overload.py). Garbage that does form (a failed command's traceback cycle)
# just waits longer.
THRESHOLDS = (100_000, 10, 20)


def freeze_startup_heap() -> int:
    """Collect, freeze the survivors (returns how many), raise the thresholds to THRESHOLDS."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    frozen = gc.get_freeze_count()
    log.debug("start-up heap frozen: %d objects", frozen)
    return frozen
