"""Reading a kept document (an encounter, a request, an endeavor) back from its row."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

D = TypeVar("D")


def read_kept(read: Callable[[], D], refusal: type[ValueError], what: str) -> D:
    """``read()``, a ``refusal`` it raises raised again naming the document (``what``)."""
    try:
        return read()
    except refusal as error:
        raise refusal(f"the kept {what} cannot be read: {error}") from None
