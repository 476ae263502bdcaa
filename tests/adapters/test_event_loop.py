"""Each choice of ``NAZH_EVENT_LOOP`` makes its loop."""

from __future__ import annotations

import asyncio

import uvloop

from nazh.adapters.event_loop import loop_factory


def test_each_choice_makes_its_loop_and_runs_on_it() -> None:
    async def running() -> asyncio.AbstractEventLoop:
        await asyncio.sleep(0)
        return asyncio.get_running_loop()

    for choice, kind in (("uvloop", uvloop.Loop), ("asyncio", asyncio.BaseEventLoop)):
        with asyncio.Runner(loop_factory=loop_factory(choice)) as runner:
            loop = runner.run(running())
            assert isinstance(loop, kind)
            assert (choice == "uvloop") == isinstance(loop, uvloop.Loop)
