"""Every asynchronous test runs on the event loop the bot runs on (uvloop where it is
installed: :mod:`nazh.adapters.event_loop`); the kept-alive callbacks' transport, which works
on the loop's own transports, on asyncio's loop as well."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from pytest_asyncio.plugin import LoopFactory

from nazh.adapters.config.environment import installed_loop
from nazh.adapters.event_loop import loop_factory

BOTH_LOOPS = ("tests/adapters/discord/runtime/test_kept_alive.py",)
"""Test modules run on either loop."""


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item,
                                  ) -> Mapping[str, LoopFactory] | None:
    """The bot's loop for every test; both loops for :data:`BOTH_LOOPS`."""
    chosen = installed_loop()
    if item.nodeid.split("::")[0] in BOTH_LOOPS:
        return {name: loop_factory(name) for name in dict.fromkeys((chosen, "asyncio"))}
    return {chosen: loop_factory(chosen)}
