"""Files users attach to a command: where they may be fetched from, and the errors about them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from nazh.application.shared.files import file_label
from nazh.domain.errors import NazhError, printable

# Only from an allowed origin (by default Discord's hosts over HTTPS): an interaction names the URL,
# so a forged or replayed one could otherwise make the bot fetch any address it reaches.
DISCORD_ATTACHMENT_HOSTS = ("cdn.discordapp.com", "media.discordapp.net")
DEFAULT_PORTS = {"https": 443, "http": 80}
HOST_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.:")
"""A host name or an IP address (IPv6 without its brackets)."""


class OriginError(ValueError):
    """An allowed origin that is not a host name or an ``http(s)://HOST[:PORT]`` URL."""


@dataclass(frozen=True, slots=True)
class Origin:
    """A scheme, host and port files may be fetched from."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def parse_origin(entry: str) -> Origin:
    """An origin from a bare host name (HTTPS) or ``http(s)://HOST[:PORT]``, else OriginError."""
    text = entry.strip()
    url = text if "://" in text else f"https://{text}"
    origin = origin_of(url)
    parts = urlsplit(url)
    if (origin is None or not set(origin.host) <= HOST_CHARACTERS
            or parts.path not in ("", "/") or parts.query or parts.fragment):
        msg = (f"expected a host name (HTTPS) or http(s)://HOST[:PORT], got "
               f"{printable(text[:60])!r}")
        raise OriginError(msg)
    return origin


def parse_origins(entries: Iterable[str]) -> tuple[Origin, ...]:
    """Each entry's origin, blank entries skipped (OriginError: a bad one, or none at all)."""
    origins = tuple(parse_origin(entry) for entry in entries if entry.strip())
    if not origins:
        msg = "names no host"
        raise OriginError(msg)
    return origins


def origin_of(url: str) -> Origin | None:
    """The origin of an ``http(s)`` URL (``None``: another URL, a user or password, a bad port)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return Origin(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme])


def is_allowed(url: str, origins: Iterable[Origin]) -> bool:
    """Whether ``url`` is on one of ``origins`` (same scheme, host and port)."""
    origin = origin_of(url)
    return origin is not None and origin in set(origins)


class FileUnavailableError(NazhError):
    """A file cannot be fetched: not on an allowed origin, or the host did not serve it."""

    def __init__(self, filename: str | None, why: str) -> None:
        self.filename = filename
        super().__init__(f"{file_label(filename)} cannot be fetched: {why}",
                         hint="attach the file to the command again")
