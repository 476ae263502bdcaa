"""Downloading a file a user attached to a command, safely (allowed origins, bounded size)."""

from __future__ import annotations

from collections.abc import Sequence

import aiohttp
import hikari
import yarl

from nazh.application.saved.attachments import (
    DISCORD_ATTACHMENT_HOSTS,
    FileUnavailableError,
    Origin,
    is_allowed,
    parse_origins,
)
from nazh.application.shared.files import FileTooLargeError

CHUNK_BYTES = 64 * 1024
TIMEOUT_SECONDS = 15.0
CONNECT_TIMEOUT_SECONDS = 5.0


class AttachmentReader:
    """Reads attached files from the allowed origins, up to a limit."""

    def __init__(self, origins: Sequence[Origin] | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        """Fetch from ``origins`` (by default Discord's attachment hosts, over HTTPS)."""
        self._origins = frozenset(origins if origins is not None
                                  else parse_origins(DISCORD_ATTACHMENT_HOSTS))
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=min(
            timeout, CONNECT_TIMEOUT_SECONDS))

    async def read(self, attachment: hikari.Attachment, limit: int,
                   hint: str | None = None) -> bytes:
        """The file's content; too large (``hint`` says what to do) or unavailable raise."""
        return await self.fetch(attachment.url, attachment.filename, attachment.size, limit,
                                hint)

    async def fetch(self, url: str, filename: str, claimed_size: int, limit: int,
                    hint: str | None = None) -> bytes:
        """The content at ``url`` of the file ``filename`` that claims ``claimed_size`` bytes."""
        if claimed_size > limit:
            raise FileTooLargeError(filename, limit, claimed_size, hint)
        # The interaction names the URL: fetched only from an allowed origin (Discord's attachment
        # hosts over HTTPS unless NAZH_ATTACHMENT_HOSTS says otherwise), no redirect followed.
        target = self._allowed(url)
        if target is None:
            raise FileUnavailableError(filename, "it is not on Discord's attachment hosts")
        try:
            async with aiohttp.ClientSession(timeout=self._timeout,
                                             auto_decompress=False) as session:
                return await self._download(session, target, filename, limit, hint)
        except (aiohttp.ClientError, TimeoutError) as error:
            why = "the download timed out" if isinstance(error, TimeoutError) else \
                f"the download failed ({type(error).__name__})"
            raise FileUnavailableError(filename, why) from None

    def _allowed(self, url: str) -> yarl.URL | None:
        """The URL if on an allowed origin as both the standard library and aiohttp read it."""
        if not is_allowed(url, self._origins):
            return None
        try:
            target = yarl.URL(url)
        except ValueError:
            return None
        seen = Origin(target.scheme, target.host or "", target.port or 0)
        return target if seen in self._origins and target.user is None else None

    async def _download(self, session: aiohttp.ClientSession, url: yarl.URL, filename: str,
                        limit: int, hint: str | None) -> bytes:
        """The body in chunks, cut off past the limit (compressed bodies asked for as they are)."""
        headers = {"Accept-Encoding": "identity"}
        async with session.get(url, allow_redirects=False, headers=headers) as response:
            if response.status != 200:
                raise FileUnavailableError(filename, f"the host answered HTTP {response.status}")
            declared = response.content_length
            if declared is not None and declared > limit:
                response.close()
                raise FileTooLargeError(filename, limit, declared, hint)
            body = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK_BYTES):
                body += chunk
                if len(body) > limit:
                    response.close()
                    raise FileTooLargeError(filename, limit, None, hint)
            return bytes(body)
