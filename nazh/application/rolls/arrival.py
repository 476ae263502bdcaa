"""A click on a roll that is not in the roll log yet: wait for it briefly, then say so.

A roll is answered once it is safe in its process's journal; it reaches the shared roll log a
moment later (:mod:`nazh.application.log.writer`). Another process (a replica behind the same
load balancer) finds the roll only there, so a click it gets in that moment finds nothing.
Refusing such a click as an expired roll would be wrong: the roll is fresh.

The front end tells when the clicked message was last shown (:class:`ClickedMessage`: when it
was posted or last edited). A roll whose id is well formed, clicked on a message shown within
:attr:`Arrival.recent` seconds, is looked for again with backoff for up to
:attr:`Arrival.patience` seconds (an answer slower than 2 s is deferred, as any slow answer
is); if it is still not there, the refusal says that it is not in the log yet, not that it
expired. A roll clicked on an older message, or with no message, is refused at once, and so is
any roll where no other process shares the roll log (SQLite, or memory: a roll this process
does not have is not coming).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from nazh.application.rolls.errors import RollNotFoundError
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import well_formed_roll_id

if TYPE_CHECKING:
    from nazh.application.rolls.model import RollRecord

T = TypeVar("T")

_SHOWN_AT: ContextVar[float | None] = ContextVar("nazh_clicked_message_shown_at", default=None)


class ClickedMessage:
    """For the interaction handled in the block: its message was last shown (posted or
    edited) at ``shown_at`` seconds since the epoch (``None``: no message, e.g. a command).

    A class rather than a generator: every interaction passes here, and this costs it a
    third as much (about 0.4 µs).
    """

    __slots__ = ("_at", "_token")
    _token: Token[float | None]

    def __init__(self, shown_at: float | None) -> None:
        self._at = shown_at

    def __enter__(self) -> None:
        self._token = _SHOWN_AT.set(self._at)

    def __exit__(self, *_: object) -> None:
        _SHOWN_AT.reset(self._token)


def shown_at() -> float | None:
    """When the clicked message was last shown (see :class:`ClickedMessage`)."""
    return _SHOWN_AT.get()


@dataclass(frozen=True, slots=True)
class Arrival:
    """How long a click waits for a fresh roll to reach the roll log.

    ``recent``: a message shown less than this many seconds ago may show a roll still on its
    way to the log (a healthy log takes a fraction of a second; a minute covers a database
    that is slow or briefly away, while the writer retries). ``patience``: the longest wait,
    in seconds: short of the 2 s after which a slow answer is deferred, so that a refusal is
    still a plain private reply (a slow read is covered by the deferral all the same, well
    within Discord's 3 s). ``first``: the first pause; each next one doubles, the last cut to
    the patience left.
    """

    recent: float = 60.0
    patience: float = 1.5
    first: float = 0.05

    def pauses(self) -> Iterator[float]:
        """The pauses between looks, adding up to :attr:`patience`."""
        left, pause = self.patience, self.first
        while left > 0 and pause > 0:
            step = min(pause, left)
            yield step
            left -= step
            pause *= 2


class RollNotLoggedYetError(RollNotFoundError):
    """A fresh roll is not in the roll log yet (another process made it a moment ago)."""


def not_logged_yet() -> RollNotLoggedYetError:
    """The refusal of a fresh roll that has not reached the log within the wait."""
    return RollNotLoggedYetError("this roll is not in the log yet",
                                 hint="try again in a moment")


def fresh(roll_id: str, clock: Clock, arrival: Arrival) -> bool:
    """Whether a roll clicked now may still be on its way to the log: its id is well formed
    and the clicked message was shown within :attr:`Arrival.recent` seconds."""
    at = shown_at()
    if at is None or not well_formed_roll_id(roll_id):
        return False
    return clock.now().timestamp() - at < arrival.recent


async def arrived(get: Callable[[str], Awaitable[RollRecord | None]], roll_id: str,
                  clock: Clock, arrival: Arrival | None,
                  sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> RollRecord | None:
    """The roll ``get`` finds, looked for again while it may still be on its way (never
    without ``arrival``); ``None`` when it is not (an unknown or old roll, answered at once).

    Raises:
        RollNotLoggedYetError: a fresh roll did not arrive within :attr:`Arrival.patience`.
    """
    record = await get(roll_id)
    if record is not None or arrival is None or not fresh(roll_id, clock, arrival):
        return record
    for pause in arrival.pauses():
        await sleep(pause)
        record = await get(roll_id)
        if record is not None:
            return record
    raise not_logged_yet()
