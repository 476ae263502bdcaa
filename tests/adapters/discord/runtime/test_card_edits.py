"""Coalesced card edits, on a clock the test moves: no time passes unless the test says so."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import hikari
import pytest

from nazh.adapters.discord.runtime.card_edits import CardEdits

CARD, OTHER = (10, 100), (20, 200)


class FakeTime:
    """A monotonic clock and its ``sleep``: sleepers wake only when :meth:`advance` passes
    their time."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, woken))
        await woken

    async def advance(self, seconds: float) -> None:
        """Let what is due now run, move the clock, wake who is due then, and let every task
        run until it waits again."""
        await settle()
        self.now = round(self.now + seconds, 6)
        for due, woken in list(self._sleepers):
            if due <= self.now or woken.done():
                self._sleepers.remove((due, woken))
                if not woken.done():
                    woken.set_result(None)
        await settle()


async def settle() -> None:
    """Let the tasks run until each waits on something (a few turns of the loop each)."""
    for _ in range(20):
        await asyncio.sleep(0)


@dataclass
class Recorder:
    """The ``edit``: records which card it edited and when; raises the scripted failures."""

    time: FakeTime
    edits: list[tuple[int, int, float]] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    async def __call__(self, channel_id: int, message_id: int) -> None:
        self.edits.append((channel_id, message_id, self.time.now))
        if self.failures:
            raise self.failures.pop(0)

    def times(self, card: tuple[int, int] = CARD) -> list[float]:
        return [at for channel, message, at in self.edits if (channel, message) == card]


Editor = tuple[CardEdits, Recorder, FakeTime]
Make = Callable[..., Editor]


@pytest.fixture
async def editor() -> AsyncIterator[Make]:
    """Makes editors on a fake clock (``interval=`` as keyword); each is closed afterwards, so
    no task is left waiting for a time that never comes."""
    made: list[CardEdits] = []

    def make(**kwargs: float) -> Editor:
        time = FakeTime()
        recorder = Recorder(time)
        made.append(CardEdits(recorder, clock=time, sleep=time.sleep, **kwargs))
        return made[-1], recorder, time

    yield make
    for edits in made:
        await edits.close()


async def test_fifty_requests_within_a_second_make_two_edits(editor: Make) -> None:
    edits, recorder, time = editor()
    for _ in range(50):
        edits.schedule(*CARD)
        await time.advance(0.019)
    assert recorder.times() == [0.0]
    await time.advance(0.05)
    await time.advance(5)
    assert recorder.times() == [0.0, 1.0]


async def test_a_request_after_a_quiet_interval_is_sent_at_once(editor: Make) -> None:
    edits, recorder, time = editor(interval=2.0)
    edits.schedule(*CARD)
    await time.advance(2.5)
    edits.schedule(*CARD)
    await settle()
    assert recorder.times() == [0.0, 2.5]


async def test_two_cards_are_edited_independently(editor: Make) -> None:
    edits, recorder, time = editor()
    edits.schedule(*CARD)
    edits.schedule(*OTHER)
    await settle()
    await time.advance(0.5)
    edits.schedule(*CARD)
    await time.advance(0.5)
    await time.advance(1)
    assert recorder.times(CARD) == [0.0, 1.0]
    assert recorder.times(OTHER) == [0.0]


async def test_flush_sends_the_waiting_edits_now(editor: Make) -> None:
    edits, recorder, time = editor()
    edits.schedule(*CARD)
    edits.schedule(*OTHER)
    await settle()
    edits.schedule(*CARD)
    edits.schedule(*OTHER)
    await time.advance(0.1)
    await edits.flush()
    assert recorder.times(CARD) == recorder.times(OTHER) == [0.0, 0.1]
    edits.schedule(*CARD)
    await settle()
    assert recorder.times(CARD) == [0.0, 0.1, 0.1]


async def test_after_close_the_waiting_edit_is_sent_and_requests_ignored(editor: Make) -> None:
    edits, recorder, time = editor()
    edits.schedule(*CARD)
    await settle()
    edits.schedule(*CARD)
    await edits.close()
    edits.schedule(*CARD)
    await time.advance(5)
    assert recorder.times() == [0.0, 0.0]


