"""Checkpoints POSTed as JSON lines to ``NAZH_CHECKPOINT_URL``; any 2xx answer takes them."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import aiohttp

from nazh.application.checkpoints.mirrors import MirrorUnavailableError
from nazh.application.checkpoints.signed import SignedCheckpoint

TIMEOUT_SECONDS = 10.0
NDJSON = "application/x-ndjson"


class UrlCheckpointMirror:
    """POSTs checkpoints to one URL, optionally with a bearer token."""

    name = "url"

    def __init__(self, url: str, token: str | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._url = url
        # The URL may hold a token: only its host is ever shown.
        self._host = urlsplit(url).hostname or "the checkpoint URL"
        self._headers = {"Content-Type": NDJSON, "User-Agent": "Nazh checkpoints"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """POST them as JSON lines; :class:`MirrorUnavailableError` without a 2xx answer."""
        body = "".join(checkpoint.line() + "\n" for checkpoint in checkpoints).encode()
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session, \
                    session.post(self._url, data=body, headers=self._headers) as response:
                if not 200 <= response.status < 300:
                    raise MirrorUnavailableError(
                        f"{self._host} answered HTTP {response.status}")
        except (aiohttp.ClientError, TimeoutError) as error:
            raise MirrorUnavailableError(
                f"{self._host} unreachable: {type(error).__name__}") from None
