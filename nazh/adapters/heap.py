"""The process's heap once started: what start-up built is kept out of garbage collection.

Start-up creates a few hundred thousand long-lived objects (modules, classes, the libraries'
tables, the bot's caches). Every full collection walks them all again, a pause of tens of
milliseconds that lands on whichever interaction is being handled then (it was most of the
slowest 1% of /roll answers under load). Once the bot is up, they are collected once and
frozen (``gc.freeze``): later collections only walk what was made afterwards.

Then the collector's thresholds are raised (:data:`THRESHOLDS`). Python's defaults collect the
youngest generation every 700 net allocations, and an interaction allocates thousands of
objects (hikari's entities, lightbulb's context, the answer's payload), nearly all freed by
reference counting, not by the collector. Measured under ``benchmarks.load`` (the same load on
PostgreSQL, 17 s of the bot's CPU): the defaults spent 3.2 s in 2,800 young, 255 middle and 23
full collections; with the youngest collected every 20,000, 1.0 s in 77, 5 and 1, a young one about
9 ms. Cyclic garbage still goes: only later.

The middle generation is collected every tenth young collection (Python's own ratio; 20
before 2026-11-25). What survives a young collection waits there: the rolls kept for their
buttons and the interactions in flight at the time, thousands of objects per young collection
under load, and the middle collection walks all of them at once, inside whichever interaction
set it off. Every twentieth, that was a pause of 86-260 ms at 300-600 /roll a second
(``benchmarks.profile`` prints the longest); every tenth, 84-113 ms at 600 a second, twice as
often. Every fifth made it 50-90 ms, but then one also falls inside a burst of thousands of
interactions (the seventh young collection after start-up), where the survivors are the
burst's own; in one run of the suite with it, a burst of 5,000 had 4 answers arrive late
(``tests/e2e/test_overload.py``). The full collection keeps its pace: 20 middle ones (200
young) at the least, as before, and Python waits too until a quarter more objects than the
last one left have come to the oldest generation.

Since each command's own objects are freed by reference counting
(:mod:`nazh.adapters.discord.runtime.commands_client`), a young collection comes a third as
often under load, and the middle one holds mostly the kept rolls: about 47 ms at 600 a second.

Since 2026-11-26 nothing an interaction makes is left for the collector (the last cycle, linkd's
bound injecting method, is gone with linkd's injection: :mod:`nazh.adapters.discord`)
and the kept rolls are values it does not track (:mod:`nazh.adapters.memory.roll_store`). A
young collection then found 10-90 dead objects, but still came every ~2,000 rolls under load,
set off by the objects of the interactions in flight, and walking them took 4-21 ms inside
whichever interaction set it off (measured: 7-11 of them per 15,000-20,000 rolls at 500-800 a
second). The youngest generation is now collected every 100,000 net allocations: none in the
same runs (p99 at 500 a second 104 and 134 ms against 140 and 215 in pairs run one after the
other, the test process's fake included), memory unchanged (150 MiB after 15,000 rolls either
way), and the bursts of ``tests/e2e/test_overload.py`` still answered in time. Garbage that
does form (a failed command's traceback holds its context in a cycle) waits longer, at most
100,000 objects.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

THRESHOLDS = (100_000, 10, 20)
"""``gc.set_threshold`` once the bot is up: young, middle, full (see the module docstring)."""


def freeze_startup_heap() -> int:
    """Collect, then move every surviving object to the permanent generation (how many), and
    raise the collector's thresholds to :data:`THRESHOLDS`."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    frozen = gc.get_freeze_count()
    log.debug("start-up heap frozen: %d objects", frozen)
    return frozen
