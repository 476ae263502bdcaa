"""The roll log's format error, shared by the format and the codecs of a roll's terms."""

from __future__ import annotations

from nazh.domain.errors import NazhError


class LogFormatError(NazhError):
    """A record's stored result cannot be read (it is malformed, or was altered)."""
