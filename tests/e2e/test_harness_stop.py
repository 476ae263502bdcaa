"""The harness stops a bot as ``nazh`` does on SIGTERM, what it put in the container included:
its odds worker (an override of the container's, without the warm-up) is closed by the stop,
not left to the garbage collector."""

from __future__ import annotations

from pathlib import Path

import pytest

from nazh.adapters.workers.odds import ProcessOddsWorker
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import running


async def test_a_stop_closes_the_bots_odds_worker(fake_discord: FakeDiscord, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # left to the collector, a worker's pipes were closed before it, and the numbers of their
    # descriptors, by then a later bot's sockets, were written to (a test read b"\0\0\0\0")
    closed: list[ProcessOddsWorker] = []
    close = ProcessOddsWorker.close

    async def recorded(worker: ProcessOddsWorker) -> None:
        closed.append(worker)
        await close(worker)

    monkeypatch.setattr(ProcessOddsWorker, "close", recorded)
    async with running(fake_discord, tmp_path, "http") as nazh:
        await nazh.restart()
        assert len(closed) == 1
    assert len(closed) == 2
    assert closed[0] is not closed[1]
