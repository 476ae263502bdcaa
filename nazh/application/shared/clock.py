"""The clock port every feature uses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    pass


class Clock(Protocol):
    """The current time (UTC, timezone-aware)."""

    def now(self) -> datetime:
        ...
