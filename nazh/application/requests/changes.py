"""The one path every change to a request takes: read, apply, compare-and-swap, retried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.application.requests.ports import RequestStore
from nazh.application.shared.clock import Clock
from nazh.domain.errors import NazhError
from nazh.domain.request import Request

ATTEMPTS = 8


class RequestNotFoundError(NazhError):
    """No request has the id."""

    def __init__(self) -> None:
        super().__init__("this request is not kept any more",
                         hint="the GM can ask again with /request")


class RequestBusyError(NazhError):
    """Too many changes at once: this one lost every race."""

    def __init__(self) -> None:
        super().__init__("the request changed too often at once to keep your change",
                         hint="try again")


@dataclass(frozen=True, slots=True)
class Kept:
    """A change kept, or found kept already (``repeated``: its once key was)."""

    record: RequestRecord
    repeated: bool = False


Act = Callable[[Request], Request]
"""A change of the request (raises to refuse)."""


class RequestChanges:
    def __init__(self, store: RequestStore, clock: Clock, *, attempts: int = ATTEMPTS) -> None:
        self._store = store
        self.clock = clock
        self._attempts = attempts

    async def get(self, request_id: str) -> RequestRecord:
        record = await self._store.get(request_id)
        if record is None:
            raise RequestNotFoundError()
        return record

    async def change(self, request_id: str, user_id: int, act: Act, kind: str,  # noqa: PLR0913 - the change and its entry
                     detail: str = "", *, once: str | None = None,
                     card_message_id: int | None = None) -> Kept:
        """``act`` applied to the newest version of the request and kept with its log entry."""
        for _ in range(self._attempts):
            record = await self.get(request_id)
            now = self.clock.now()
            kept = replace(record, request=act(record.request), version=record.version + 1,
                           updated_at=now, card_message_id=card_message_id
                           if card_message_id is not None else record.card_message_id)
            entry = RequestEntry(request_id, user_id, now, kind, detail)
            if await self._store.update(kept, (entry,), once=once):
                return Kept(kept)
            if once is not None and await self._store.done(once):
                return Kept(await self.get(request_id), repeated=True)
        raise RequestBusyError()