async def test_a_failed_edit_is_logged_and_later_ones_happen(
        editor: Make, caplog: pytest.LogCaptureFixture) -> None:
    edits, recorder, time = editor()
    recorder.failures.append(RuntimeError("rendering failed"))
    edits.schedule(*CARD)
    await settle()
    edits.schedule(*CARD)
    await time.advance(1)
    assert recorder.times() == [0.0, 1.0]
    (failure,) = [r for r in caplog.records if r.name.endswith("card_edits")]
    assert failure.levelno == logging.ERROR
    assert "could not edit the card 10/100" in failure.getMessage()


async def test_a_refused_edit_is_logged_without_its_url(
        editor: Make, caplog: pytest.LogCaptureFixture) -> None:
    edits, recorder, _ = editor()
    recorder.failures.append(hikari.NotFoundError(
        url="https://discord.com/api/v10/webhooks/1/SECRET-TOKEN/messages/@original",
        headers={}, raw_body=b"", message="Unknown Message", code=10008))
    edits.schedule(*CARD)
    await settle()
    assert "could not edit the card 10/100: NotFoundError Unknown Message" in caplog.text
    assert "SECRET-TOKEN" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


async def test_the_update_of_a_click_does_not_count_toward_the_interval(editor: Make) -> None:
    edits, recorder, time = editor()
    edits.note_updated(*CARD)
    edits.schedule(*CARD)
    await settle()
    await time.advance(0.5)
    edits.note_updated(*CARD)
    edits.schedule(*CARD)
    await time.advance(0.5)
    assert recorder.times() == [0.0, 1.0]


async def test_a_waiting_edit_the_update_already_showed_is_dropped(editor: Make) -> None:
    edits, recorder, time = editor()
    edits.schedule(*CARD, version=1)
    await time.advance(0.2)
    edits.schedule(*CARD, version=2)
    edits.note_updated(*CARD, version=2)
    await time.advance(0.8)
    assert recorder.times() == [0.0]
    await time.advance(0.5)
    edits.schedule(*CARD, version=3)
    await settle()
    assert recorder.times() == [0.0, 1.5]


@pytest.mark.parametrize("later", [3, None], ids=["newer-version", "no-version"])
async def test_a_change_the_update_may_not_show_is_still_sent(
        editor: Make, later: int | None) -> None:
    edits, recorder, time = editor()
    edits.schedule(*CARD, version=1)
    await time.advance(0.2)
    edits.schedule(*CARD, version=later)
    edits.note_updated(*CARD, version=2)
    await time.advance(0.8)
    assert recorder.times() == [0.0, 1.0]


@dataclass
class Staleness:
    """The ``stale`` of a recheck: what it answers, and when it was asked."""

    time: FakeTime
    answer: bool | Exception
    asked: list[float] = field(default_factory=list)

    async def __call__(self) -> bool:
        self.asked.append(self.time.now)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("stale", [True, False], ids=["overtaken", "current"])
async def test_a_recheck_an_interval_after_an_update_edits_only_a_stale_card(
        editor: Make, stale: bool) -> None:
    edits, recorder, time = editor(interval=2.0)
    check = Staleness(time, stale)
    edits.recheck(*CARD, check)
    await time.advance(1.9)
    assert check.asked == []
    assert recorder.times() == []
    await time.advance(0.1)
    assert check.asked == [2.0]
    assert recorder.times() == ([2.0] if stale else [])


async def test_a_recheck_that_fails_is_logged_and_edits_nothing(
        editor: Make, caplog: pytest.LogCaptureFixture) -> None:
    edits, recorder, time = editor()
    edits.recheck(*CARD, Staleness(time, RuntimeError("the database is gone")))
    await time.advance(1)
    assert recorder.times() == []
    assert "could not check the card 10/100" in caplog.text


async def test_closing_makes_the_waiting_rechecks_now_then_takes_none(editor: Make) -> None:
    edits, recorder, time = editor()
    check = Staleness(time, True)
    edits.recheck(*CARD, check)
    await settle()
    await edits.close()
    assert check.asked == [0.0]
    assert recorder.times() == [0.0]
    edits.recheck(*CARD, check)
    await time.advance(5)
    assert check.asked == [0.0]
