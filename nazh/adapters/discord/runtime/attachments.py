"""Downloading a file a user attached to a command, safely.

The interaction names the file's URL, so it is fetched only from an allowed origin (Discord's
attachment hosts over HTTPS unless ``NAZH_ATTACHMENT_HOSTS`` says otherwise), redirects are not
followed, and no more than the limit is read: a file whose claimed size or ``Content-Length``
is over it is refused before its body is read, and a body that goes on past the limit is cut
off as soon as more than the limit has arrived.
"""

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
        """The file's content.

        Raises:
            FileTooLargeError: it claims, or turns out, to be over ``limit`` bytes (``hint``
                says what to do).
            FileUnavailableError: it is not on an allowed origin, or could not be downloaded.
        """
        return await self.fetch(attachment.url, attachment.filename, attachment.size, limit,
                                hint)

    async def fetch(self, url: str, filename: str, claimed_size: int, limit: int,
                    hint: str | None = None) -> bytes:
        """The content at ``url`` of the file ``filename`` that claims ``claimed_size`` bytes.

        Raises:
            FileTooLargeError, FileUnavailableError: as :meth:`read`.
        """
        if claimed_size > limit:
            raise FileTooLargeError(filename, limit, claimed_size, hint)
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
        """The URL to request, if it is on an allowed origin as read both by the standard
        library and by the HTTP client (they could differ on a malformed URL)."""
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
        """The body, read in chunks; the connection is closed as soon as the limit is
        passed (compressed bodies are not unpacked: the file is asked for as it is)."""
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
