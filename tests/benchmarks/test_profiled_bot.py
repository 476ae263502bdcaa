"""The profiled bot's clock of the garbage collector, and the benchmark's reading of it."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from benchmarks.profile import Collections
from benchmarks.profiled_bot import CollectorClock, collector_file


def test_the_clock_counts_each_collection_by_generation_and_forgets_on_reset() -> None:
    clock = CollectorClock()
    clock.install()
    enabled = gc.isenabled()
    gc.disable()  # only the collections asked for below
    try:
        gc.collect(0)
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        gc.collect(0)
        gc.collect(2)
        figures = clock.figures()
        assert figures["collections"] == [2, 0, 1]
        assert figures["collected"] >= 1  # the cycle
        assert figures["seconds"][1] == 0.0
        assert figures["seconds"][2] > 0
        assert 0 < figures["longest"] <= sum(figures["seconds"])
        assert figures["thresholds"] == list(gc.get_threshold())
        clock.reset()
        assert clock.figures()["collections"] == [0, 0, 0]
        assert clock.figures()["seconds"] == [0.0, 0.0, 0.0]
        assert clock.figures()["longest"] == 0.0
        assert clock.figures()["collected"] == 0
    finally:
        clock.uninstall()
        if enabled:
            gc.enable()


def test_the_benchmark_reads_what_the_bot_wrote(tmp_path: Path) -> None:
    out = tmp_path / "profile.pstats"
    assert collector_file(out) == tmp_path / "profile.pstats.gc.json"
    collector_file(out).write_text(json.dumps({
        "collections": [12, 1, 0], "seconds": [0.12, 0.03, 0.0], "longest": 0.031,
        "collected": 46_500, "thresholds": [20000, 20, 10]}))
    read = Collections.read(collector_file(out))
    assert read == Collections((12, 1, 0), 0.15, 0.031, 46_500)
    assert read.line(1000) == ("garbage collection: 12 young, 1 middle, 0 full collection(s); "
                               "150 µs per interaction, the longest 31.0 ms (inside the "
                               "stages above); 46.5 objects found dead per interaction")
