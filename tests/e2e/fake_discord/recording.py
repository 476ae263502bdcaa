"""What the fake records about REST traffic, and waiting for it."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nazh.application.shared.json_types import JsonValue


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request (``files[n]``)."""

    field_name: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request the bot made, as the fake received and answered it.

    ``path`` is relative to ``/api/v10`` (``/interactions/1/tok/callback``); ``body`` is the parsed
    JSON body, or ``payload_json`` of a multipart request; ``headers`` omit ``Authorization``,
    whose presence is kept in ``authorized``. ``route`` is the spec template, ``handled`` is False
    for routes the fake does not implement (answered 404), ``status``/``response`` what it answered.
    ``received`` is the wall-clock time it arrived (comparable with a snowflake's time).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: JsonValue
    content_type: str
    authorized: bool
    files: list[UploadedFile] = field(default_factory=list)
    route: str | None = None
    handled: bool = True
    status: int = 0
    response: JsonValue = None
    received: float = field(default_factory=time.time)

    def matches(self, method: str, path_regex: str) -> bool:
        """True if the method matches (``"*"`` for any) and ``path_regex`` is found in the path."""
        method_ok = method == "*" or method.upper() == self.method
        return method_ok and re.search(path_regex, self.path) is not None


RequestPredicate = Callable[[RecordedRequest], bool]


class RequestLog:
    """Append-only list of answered requests that tests can wait on."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._waiters: list[tuple[RequestPredicate, asyncio.Future[RecordedRequest]]] = []

    def append(self, request: RecordedRequest) -> None:
        """Record an answered request and wake the waiters it satisfies."""
        self.requests.append(request)
        for predicate, future in list(self._waiters):
            if future.done():
                continue
            try:
                if predicate(request):
                    future.set_result(request)
            except Exception as error:  # a broken predicate fails its waiter, not the server
                future.set_exception(error)

    async def wait_for(self, predicate: RequestPredicate, timeout: float) -> RecordedRequest:
        """Return the first recorded request matching ``predicate``, waiting up to ``timeout`` s."""
        for request in self.requests:
            if predicate(request):
                return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests)
            msg = f"no matching request within {timeout}s; requests so far:\n  {seen or '(none)'}"
            raise TimeoutError(msg) from None
        finally:
            self._waiters.remove(waiter)
