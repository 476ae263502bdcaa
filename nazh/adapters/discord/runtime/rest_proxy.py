"""The shared REST rate-limit proxy, and the way around it while it is down."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, cast

import aiohttp
import hikari

log = logging.getLogger(__name__)

RETRY_SECONDS = 10.0
"""While the proxy is down, one request this often tries it again."""
UNREACHABLE = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)
"""Errors raised before anything of the request was sent: it can go elsewhere unchanged."""


# Replicas share Discord's REST rate limits through a proxy keeping the buckets in Redis
# (NAZH_DISCORD_API_URL). A request that cannot reach it (nothing was sent) goes straight to Discord
# (NAZH_DISCORD_API_FALLBACK_URL), and so do the next, each replica then limited by hikari's own
# buckets; one request every RETRY_SECONDS tries the proxy again. Each change is logged once; ``up``
# and ``direct_requests`` are metrics.
class RestProxy:
    """Where a REST request goes: the proxy while reachable, else Discord (a distinct fallback)."""

    def __init__(self, url: str, fallback: str | None, *, retry_seconds: float = RETRY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url.rstrip("/")
        self._fallback = None if fallback is None else fallback.rstrip("/")
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._retry_at = 0.0
        self.up = True
        """False while requests go straight to Discord."""
        self.direct_requests = 0
        """Requests sent straight to Discord because the proxy could not be reached."""

    @property
    def enabled(self) -> bool:
        """A fallback is set: requests may go around the proxy."""
        return self._fallback is not None and self._fallback != self.url

    @property
    def direct_url(self) -> str:
        """Discord's own URL (the fallback), or the only URL there is."""
        return self._fallback or self.url

    def install(self, rest: hikari.impl.RESTClientImpl) -> None:
        """Route the started ``rest`` client's requests through this (nothing when disabled)."""
        if not self.enabled:
            return
        session = rest._client_session  # hikari builds it, and takes no other
        if session is not None and not isinstance(session, _RoutedSession):
            rest._client_session = cast("aiohttp.ClientSession",
                                        _RoutedSession(self, session))

    def target(self, url: str) -> str:
        """The URL ``url`` (one under the proxy's) is sent to now."""
        if self.up or not url.startswith(self.url):
            return url
        now = self._clock()
        if now >= self._retry_at:  # this one request tries the proxy again
            self._retry_at = now + self._retry_seconds
            return url
        return self.direct(url)

    def direct(self, url: str) -> str:
        """``url`` under Discord's own URL instead of the proxy's."""
        self.direct_requests += 1
        return self.direct_url + url[len(self.url):]

    def lost(self, error: BaseException) -> None:
        """A request could not reach the proxy."""
        self._retry_at = self._clock() + self._retry_seconds
        if self.up:
            self.up = False
            log.warning("the Discord REST proxy at %s cannot be reached (%s): REST requests go "
                        "straight to %s, rate-limited by this process alone, until it answers "
                        "again", self.url, type(error).__name__, self.direct_url)

    def reached(self) -> None:
        """A request reached the proxy."""
        if not self.up:
            self.up = True
            log.warning("the Discord REST proxy at %s answers again: REST requests go through "
                        "it", self.url)


class _RoutedSession:
    """hikari's aiohttp session, each request sent where :class:`RestProxy` says."""

    def __init__(self, proxy: RestProxy, session: aiohttp.ClientSession) -> None:
        self._proxy = proxy
        self._session = session

    def request(self, method: str, url: str, **kwargs: Any) -> _RoutedRequest:
        return _RoutedRequest(self._proxy, self._session, method, str(url), kwargs)

    @property
    def closed(self) -> bool:
        return self._session.closed

    async def close(self) -> None:
        await self._session.close()


class _RoutedRequest:
    """One request as hikari enters it (``async with session.request(...)``)."""

    def __init__(self, proxy: RestProxy, session: aiohttp.ClientSession, method: str,
                 url: str, kwargs: dict[str, Any]) -> None:
        self._proxy = proxy
        self._session = session
        self._method = method
        self._url = url
        self._kwargs = kwargs
        self._response: aiohttp.ClientResponse | None = None

    async def __aenter__(self) -> aiohttp.ClientResponse:
        target = self._proxy.target(self._url)
        through_proxy = target == self._url and self._url.startswith(self._proxy.url)
        try:
            self._response = await self._send(target)
        except UNREACHABLE as error:
            if not through_proxy:
                raise
            self._proxy.lost(error)
            self._response = await self._send(self._proxy.direct(self._url))
            return self._response
        if through_proxy:
            self._proxy.reached()
        return self._response

    async def _send(self, url: str) -> aiohttp.ClientResponse:
        return await self._session.request(self._method, url, **self._kwargs)

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        if self._response is not None:
            self._response.release()
            await self._response.wait_for_close()
