"""The odds worker pool: results computed in another process, a full queue refused at once."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal

import pytest

from nazh.adapters.workers.odds import BUSY, ProcessOddsWorker
from nazh.application.admission.gate import ServiceBusyError
from nazh.application.odds.use_cases import OddsOf
from nazh.composition.jobs import odds_with_chart
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.encounter.damage import DamageType
from nazh.domain.target_odds import Target
from tests.waiting import until

WORST = ", ".join(["a" * 20 + "20d1000+1000", "d" * 20 + "20d999-5", "20d998",
                   "ad" * 10 + "20d997", "a20d996"])


async def test_the_odds_and_chart_come_back_from_a_worker() -> None:
    worker = ProcessOddsWorker(odds_with_chart)
    try:
        answer = await worker.compute("a1d20+5, 2d6", add_plot=True, dc=15)
    finally:
        await worker.close()
    assert answer.odds == OddsOf().of_spec(answer.odds.spec, 15)
    assert answer.chart.startswith(b"\x89PNG\r\n\x1a\n")


async def test_a_full_queue_is_refused_at_once_with_a_polite_busy() -> None:
    worker = ProcessOddsWorker(odds_with_chart, workers=1, waiting=1)
    try:
        jobs = [asyncio.ensure_future(worker.compute(WORST, add_plot=False, dc=None))
                for _ in range(5)]
        outcomes = await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        await worker.close()
    refused = [o for o in outcomes if isinstance(o, ServiceBusyError)]
    done = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(done) == 2
    assert len(refused) == 3
    assert {str(error) for error in refused} == {BUSY}



async def test_a_ctrl_c_reaching_a_worker_changes_nothing(
        capfd: pytest.CaptureFixture[str]) -> None:
    """A terminal's Ctrl-C sends SIGINT to the whole process group: the worker ignores it (no
    KeyboardInterrupt traceback); the bot stops the pool in order."""
    worker = ProcessOddsWorker(odds_with_chart)
    try:
        await worker.compute("1d20", add_plot=False, dc=None)  # the worker is up
        (child,) = multiprocessing.active_children()
        assert child.pid is not None
        os.kill(child.pid, signal.SIGINT)
        answer = await worker.compute("a1d20+5", add_plot=False, dc=None)
        assert child.is_alive()
    finally:
        await worker.close()
    assert answer.odds.spec.pools[0].sides == 20
    assert "Traceback" not in capfd.readouterr().err


async def test_closing_while_a_job_runs_lets_it_end_and_prints_nothing(
        capfd: pytest.CaptureFixture[str]) -> None:
    """Stopping as a job is sent to a fresh worker (the warm-up, when start-up fails just
    after it began) waits for the pool to stop in order: no traceback from its threads."""
    worker = ProcessOddsWorker(odds_with_chart)
    job = asyncio.ensure_future(worker.compute("a1d20+5", add_plot=False, dc=None))
    await until(multiprocessing.active_children,
                what="the job sent to the pool starting its worker process")
    await worker.close()
    assert job.done()
    assert capfd.readouterr().err == ""
    assert multiprocessing.active_children() == []


async def test_the_odds_of_an_attack_come_back_from_a_worker() -> None:
    worker = ProcessOddsWorker(odds_with_chart)
    terms = AttackTerms(15, "2d6")
    try:
        answer = await worker.compute("a1d20+5", add_plot=True, dc=None, attack=terms)
    finally:
        await worker.close()
    assert answer.attack == OddsOf().attack("a1d20+5", terms, add_plot=True)
    assert answer.odds == answer.attack.test
    assert answer.chart.startswith(b"\x89PNG\r\n\x1a\n")


async def test_the_odds_against_a_target_come_back_from_a_worker() -> None:
    worker = ProcessOddsWorker(odds_with_chart)
    terms = AttackTerms(15, "2d6", Target(deflect=2, pierce=False,
                                          damage_type=DamageType.KEEN, health=9))
    try:
        answer = await worker.compute("1d20+5", add_plot=False, dc=None, attack=terms)
    finally:
        await worker.close()
    assert answer.attack == OddsOf().attack("1d20+5", terms)
    assert answer.attack.spec.target == terms.target
    assert answer.attack.chance_to_drop is not None
