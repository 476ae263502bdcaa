"""Coalesced edits of live cards: at most one REST edit per card per interval, the newest state."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import hikari

log = logging.getLogger(__name__)

Stale = Callable[[], Awaitable[bool]]
"""Whether the card may show less than its newest state (``recheck``)."""
Edit = Callable[[int, int], Awaitable[None]]
"""Renders a card's newest state and edits its message: ``edit(channel_id, message_id)``."""
Key = tuple[int, int]


@dataclass(slots=True)
class _Card:
    """One card's turn: when its last REST edit began, what is asked and what was shown."""

    started: float
    pending: bool = False
    unversioned: bool = False
    wanted: int = 0
    shown: int = 0
    task: asyncio.Task[None] | None = None

    def ask(self, version: int | None) -> None:
        self.pending = True
        if version is None:
            self.unversioned = True
        else:
            self.wanted = max(self.wanted, version)

    def needed(self) -> bool:
        """Whether what is asked is not on the card yet (unknown without a version)."""
        return self.pending and (self.unversioned or self.wanted > self.shown)


class CardEdits:
    """Edits cards' messages (``edit(channel_id, message_id)``), at most once per ``interval``."""

    def __init__(self, edit: Edit, *, interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self._edit = edit
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._cards: dict[Key, _Card] = {}
        self._rechecks: set[asyncio.Task[None]] = set()
        self._hurry = asyncio.Event()
        self._flushes = 0
        self._closed = False

    def schedule(self, channel_id: int, message_id: int, *,
                 version: int | None = None) -> None:
        """Ask for an edit: now if due, else merged into the waiting one (``version``: at least)."""
        if not self._closed:
            self._ask((channel_id, message_id), version)

    def recheck(self, channel_id: int, message_id: int, stale: Stale) -> None:
        """In an interval (sooner on :meth:`flush`), ask for an edit if ``stale()`` says so."""
        # A click's update reaches Discord when it does: a change kept on another replica after it
        # was rendered may land first and be overwritten. Only a check made an interval later can
        # see it.
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(
            self._recheck((channel_id, message_id), stale),
            name=f"card recheck {channel_id}/{message_id}")
        self._rechecks.add(task)
        task.add_done_callback(self._rechecks.discard)

    def _ask(self, key: Key, version: int | None) -> None:
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = _Card(started=self._clock())
            card.ask(version)
            card.task = asyncio.get_running_loop().create_task(
                self._run(key, card), name=f"card edits {key[0]}/{key[1]}")
        else:
            card.ask(version)

    def note_updated(self, channel_id: int, message_id: int, *,
                     version: int | None = None) -> None:
        """A click's answer updated the card to ``version`` (not a REST edit: no turn taken)."""
        # A waiting edit is still sent unless every request merged into it named no newer version;
        # an unversioned one always is (a change may have landed after the update was rendered).
        card = self._cards.get((channel_id, message_id))
        if card is not None and version is not None:
            card.shown = max(card.shown, version)

    async def flush(self) -> None:
        """Send every waiting edit and recheck now, not waiting for their turn; wait for them."""
        self._flushes += 1
        self._hurry.set()
        try:
            while tasks := [*self._rechecks,
                            *(card.task for card in self._cards.values() if card.task)]:
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self._flushes -= 1
            if not self._flushes:
                self._hurry.clear()

    async def close(self) -> None:
        """Take no more requests and send the waiting edits (:meth:`flush`)."""
        self._closed = True
        await self.flush()

    async def _run(self, key: Key, card: _Card) -> None:
        """Serve the card's requests, one edit per turn, until a turn passes with none."""
        try:
            while card.pending:
                if card.needed():
                    card.started = self._clock()
                    card.shown = max(card.shown, card.wanted)
                    card.pending = card.unversioned = False
                    await self._send(key)
                card.pending = card.needed()
                await self._wait(card.started + self._interval - self._clock())
        finally:
            del self._cards[key]

    async def _recheck(self, key: Key, stale: Stale) -> None:
        await self._wait(self._interval)
        try:
            needed = await stale()
        except Exception:
            log.exception("could not check the card %s/%s", *key)
            return
        if needed:
            self._ask(key, None)

    async def _send(self, key: Key) -> None:
        try:
            await self._edit(*key)
        except hikari.HTTPError as error:  # its text holds the URL: an interaction's token
            log.warning("could not edit the card %s/%s: %s %s", *key, type(error).__name__,
                        error.message)
        except Exception:
            log.exception("could not edit the card %s/%s", *key)

    async def _wait(self, seconds: float) -> None:
        """Wait ``seconds``, or less when :meth:`flush` hurries."""
        if seconds <= 0 or self._hurry.is_set():
            return
        sleeping = asyncio.ensure_future(self._sleep(seconds))
        hurrying = asyncio.ensure_future(self._hurry.wait())
        try:
            await asyncio.wait({sleeping, hurrying}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            hurrying.cancel()
