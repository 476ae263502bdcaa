"""Every asynchronous test runs on the event loop the bot runs on by default (asyncio's); the
interaction callbacks, which every answer over the gateway goes through, on uvloop as well
(``NAZH_EVENT_LOOP=uvloop``, :mod:`nazh.adapters.event_loop`)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from pytest_asyncio.plugin import LoopFactory

from nazh.adapters.event_loop import loop_factory

BOTH_LOOPS = ("tests/adapters/discord/runtime/test_callbacks.py",)
"""Test modules run on either loop."""


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item,
                                  ) -> Mapping[str, LoopFactory] | None:
    """asyncio's loop for every test; both loops for :data:`BOTH_LOOPS`."""
    if item.nodeid.split("::")[0] in BOTH_LOOPS:
        return {name: loop_factory(name) for name in ("asyncio", "uvloop")}
    return {"asyncio": loop_factory("asyncio")}
