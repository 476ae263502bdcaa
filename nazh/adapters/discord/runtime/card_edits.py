"""Coalesced edits of live cards: however many changes land on a card, its message is edited
over REST at most once per interval, showing the newest state.

The first request for a card is sent at once; requests arriving while an edit is waiting for
its turn are merged into it; the next edit goes out one interval after the previous one began.
The update that answers a click on the card (the initial response, MESSAGE_UPDATE) is not a
REST edit and does not count: :meth:`CardEdits.note_updated` only says what it showed, and
:meth:`CardEdits.recheck` asks, one interval later, whether a change kept meanwhile may have
reached the card before that update did (two clicks at once, on two replicas). An edit
that fails is logged (never its URL, which may hold an interaction's token) and the next
request is served as usual. :meth:`CardEdits.flush` sends what is waiting at once (before
shutting down).
"""

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
    """Edits cards' messages, at most one REST edit per card per ``interval`` seconds.

    Args:
        edit: Renders the newest state of the card ``(channel_id, message_id)`` and edits its
            message (e.g. with :meth:`ChannelMessages.edit_card`).
        interval: Seconds between the starts of two edits of one card.
        clock: Monotonic seconds (``time.monotonic``).
        sleep: Waits that many seconds of ``clock`` (``asyncio.sleep``).
    """

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
        """Ask for an edit of the card: sent at once if the card's last edit began an
        interval ago or more, else merged into the one waiting for its turn. ``version``
        (optional) is the state's version the edit must show at least (see
        :meth:`note_updated`). Nothing once closed."""
        if not self._closed:
            self._ask((channel_id, message_id), version)

    def recheck(self, channel_id: int, message_id: int, stale: Stale) -> None:
        """One interval from now (sooner on :meth:`flush`), ask for an edit of the card if
        ``stale()`` says so.

        A click's update reaches Discord when it does: a change kept after it was rendered,
        answered on another replica, may reach the card first, and the older update then
        overwrites it. No check made as the update is sent can see a change kept a moment
        later; one made an interval later can (its read failing is logged). Nothing once
        closed.
        """
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
        """The answer to a click just updated the card, showing the state at ``version``.

        It does not count toward the interval: an edit asked for afterwards is sent no sooner
        than an interval after the last REST edit, as usual. A waiting edit is still sent,
        unless every request merged into it named a version no newer than ``version`` (the
        update showed it already); without a version it is always sent, since a change may
        have landed after the update was rendered.
        """
        card = self._cards.get((channel_id, message_id))
        if card is not None and version is not None:
            card.shown = max(card.shown, version)

    async def flush(self) -> None:
        """Send every waiting edit now, without waiting for its turn (and make the waiting
        rechecks now), and wait for them."""
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
