"""The interaction gate: count interactions in flight, close, drain."""

from __future__ import annotations

import asyncio

from nazh.adapters.discord.gate import InteractionGate


def test_a_new_gate_is_open_and_idle() -> None:
    gate = InteractionGate()
    assert gate.open
    assert gate.in_flight == 0


async def test_track_counts_the_block_while_it_runs() -> None:
    gate = InteractionGate()
    async with gate.track():
        assert gate.in_flight == 1
        async with gate.track():
            assert gate.in_flight == 2
        assert gate.in_flight == 1
    assert gate.in_flight == 0


async def test_track_uncounts_a_block_that_raises() -> None:
    gate = InteractionGate()
    try:
        async with gate.track():
            raise RuntimeError("handler failed")
    except RuntimeError:
        pass
    assert gate.in_flight == 0
    assert await gate.drain(0.01) is True


async def test_close_refuses_from_now_on_and_is_idempotent() -> None:
    gate = InteractionGate()
    gate.close()
    assert not gate.open
    gate.close()
    assert not gate.open


async def test_close_does_not_cut_interactions_in_flight() -> None:
    gate = InteractionGate()
    async with gate.track():
        gate.close()
        assert gate.in_flight == 1
    assert gate.in_flight == 0


async def test_drain_of_an_idle_gate_returns_true_at_once() -> None:
    gate = InteractionGate()
    assert await asyncio.wait_for(gate.drain(5), timeout=1) is True


async def test_drain_times_out_while_an_interaction_is_in_flight() -> None:
    gate = InteractionGate()
    release = asyncio.Event()

    async def interaction() -> None:
        async with gate.track():
            await release.wait()

    task = asyncio.create_task(interaction())
    await asyncio.sleep(0)
    assert gate.in_flight == 1
    assert await gate.drain(0.02) is False
    release.set()
    await task
    assert await gate.drain(0.02) is True


async def test_drain_returns_true_once_the_last_interaction_ends() -> None:
    gate = InteractionGate()
    release = asyncio.Event()
    finished: list[int] = []

    async def interaction(number: int) -> None:
        async with gate.track():
            await release.wait()
            await asyncio.sleep(0.01 * number)
            finished.append(number)

    tasks = [asyncio.create_task(interaction(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    gate.close()
    drain = asyncio.create_task(gate.drain(5))
    await asyncio.sleep(0)
    assert not drain.done()
    release.set()
    assert await drain is True
    assert finished == [1, 2]
    assert gate.in_flight == 0
    await asyncio.gather(*tasks)
