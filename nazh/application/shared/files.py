"""A file from outside, as messages name it: its label, and the error for one too large to read."""

from __future__ import annotations

from nazh.domain.errors import NazhError, printable

MAX_SHOWN_FILENAME = 60


def file_label(filename: str | None) -> str:
    """``file "rolls.json"`` (shortened, control characters escaped), or ``the file``."""
    if not filename:
        return "the file"
    shown = printable(filename)
    if len(shown) > MAX_SHOWN_FILENAME:
        shown = shown[:MAX_SHOWN_FILENAME - 1] + "…"
    return f'file "{shown}"'


def kib(size: int) -> str:
    """``size`` bytes in KiB, rounded up (a byte over 256 KiB shows as 257 KiB)."""
    return f"{-(-size // 1024)} KiB"


class FileTooLargeError(NazhError):
    """A file is over the limit of what is read of it (``size`` ``None``: the download was cut)."""

    def __init__(self, filename: str | None, limit: int, size: int | None = None,
                 hint: str | None = None) -> None:
        self.filename = filename
        self.limit = limit
        self.size = size
        shown = "" if size is None else f" ({kib(size)})"
        super().__init__(f"{file_label(filename)}{shown} is over the {kib(limit)} limit",
                         hint=hint)
