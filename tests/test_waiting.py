"""The tests' waiting helper: it returns as soon as the thing happens and fails, naming it,
when it never does."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tests.waiting import NeverHappenedError, until, until_sync


async def test_until_returns_the_first_truthy_value_once_it_comes() -> None:
    seen: list[int] = []
    asyncio.get_running_loop().call_later(0.03, seen.append, 7)
    assert await until(lambda: seen, what="a seven") == [7]


async def test_until_awaits_a_predicate_that_is_a_coroutine() -> None:
    asked: list[int] = []

    async def third_time() -> bool:
        asked.append(1)
        return len(asked) >= 3

    assert await until(third_time) is True
    assert len(asked) == 3


async def test_until_fails_naming_what_never_happened() -> None:
    with pytest.raises(NeverHappenedError,
                       match=r"^the worker starting: did not happen within 0.05 s \(last seen: "
                             r"\[\]\)$"):
        await until(list, timeout=0.05, what="the worker starting")


def test_until_sync_returns_once_another_thread_made_it_happen() -> None:
    done = threading.Event()
    threading.Timer(0.03, done.set).start()
    assert until_sync(done.is_set, what="the timer firing") is True


def test_until_sync_fails_naming_what_never_happened() -> None:
    with pytest.raises(NeverHappenedError, match=r"^the file written: did not happen within"):
        until_sync(lambda: None, timeout=0.05, what="the file written")
