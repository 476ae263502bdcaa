"""A click on a roll not in the shared log yet (another replica made it a moment ago): wait."""

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
    """For the block's interaction: its message was last shown (posted, edited) at ``shown_at``."""

    # A class, not a generator: every interaction passes here, and this costs a third (0.4 µs).
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
    """How long a click waits for a fresh roll to reach the roll log."""

    recent: float = 60.0  # a message this recent may show a roll on its way to the log
    patience: float = 1.5  # under the 2 s deferral: a refusal stays a plain private reply
    first: float = 0.05  # the first pause; each next doubles, cut to what is left

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
    """Whether a roll clicked now may still be on its way: a well-formed id, a recent message."""
    at = shown_at()
    if at is None or not well_formed_roll_id(roll_id):
        return False
    return clock.now().timestamp() - at < arrival.recent


async def arrived(get: Callable[[str], Awaitable[RollRecord | None]], roll_id: str,
                  clock: Clock, arrival: Arrival | None,
                  sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> RollRecord | None:
    """The roll ``get`` finds, looked for again while it may still be on its way to the log."""
    record = await get(roll_id)
    if record is not None or arrival is None or not fresh(roll_id, clock, arrival):
        return record
    for pause in arrival.pauses():
        await sleep(pause)
        record = await get(roll_id)
        if record is not None:
            return record
    raise not_logged_yet()
